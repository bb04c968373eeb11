package io.tally.raft.quorum;

/**
 * Pipelining window of one follower: the AppendEntries in flight, bounded by count and bytes. A ring buffer of
 * (last index, bytes), freed in order as acknowledgements arrive. Not thread-safe (owned by the leader's core).
 */
public final class InflightWindow {
    private final int maxCount;
    private final long maxBytes;
    private final long[] lastIndexes;
    private final long[] sizes;
    private int start;
    private int count;
    private long bytes;

    public InflightWindow(int maxCount, long maxBytes) {
        if (maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("expected maxCount >= 1 and maxBytes >= 1, got " + maxCount + ", " + maxBytes);
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.lastIndexes = new long[maxCount];
        this.sizes = new long[maxCount];
    }

    /** True if no more appends may be sent: count or byte budget exhausted. */
    public boolean isFull() {
        return count >= maxCount || bytes >= maxBytes;
    }

    /** Records an append carrying entries up to {@code lastIndex} of {@code sizeBytes}; indexes must increase. */
    public void add(long lastIndex, long sizeBytes) {
        if (count >= maxCount) {
            throw new IllegalStateException("inflight window full: " + count + " of " + maxCount);
        }
        if (count > 0 && lastIndexes[(start + count - 1) % maxCount] >= lastIndex) {
            throw new IllegalStateException("inflight indexes must increase: " + lastIndex + " after "
                    + lastIndexes[(start + count - 1) % maxCount]);
        }
        int slot = (start + count) % maxCount;
        lastIndexes[slot] = lastIndex;
        sizes[slot] = sizeBytes;
        count++;
        bytes += sizeBytes;
    }

    /** Frees every in-flight append whose last index is <= {@code index} (acknowledged). */
    public void freeUpTo(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            bytes -= sizes[start];
            start = (start + 1) % maxCount;
            count--;
        }
    }

    /** Forgets everything (on a state change). */
    public void reset() {
        start = 0;
        count = 0;
        bytes = 0;
    }

    public int count() {
        return count;
    }

    public long bytes() {
        return bytes;
    }
}
