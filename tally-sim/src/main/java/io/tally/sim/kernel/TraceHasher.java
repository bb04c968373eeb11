package io.tally.sim.kernel;

import java.nio.charset.StandardCharsets;

/**
 * Folds a sequence of facts (numbers and strings) into one 64-bit hash, so two runs can be compared
 * by a single value. Order matters: the same facts in another order give another hash. Not
 * thread-safe; owned by the simulation thread.
 */
public final class TraceHasher {
    private static final long PRIME = 0x100000001b3L;
    private long state = 0xcbf29ce484222325L;
    private long folds;

    /** Folds one number into the hash. */
    public void fold(long value) {
        long v = value;
        for (int i = 0; i < 8; i++) {
            state ^= (v & 0xff);
            state *= PRIME;
            v >>>= 8;
        }
        folds++;
    }

    /** Folds a string (its UTF-8 bytes and its length) into the hash. */
    public void fold(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            state ^= (b & 0xff);
            state *= PRIME;
        }
        fold(bytes.length);
    }

    /** The hash of everything folded so far (with a final avalanche mix). */
    public long value() {
        return SimRandom.mix64(state);
    }

    /** {@link #value()} as 16 lower-case hex digits. */
    public String hex() {
        String h = Long.toHexString(value());
        return "0".repeat(16 - h.length()) + h;
    }

    /** How many facts have been folded in. */
    public long folds() {
        return folds;
    }
}
