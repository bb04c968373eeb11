package io.tally.server.files;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Cuts a byte stream that arrives in pieces of any size into chunks of exactly {@code chunkBytes} (the last one
 * shorter, never empty). Holds at most one chunk in memory; each chunk is a fresh array handed over to the
 * consumer. One owner thread (the connection's Netty thread).
 */
public final class Chunker {
    private final int chunkBytes;
    private final Consumer<byte[]> out;
    private byte[] current;
    private int filled;
    private long totalBytes;

    /**
     * @param chunkBytes size of every chunk but the last, at least 1
     * @param out receives each completed chunk, in stream order
     */
    public Chunker(int chunkBytes, Consumer<byte[]> out) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("expected chunkBytes >= 1, got " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
        this.out = out;
    }

    /** Consumes all readable bytes of {@code piece} (its reader index moves; the caller still owns and releases it). */
    public void add(ByteBuf piece) {
        while (piece.isReadable()) {
            if (current == null) {
                current = new byte[chunkBytes];
                filled = 0;
            }
            int n = Math.min(piece.readableBytes(), chunkBytes - filled);
            piece.readBytes(current, filled, n);
            filled += n;
            totalBytes += n;
            if (filled == chunkBytes) {
                byte[] done = current;
                current = null;
                out.accept(done);
            }
        }
    }

    /** Emits the partial last chunk, if any. Call once, at the end of the stream. */
    public void finish() {
        if (current != null && filled > 0) {
            byte[] last = java.util.Arrays.copyOf(current, filled);
            current = null;
            out.accept(last);
        }
        current = null;
    }

    /** Bytes consumed so far. */
    public long totalBytes() {
        return totalBytes;
    }
}
