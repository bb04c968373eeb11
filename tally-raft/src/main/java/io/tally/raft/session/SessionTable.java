package io.tally.raft.session;

import io.tally.raft.Entry;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Client sessions for exactly-once commands (Raft dissertation §6.3), embedded in the application's state machine.
 *
 * <p>For every committed NORMAL entry with a session ({@code clientId != 0}) the state machine calls
 * {@link #apply(Entry, Function)}: a new sequence number is applied once and its response remembered; a retry of the
 * last sequence number returns the remembered response without applying again. Sessions are created by a client's
 * first command (sequence 1) and expire deterministically by LOG time: an entry's {@code logTimeMs} (stamped by the
 * leader, monotone along the log) removes every session idle for more than {@code sessionTimeoutMs}. A command with
 * sequence > 1 for an unknown (expired) session is answered {@link Outcome.Expired} and not applied — the client
 * must open a new session. When more than {@code maxSessions} are active the least recently active is evicted (ties:
 * lowest client id). The table is part of the application snapshot ({@link #encode()} / {@link #decode}).
 *
 * <p>Not thread-safe: called by the apply thread only. Iteration orders are sorted, so every replica evolves
 * identically.
 */
public final class SessionTable {

    /** Result of presenting a command to the table. */
    public sealed interface Outcome {
        /** Applied now (first time); {@code response} is the state machine's answer. */
        record Applied(byte[] response) implements Outcome {
        }

        /** A retry of the last applied sequence: the first response, not applied again. */
        record Duplicate(byte[] response) implements Outcome {
        }

        /** Older than the client's last sequence: its response was discarded; not applied. */
        record Stale(long lastSequence) implements Outcome {
        }

        /** Unknown session and not a first command (sequence > 1): the session expired; not applied. */
        record Expired() implements Outcome {
        }
    }

    private record Session(long lastSequence, byte[] lastResponse, long lastActiveMs) {
    }

    private final long sessionTimeoutMs;
    private final int maxSessions;
    private final TreeMap<Long, Session> sessions = new TreeMap<>();

    /**
     * @param sessionTimeoutMs idle log time after which a session expires (must exceed the client's retry horizon)
     * @param maxSessions      bound on the table size
     */
    public SessionTable(long sessionTimeoutMs, int maxSessions) {
        if (sessionTimeoutMs < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("expected sessionTimeoutMs >= 1 and maxSessions >= 1, got "
                    + sessionTimeoutMs + ", " + maxSessions);
        }
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.maxSessions = maxSessions;
    }

    /**
     * Applies one committed entry exactly once. Entries without a session are applied unconditionally.
     *
     * @param entry        the committed entry (its logTimeMs drives expiry)
     * @param stateMachine applies the command bytes and returns the response bytes
     */
    public Outcome apply(Entry entry, Function<byte[], byte[]> stateMachine) {
        expire(entry.logTimeMs());
        if (!entry.hasSession()) {
            return new Outcome.Applied(stateMachine.apply(entry.data()));
        }
        Session s = sessions.get(entry.clientId());
        long seq = entry.sequence();
        if (s == null) {
            if (seq != 1) {
                return new Outcome.Expired();
            }
        } else if (seq == s.lastSequence()) {
            sessions.put(entry.clientId(), new Session(seq, s.lastResponse(), entry.logTimeMs()));
            return new Outcome.Duplicate(s.lastResponse());
        } else if (seq < s.lastSequence()) {
            return new Outcome.Stale(s.lastSequence());
        }
        byte[] response = stateMachine.apply(entry.data());
        sessions.put(entry.clientId(), new Session(seq, response, entry.logTimeMs()));
        evictOverflow();
        return new Outcome.Applied(response);
    }

    /** Removes every session idle for more than the timeout at log time {@code logTimeMs}. */
    public void expire(long logTimeMs) {
        Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            if (logTimeMs - it.next().getValue().lastActiveMs() > sessionTimeoutMs) {
                it.remove();
            }
        }
    }

    private void evictOverflow() {
        while (sessions.size() > maxSessions) {
            long victim = 0;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<Long, Session> e : sessions.entrySet()) {
                if (e.getValue().lastActiveMs() < oldest) {
                    oldest = e.getValue().lastActiveMs();
                    victim = e.getKey();
                }
            }
            sessions.remove(victim);
        }
    }

    /** Number of live sessions. */
    public int size() {
        return sessions.size();
    }

    /** True if {@code clientId} has a live session. */
    public boolean hasSession(long clientId) {
        return sessions.containsKey(clientId);
    }

    /** Deterministic binary form for the application's snapshot. */
    public byte[] encode() {
        int size = 4;
        for (Session s : sessions.values()) {
            size += 8 + 8 + 8 + 4 + s.lastResponse().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(sessions.size());
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            Session s = e.getValue();
            buf.putLong(e.getKey()).putLong(s.lastSequence()).putLong(s.lastActiveMs())
                    .putInt(s.lastResponse().length).put(s.lastResponse());
        }
        return buf.array();
    }

    /** Inverse of {@link #encode()}; rejects malformed input with IllegalArgumentException. */
    public static SessionTable decode(byte[] bytes, long sessionTimeoutMs, int maxSessions) {
        SessionTable t = new SessionTable(sessionTimeoutMs, maxSessions);
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            int n = buf.getInt();
            if (n < 0 || n > maxSessions) {
                throw new IllegalArgumentException("expected a session count in [0, " + maxSessions + "], got " + n);
            }
            for (int i = 0; i < n; i++) {
                long client = buf.getLong();
                long seq = buf.getLong();
                long active = buf.getLong();
                int len = buf.getInt();
                if (len < 0 || len > buf.remaining()) {
                    throw new IllegalArgumentException("expected a response length <= " + buf.remaining() + ", got " + len);
                }
                byte[] resp = new byte[len];
                buf.get(resp);
                t.sessions.put(client, new Session(seq, resp, active));
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("expected end of session table, " + buf.remaining() + " bytes left");
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated session table of " + bytes.length + " bytes", e);
        }
        return t;
    }
}
