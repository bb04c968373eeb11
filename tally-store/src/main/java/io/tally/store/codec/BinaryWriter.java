package io.tally.store.codec;

import io.tally.store.command.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends fields to a growable byte array. Not thread-safe: one per encoding. */
public final class BinaryWriter {
    private byte[] buf;
    private int size;

    public BinaryWriter(int initialBytes) {
        buf = new byte[Math.max(16, initialBytes)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public BinaryWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** Unsigned LEB128 (1..10 bytes). */
    public BinaryWriter varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** Zigzag then LEB128, so small negative numbers stay short. */
    public BinaryWriter zigzag(long v) {
        return varLong((v << 1) ^ (v >> 63));
    }

    public BinaryWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    /** Big-endian 8 bytes (order-preserving for non-negative values). */
    public BinaryWriter fixed64(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (i * 8));
        }
        return this;
    }

    public BinaryWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Varint length then the bytes. */
    public BinaryWriter bytes(byte[] bytes) {
        varLong(bytes.length);
        return raw(bytes);
    }

    public BinaryWriter bytes(Bytes bytes) {
        return bytes(bytes.array());
    }

    /** Varint length then UTF-8. */
    public BinaryWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
