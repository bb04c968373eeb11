package io.tally.storage.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frames WAL records. Layout (big-endian):
 * <pre>
 *   u32 bodyLength | u8 type | u32 crc32c(bodyLength, type, body) | body[bodyLength]
 * </pre>
 * Bodies: SegmentHeader = magic "TWAL", u32 version 1, seq, compactIndex, compactTerm, lastIndex (i64
 * each); Entry = index, term (i64), data; HardState = opaque bytes; Truncate = fromIndex (i64);
 * Compact = index, term (i64), keepSuffix (u8 0|1). Pure and thread-safe; the decoder checks the body
 * length against a maximum before allocating anything.
 */
public final class WalRecordCodec {

    /** Frame header bytes before the body. */
    public static final int HEADER_BYTES = 9;
    /** Largest body any log accepts (an Entry's data is this minus 16). */
    public static final int BODY_BYTES_LIMIT = 64 << 20;
    static final int MAGIC = 0x5457414C; // "TWAL"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BODY_BYTES = 40;

    private WalRecordCodec() {
    }

    /** A decoded record and the number of bytes its frame took. */
    public record Decoded(WalRecord record, int frameBytes) {
    }

    public static int bodyBytes(WalRecord r) {
        return switch (r) {
            case WalRecord.SegmentHeader h -> SEGMENT_HEADER_BODY_BYTES;
            case WalRecord.Entry e -> 16 + e.data().length;
            case WalRecord.HardState h -> h.bytes().length;
            case WalRecord.Truncate t -> 8;
            case WalRecord.Compact c -> 17;
        };
    }

    public static int frameBytes(WalRecord r) {
        return HEADER_BYTES + bodyBytes(r);
    }

    /** Writes the frame of {@code r} at the buffer's position. */
    public static void encodeTo(WalRecord r, ByteBuffer out) {
        int body = bodyBytes(r);
        if (body > BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException("record body of " + body + " bytes exceeds the limit of " + BODY_BYTES_LIMIT);
        }
        int start = out.position();
        out.putInt(body).put(r.type()).putInt(0);
        switch (r) {
            case WalRecord.SegmentHeader h -> out.putInt(MAGIC).putInt(VERSION).putLong(h.segmentSeq())
                    .putLong(h.compactIndex()).putLong(h.compactTerm()).putLong(h.lastIndex());
            case WalRecord.Entry e -> out.putLong(e.index()).putLong(e.term()).put(e.data());
            case WalRecord.HardState h -> out.put(h.bytes());
            case WalRecord.Truncate t -> out.putLong(t.fromIndex());
            case WalRecord.Compact c -> out.putLong(c.index()).putLong(c.term()).put((byte) (c.keepSuffix() ? 1 : 0));
        }
        int end = out.position();
        out.putInt(start + 5, crc(out, start, end));
    }

    public static byte[] encode(WalRecord r) {
        ByteBuffer b = ByteBuffer.allocate(frameBytes(r));
        encodeTo(r, b);
        return b.array();
    }

    private static int crc(ByteBuffer buf, int start, int end) {
        CRC32C c = new CRC32C();
        ByteBuffer d = buf.duplicate();
        d.limit(start + 5).position(start);
        c.update(d);
        d.limit(end).position(start + HEADER_BYTES);
        c.update(d);
        return (int) c.getValue();
    }

    /**
     * Body length announced by a frame header at the buffer's position (which must hold HEADER_BYTES),
     * checked against {@code bodyBytesMax}.
     */
    public static int checkedBodyLength(ByteBuffer header, int bodyBytesMax, String file, long offset) throws WalCorruptionException {
        int len = header.getInt(header.position());
        byte type = header.get(header.position() + 4);
        if (type < WalRecord.SegmentHeader.TYPE || type > WalRecord.Compact.TYPE) {
            throw new WalCorruptionException(file, offset, "unknown record type " + type + " (expected 1..5)");
        }
        if (len < 0 || len > Math.min(bodyBytesMax, BODY_BYTES_LIMIT)) {
            throw new WalCorruptionException(file, offset, "record body length " + Integer.toUnsignedString(len)
                    + " outside 0.." + Math.min(bodyBytesMax, BODY_BYTES_LIMIT));
        }
        return len;
    }

