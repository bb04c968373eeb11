package io.tally.gossip;

/**
 * Estimates of encoded sizes, modelled on Protobuf's wire format (a one-byte tag per field,
 * varints for integers, length-prefixed strings). Used to fill datagrams up to the configured
 * size and to count bytes in the simulation. Pure functions; any thread.
 */
public final class Sizes {
    /** Bytes the compound-datagram header costs (magic, version, count). */
    public static final int DATAGRAM_HEADER_BYTES = 4;

    private Sizes() {}

    /** Bytes of an unsigned LEB128 varint holding {@code value} (negative values take 10). */
    public static int varint(long value) {
        if (value < 0) {
            return 10;
        }
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Bytes of a tagged varint field. */
    public static int longField(long value) {
        return 1 + varint(value);
    }

    /** Bytes of a tagged, length-prefixed UTF-8 string field. */
    public static int string(String s) {
        int utf8 = utf8Length(s);
        return 1 + varint(utf8) + utf8;
    }

    /** Bytes of a tagged, length-prefixed byte-array field. */
    public static int bytes(int length) {
        return 1 + varint(length) + length;
    }

    /** Bytes a message of {@code messageBytes} costs inside a compound datagram (length prefix). */
    public static int framed(int messageBytes) {
        return varint(messageBytes) + messageBytes;
    }

    /** Rejects a negative sequence number or incarnation (they are unsigned on the wire). */
    static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 (unsigned on the wire), got " + value);
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
