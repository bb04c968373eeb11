package io.tally.store.codec;

import io.tally.store.command.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads fields written by {@link BinaryWriter}. Every length and count is checked against the bytes left
 * before anything is allocated; every failure is a {@link CodecException} naming the field. Not thread-safe.
 */
public final class BinaryReader {
    private final byte[] buf;
    private int pos;

    public BinaryReader(byte[] buf) {
        this.buf = buf;
    }

    public int remaining() {
        return buf.length - pos;
    }

    public int u8(String what) {
        if (pos >= buf.length) {
            throw new CodecException("truncated: expected " + what + " at offset " + pos + " of " + buf.length);
        }
        return buf[pos++] & 0xFF;
    }

    public long varLong(String what) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8(what);
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new CodecException("expected " + what + " to be a varint of at most 64 bits at offset " + (pos - 1));
            }
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CodecException("expected " + what + " to be a varint of at most 10 bytes at offset " + pos);
    }

    public long zigzag(String what) {
        long v = varLong(what);
        return (v >>> 1) ^ -(v & 1);
    }

    /** A non-negative varint no larger than {@code max}. */
    public int varInt(String what, int max) {
        long v = varLong(what);
        if (v < 0 || v > max) {
            throw new CodecException("expected " + what + " in 0.." + max + ", got " + v);
        }
        return (int) v;
    }

    public boolean bool(String what) {
        int b = u8(what);
        if (b > 1) {
            throw new CodecException("expected " + what + " to be 0 or 1, got " + b);
        }
        return b == 1;
    }

    public long fixed64(String what) {
        if (remaining() < 8) {
            throw new CodecException("truncated: expected 8 bytes of " + what + ", " + remaining() + " left");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /** Exactly {@code n} raw bytes. */
    public byte[] raw(int n, String what) {
        if (n < 0 || n > remaining()) {
            throw new CodecException("truncated: expected " + n + " bytes of " + what + ", " + remaining() + " left");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A length-prefixed byte string of at most {@code max} bytes. */
    public byte[] bytes(String what, int max) {
        int n = varInt("length of " + what, max);
        return raw(n, what);
    }

    public Bytes bytesValue(String what, int max) {
        return Bytes.wrap(bytes(what, max));
    }

    /** A length-prefixed string of well-formed UTF-8 of at most {@code max} bytes. */
    public String string(String what, int max) {
        byte[] b = bytes(what, max);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new CodecException("expected " + what + " to be well-formed UTF-8");
        }
    }

    /** A list count that the bytes left can hold, at {@code minBytesEach} bytes per element. */
    public int count(String what, int max, int minBytesEach) {
        int n = varInt("count of " + what, max);
        if ((long) n * minBytesEach > remaining()) {
            throw new CodecException("truncated: " + n + " " + what + " need at least " + (long) n * minBytesEach
                    + " bytes, " + remaining() + " left");
        }
        return n;
    }

    /** Fails unless everything was read. */
    public void end(String what) {
        if (pos != buf.length) {
            throw new CodecException("expected the end of " + what + " at offset " + pos + ", " + remaining() + " bytes left");
        }
    }
}
