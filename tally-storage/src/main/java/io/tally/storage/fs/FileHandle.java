package io.tally.storage.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file: positional reads, appends, truncation and sync. Confined to one thread at a time. */
public interface FileHandle extends Closeable {

    /** Current size in bytes (including unsynced writes). */
    long size() throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes starting at {@code position}; returns the number read,
     * -1 at end of file.
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at the end of the file. */
    void append(ByteBuffer src) throws IOException;

    /** Cuts the file to {@code sizeBytes}; durable after {@link #sync()}. */
    void truncate(long sizeBytes) throws IOException;

    /** Makes every byte written so far (and the size) durable. */
    void sync() throws IOException;

    /** Reads exactly {@code length} bytes at {@code position} or fails with EOFException. */
    default byte[] readFully(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = read(pos, buf);
            if (n < 0) {
                throw new java.io.EOFException("end of file at " + pos + " while reading " + length + " bytes at " + position);
            }
            pos += n;
        }
        return buf.array();
    }

    @Override
    void close() throws IOException;
}
