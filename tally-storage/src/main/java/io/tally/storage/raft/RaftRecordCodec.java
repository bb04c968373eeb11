package io.tally.storage.raft;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.HardState;
import io.tally.storage.wal.WalCorruptionException;
import io.tally.storage.wal.WalRecord;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes Raft entries and hard states as WAL payloads (big-endian).
 * <pre>
 *   entry data  = u8 type | i64 clientId | i64 sequence | i64 logTimeMs | command bytes
 *   hard state  = i64 term | i64 commitIndex | i32 voteLength (-1 = no vote) | vote UTF-8
 * </pre>
 * Pure and thread-safe.
 */
public final class RaftRecordCodec {

    static final int ENTRY_HEADER_BYTES = 25;
    private static final EntryType[] TYPES = EntryType.values();

    private RaftRecordCodec() {
    }

    public static WalRecord.Entry toWal(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_HEADER_BYTES + e.data().length);
        b.put((byte) e.type().ordinal()).putLong(e.clientId()).putLong(e.sequence()).putLong(e.logTimeMs()).put(e.data());
        return new WalRecord.Entry(e.index(), e.term(), b.array());
    }

    public static Entry fromWal(WalRecord.Entry w, String where) throws WalCorruptionException {
        byte[] d = w.data();
        if (d.length < ENTRY_HEADER_BYTES || d[0] < 0 || d[0] >= TYPES.length || w.term() < 1) {
            throw new WalCorruptionException(where, 0, "entry " + w.index() + " payload is not a Raft entry (" + d.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(d);
        EntryType type = TYPES[b.get()];
        long clientId = b.getLong();
        long sequence = b.getLong();
        long logTimeMs = b.getLong();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Entry(w.index(), w.term(), type, clientId, sequence, logTimeMs, data);
    }

    public static byte[] encodeHardState(HardState h) {
        byte[] vote = h.votedFor() == null ? null : h.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(20 + (vote == null ? 0 : vote.length));
        b.putLong(h.term()).putLong(h.commitIndex()).putInt(vote == null ? -1 : vote.length);
        if (vote != null) {
            b.put(vote);
        }
        return b.array();
    }

    public static HardState decodeHardState(byte[] bytes, String where) throws WalCorruptionException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long term = b.getLong();
            long commit = b.getLong();
            int voteLen = b.getInt();
            if (voteLen < -1 || voteLen != (voteLen < 0 ? -1 : b.remaining()) || term < 0 || commit < 0) {
                throw new WalCorruptionException(where, 0, "hard state record is malformed");
            }
            String vote = null;
            if (voteLen >= 0) {
                byte[] v = new byte[voteLen];
                b.get(v);
                vote = new String(v, StandardCharsets.UTF_8);
            } else if (b.hasRemaining()) {
                throw new WalCorruptionException(where, 0, "hard state record has trailing bytes");
            }
            return new HardState(term, vote, commit);
        } catch (BufferUnderflowException e) {
            throw new WalCorruptionException(where, 0, "hard state record is too short (" + bytes.length + " bytes)");
        }
    }
}
