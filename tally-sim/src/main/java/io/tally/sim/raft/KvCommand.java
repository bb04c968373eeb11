package io.tally.sim.raft;

import io.tally.sim.linearizability.KvOp;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binary encoding of the simulated state machine's commands (log entry data) and responses.
 * A command is {@code kind:byte, keyLength:int, key:UTF-8, args:long...}; a response is
 * {@code kind:byte, value:long}. Pure functions.
 */
public final class KvCommand {
    /** Bound on a key's encoded length. */
    public static final int KEY_BYTES_MAX = 256;

    private KvCommand() { }

    /** A write command on one key. */
    public record Write(String key, KvOp.Input op) {
        public Write {
            if (op instanceof KvOp.Read) {
                throw new IllegalArgumentException("reads are not log commands (they use ReadIndex)");
            }
        }
    }

    public static byte[] encode(String key, KvOp.Input op) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException("expected a key of at most " + KEY_BYTES_MAX + " bytes, got " + k.length);
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + k.length + 16);
        switch (op) {
            case KvOp.Increment inc -> b.put((byte) 1).putInt(k.length).put(k).putLong(inc.delta());
            case KvOp.Put put -> b.put((byte) 2).putInt(k.length).put(k).putLong(put.value());
            case KvOp.Cas cas -> b.put((byte) 3).putInt(k.length).put(k).putLong(cas.expected()).putLong(cas.update());
            case KvOp.Read r -> throw new IllegalArgumentException("reads are not log commands (they use ReadIndex)");
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    public static Write decode(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            byte kind = b.get();
            int len = b.getInt();
            if (len < 0 || len > KEY_BYTES_MAX) {
                throw new IllegalArgumentException("expected a key length in [0, " + KEY_BYTES_MAX + "], got " + len);
            }
            byte[] k = new byte[len];
            b.get(k);
            String key = new String(k, StandardCharsets.UTF_8);
            KvOp.Input op = switch (kind) {
                case 1 -> new KvOp.Increment(b.getLong());
                case 2 -> new KvOp.Put(b.getLong());
                case 3 -> new KvOp.Cas(b.getLong(), b.getLong());
                default -> throw new IllegalArgumentException("expected a command kind 1..3, got " + kind);
            };
            return new Write(key, op);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated command of " + data.length + " bytes", e);
        }
    }

    public static byte[] encodeOutput(KvOp.Output out) {
        ByteBuffer b = ByteBuffer.allocate(9);
        switch (out) {
            case KvOp.Value v -> b.put((byte) 1).putLong(v.value());
            case KvOp.Done d -> b.put((byte) 2).putLong(0);
            case KvOp.CasResult c -> b.put((byte) 3).putLong(c.swapped() ? 1 : 0);
        }
        return b.array();
    }

    public static KvOp.Output decodeOutput(byte[] data) {
        if (data.length != 9) {
            throw new IllegalArgumentException("expected a 9-byte response, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        byte kind = b.get();
        long v = b.getLong();
        return switch (kind) {
            case 1 -> new KvOp.Value(v);
            case 2 -> new KvOp.Done();
            case 3 -> new KvOp.CasResult(v == 1);
            default -> throw new IllegalArgumentException("expected a response kind 1..3, got " + kind);
        };
    }
}