    /**
     * Decodes one frame at the buffer's position. Returns null when the buffer ends before the frame does
     * (an incomplete frame), advancing nothing; otherwise advances past the frame.
     *
     * @param file   name used in errors
     * @param offset file offset of the buffer's position, used in errors
     * @throws WalCorruptionException for any frame that is not a valid record (bad length, type, CRC, body)
     */
    public static Decoded decode(ByteBuffer buf, int bodyBytesMax, String file, long offset) throws WalCorruptionException {
        int start = buf.position();
        if (buf.remaining() < HEADER_BYTES) {
            return null;
        }
        int len = checkedBodyLength(buf, bodyBytesMax, file, offset);
        if (buf.remaining() - HEADER_BYTES < len) {
            return null;
        }
        byte type = buf.get(start + 4);
        int storedCrc = buf.getInt(start + 5);
        int end = start + HEADER_BYTES + len;
        if (crc(buf, start, end) != storedCrc) {
            throw new WalCorruptionException(file, offset, "CRC32C mismatch in a record of type " + type + " and " + len + " body bytes");
        }
        ByteBuffer body = buf.duplicate();
        body.limit(end).position(start + HEADER_BYTES);
        WalRecord r = decodeBody(type, body, len, file, offset);
        buf.position(end);
        return new Decoded(r, HEADER_BYTES + len);
    }

    private static WalRecord decodeBody(byte type, ByteBuffer b, int len, String file, long offset) throws WalCorruptionException {
        switch (type) {
            case WalRecord.SegmentHeader.TYPE -> {
                expectLength(len == SEGMENT_HEADER_BODY_BYTES, type, len, "40", file, offset);
                int magic = b.getInt();
                int version = b.getInt();
                if (magic != MAGIC || version != VERSION) {
                    throw new WalCorruptionException(file, offset, "segment header magic/version " + Integer.toHexString(magic) + "/" + version
                            + ", expected " + Integer.toHexString(MAGIC) + "/" + VERSION);
                }
                WalRecord.SegmentHeader h = new WalRecord.SegmentHeader(b.getLong(), b.getLong(), b.getLong(), b.getLong());
                if (h.segmentSeq() < 1 || h.compactIndex() < 0 || h.compactTerm() < 0 || h.lastIndex() < h.compactIndex()) {
                    throw new WalCorruptionException(file, offset, "invalid segment header " + h);
                }
                return h;
            }
            case WalRecord.Entry.TYPE -> {
                expectLength(len >= 16, type, len, ">= 16", file, offset);
                long index = b.getLong();
                long term = b.getLong();
                if (index < 1 || term < 0) {
                    throw new WalCorruptionException(file, offset, "invalid entry index " + index + " / term " + term);
                }
                byte[] data = new byte[len - 16];
                b.get(data);
                return new WalRecord.Entry(index, term, data);
            }
            case WalRecord.HardState.TYPE -> {
                byte[] data = new byte[len];
                b.get(data);
                return new WalRecord.HardState(data);
            }
            case WalRecord.Truncate.TYPE -> {
                expectLength(len == 8, type, len, "8", file, offset);
                long from = b.getLong();
                if (from < 1) {
                    throw new WalCorruptionException(file, offset, "invalid truncate index " + from);
                }
                return new WalRecord.Truncate(from);
            }
            case WalRecord.Compact.TYPE -> {
                expectLength(len == 17, type, len, "17", file, offset);
                long index = b.getLong();
                long term = b.getLong();
                byte keep = b.get();
                if (index < 0 || term < 0 || (keep != 0 && keep != 1)) {
                    throw new WalCorruptionException(file, offset, "invalid compact record " + index + "/" + term + "/" + keep);
                }
                return new WalRecord.Compact(index, term, keep == 1);
            }
            default -> throw new WalCorruptionException(file, offset, "unknown record type " + type + " (expected 1..5)");
        }
    }

    private static void expectLength(boolean ok, byte type, int len, String expected, String file, long offset) throws WalCorruptionException {
        if (!ok) {
            throw new WalCorruptionException(file, offset, "record of type " + type + " has " + len + " body bytes, expected " + expected);
        }
    }
}
