package io.tally.store.state;

import java.util.List;

/**
 * Exactly-once client sessions stored as state (family {@link Family#SESSIONS}), with the rules of the Raft
 * core's {@code io.tally.raft.session.SessionTable}: sessions expire when idle for more than
 * {@code sessionTimeoutMs} of LOG time, a first command is sequence 1, a retry of the last sequence gets the
 * remembered response, an older one is stale, and above {@code sessionsMax} the least recently active session
 * (ties: lowest client id) is evicted. Unlike SessionTable, which keeps the table in memory and serialises it
 * whole into snapshots, every change here is a write committed with the entry that caused it: one key per
 * session plus an index by last-active time, so expiry and eviction cost O(sessions removed), and the sessions
 * are in the store (and in its checkpoints) exactly up to the applied index. Works on one entry's
 * {@link WriteBuffer}; apply thread only.
 */
final class Sessions {
    private static final byte[] BY_TIME_PREFIX = {Keys.SESSION_BY_TIME};
    private static final int PAGE = 256;

    private final WriteBuffer buf;
    private final long sessionTimeoutMs;
    private final int sessionsMax;

    Sessions(WriteBuffer buf, long sessionTimeoutMs, int sessionsMax) {
        this.buf = buf;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.sessionsMax = sessionsMax;
    }

    /**
     * Removes every session idle for more than the timeout at {@code logTimeMs}. Looks at the oldest session
     * first (one key, the usual case: nothing expires), then pages through the expired ones.
     */
    void expire(long logTimeMs) {
        int page = 1;
        while (true) {
            List<KeyValue> oldest = buf.scan(Family.SESSIONS, BY_TIME_PREFIX, null, page);
            for (KeyValue kv : oldest) {
                long active = Keys.timeOfSessionByTime(kv.key());
                if (logTimeMs - active <= sessionTimeoutMs) {
                    return;
                }
                remove(Keys.clientIdOfSessionByTime(kv.key()), active);
            }
            if (oldest.size() < page) {
                return;
            }
            page = PAGE;
        }
    }

    Records.SessionRecord get(long clientId) {
        byte[] v = buf.get(Family.SESSIONS, Keys.session(clientId));
        return v == null ? null : Records.session(v);
    }

    /** Marks a duplicate's session active at {@code logTimeMs}, keeping its sequence and response. */
    void touch(long clientId, Records.SessionRecord s, long logTimeMs) {
        buf.delete(Family.SESSIONS, Keys.sessionByTime(s.lastActiveMs(), clientId));
        write(clientId, new Records.SessionRecord(s.lastSequence(), logTimeMs, s.response()));
    }

    /** Records {@code response} as the answer to {@code sequence}; {@code previous} is the session or null. */
    void record(long clientId, Records.SessionRecord previous, long sequence, byte[] response, long logTimeMs) {
        if (previous == null) {
            setCount(count() + 1);
        } else {
            buf.delete(Family.SESSIONS, Keys.sessionByTime(previous.lastActiveMs(), clientId));
        }
        write(clientId, new Records.SessionRecord(sequence, logTimeMs, response));
        while (count() > sessionsMax) {
            List<KeyValue> first = buf.scan(Family.SESSIONS, BY_TIME_PREFIX, null, 1);
            if (first.isEmpty()) {
                throw new IllegalStateException("corrupt state: " + count() + " sessions counted but the expiry index is empty");
            }
            KeyValue oldest = first.get(0);
            remove(Keys.clientIdOfSessionByTime(oldest.key()), Keys.timeOfSessionByTime(oldest.key()));
        }
    }

    long count() {
        byte[] v = buf.get(Family.SESSIONS, Keys.SESSION_COUNT_KEY);
        return v == null ? 0 : Records.count(v);
    }

    private void write(long clientId, Records.SessionRecord s) {
        buf.put(Family.SESSIONS, Keys.session(clientId), Records.session(s));
        buf.put(Family.SESSIONS, Keys.sessionByTime(s.lastActiveMs(), clientId), new byte[0]);
    }

    private void remove(long clientId, long activeMs) {
        if (buf.get(Family.SESSIONS, Keys.session(clientId)) == null) {
            throw new IllegalStateException("corrupt state: session index names client " + clientId + " active at "
                    + activeMs + " but the session is missing");
        }
        buf.delete(Family.SESSIONS, Keys.session(clientId));
        buf.delete(Family.SESSIONS, Keys.sessionByTime(activeMs, clientId));
        long n = count();
        if (n < 1) {
            throw new IllegalStateException("corrupt state: removing session " + clientId + " but the session count is " + n);
        }
        setCount(n - 1);
    }

    private void setCount(long n) {
        if (n == 0) {
            buf.delete(Family.SESSIONS, Keys.SESSION_COUNT_KEY);
        } else {
            buf.put(Family.SESSIONS, Keys.SESSION_COUNT_KEY, Records.count(n));
        }
    }
}
