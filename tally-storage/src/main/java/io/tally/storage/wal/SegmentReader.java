package io.tally.storage.wal;

import io.tally.storage.fs.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the frames of one segment file in order through a bounded window (1 MiB, grown up to one
 * maximal frame). Not thread-safe.
 */
final class SegmentReader {

    /** Outcome of one step: a record, a clean end of file, or a bad frame at {@code offset}. */
    sealed interface Step {
        record Record(WalRecord record, long offset, int frameBytes) implements Step {
        }

        record End() implements Step {
        }

        /** {@code incomplete}: the frame runs past the end of the file. */
        record Bad(long offset, String reason, boolean incomplete) implements Step {
        }
    }

    private static final int WINDOW_BYTES = 1 << 20;

    private final FileHandle handle;
    private final String file;
    private final int bodyBytesMax;
    private final long size;
    private ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).limit(0);
    private long windowStart;

    SegmentReader(FileHandle handle, String file, int bodyBytesMax) throws IOException {
        this.handle = handle;
        this.file = file;
        this.bodyBytesMax = bodyBytesMax;
        this.size = handle.size();
    }

    long size() {
        return size;
    }

    Step next() throws IOException {
        while (true) {
            long offset = windowStart + window.position();
            if (offset >= size) {
                return new Step.End();
            }
            WalRecordCodec.Decoded d;
            try {
                d = WalRecordCodec.decode(window, bodyBytesMax, file, offset);
            } catch (WalCorruptionException e) {
                return new Step.Bad(offset, e.reason(), false);
            }
            if (d != null) {
                return new Step.Record(d.record(), offset, d.frameBytes());
            }
            // Not enough bytes in the window: how many does the frame need?
            int need = WalRecordCodec.HEADER_BYTES;
            if (window.remaining() >= WalRecordCodec.HEADER_BYTES) {
                need += WalRecordCodec.checkedBodyLength(window, bodyBytesMax, file, offset); // cannot throw: decode checked it
            }
            if (offset + need > size) {
                return new Step.Bad(offset, "record frame of " + need + " bytes runs past the end of the file (" + size + " bytes)", true);
            }
            refill(offset, need);
        }
    }

    private void refill(long offset, int need) throws IOException {
        int capacity = Math.max(window.capacity(), need);
        if (capacity > window.capacity()) {
            window = ByteBuffer.allocate(capacity);
        } else {
            window.clear();
        }
        int want = (int) Math.min(capacity, size - offset);
        window.limit(want);
        long pos = offset;
        while (window.hasRemaining()) {
            int n = handle.read(pos, window);
            if (n < 0) {
                throw new java.io.EOFException(file + ": end of file at " + pos + " before the recorded size " + size);
            }
            pos += n;
        }
        window.flip();
        windowStart = offset;
    }

    /**
     * True when some valid frame starts anywhere in (from, size): then a bad frame at {@code from} is not a
     * torn tail but damage in the middle of data that was once complete.
     */
    boolean validFrameAfter(long from) throws IOException {
        long len = size - from;
        if (len <= 1) {
            return false;
        }
        if (len > Integer.MAX_VALUE - 16) {
            return true; // far larger than any segment: treat as damage, never as a torn tail
        }
        byte[] tail = handle.readFully(from, (int) len);
        ByteBuffer b = ByteBuffer.wrap(tail);
        int bodyMax = Math.min(bodyBytesMax, WalRecordCodec.BODY_BYTES_LIMIT);
        for (int p = 1; p + WalRecordCodec.HEADER_BYTES <= tail.length; p++) {
            // cheap checks first: most offsets of garbage (or of a zero-filled tail) fail them
            byte type = tail[p + 4];
            if (type < WalRecord.SegmentHeader.TYPE || type > WalRecord.Compact.TYPE) {
                continue;
            }
            int bodyLen = b.getInt(p);
            if (bodyLen < 0 || bodyLen > bodyMax || (long) p + WalRecordCodec.HEADER_BYTES + bodyLen > tail.length) {
                continue;
            }
            b.limit(tail.length).position(p);
            try {
                if (WalRecordCodec.decode(b, bodyBytesMax, file, from + p) != null) {
                    return true;
                }
            } catch (WalCorruptionException e) {
                // not a frame here; keep looking
            }
        }
        return false;
    }
}
