package io.tally.store.state;

import io.tally.store.command.ChunkRef;
import io.tally.store.command.ItemId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key encoding (docs/data-model.md, "Key encoding"). Every key starts with a type byte; keys inside a
 * keyspace continue with {@code u8 nameLength | name} so one keyspace's keys never interleave with another's,
 * then the user's key in UTF-8. Unsigned byte order of the encoded keys is the order of the user keys (UTF-8
 * byte order = code point order), so prefix listing is a range scan. Pure functions.
 */
public final class Keys {
    /** DATA: meta records (the revision counter). */
    static final byte META = 0x00;
    /** DATA: keyspace registry, {@code 0x01 | name}. */
    static final byte KEYSPACE = 0x01;
    /** DATA: counters and values. */
    static final byte KEY = 0x02;
    /** DATA: tenant items, id to tenant. */
    static final byte ITEM = 0x03;
    /** DATA: item count per tenant. */
    static final byte TENANT_COUNT = 0x04;
    /** DATA: file manifests. */
    static final byte FILE = 0x05;

    /** SESSIONS: the number of live sessions. */
    static final byte SESSION_COUNT = 0x00;
    /** SESSIONS: {@code 0x01 | clientId(8)} to the session. */
    static final byte SESSION = 0x01;
    /** SESSIONS: expiry index {@code 0x02 | lastActiveMs(8, sign-flipped) | clientId(8, sign-flipped)}, empty value. */
    static final byte SESSION_BY_TIME = 0x02;

    static final byte[] REVISION = {META, 'r'};
    static final byte[] SESSION_COUNT_KEY = {SESSION_COUNT};

    private Keys() {
    }

    static byte[] keyspace(String name) {
        return concat(new byte[] {KEYSPACE}, utf8(name));
    }

    /** Prefix of every key of {@code type} in keyspace {@code keyspace}. */
    static byte[] scoped(byte type, String keyspace) {
        byte[] ks = utf8(keyspace);
        if (ks.length > 255) {
            throw new IllegalArgumentException("expected a keyspace name of at most 255 bytes, got " + ks.length);
        }
        byte[] out = new byte[2 + ks.length];
        out[0] = type;
        out[1] = (byte) ks.length;
        System.arraycopy(ks, 0, out, 2, ks.length);
        return out;
    }

    static byte[] key(String keyspace, String key) {
        return concat(scoped(KEY, keyspace), utf8(key));
    }

    static byte[] tenantCount(String keyspace, String tenant) {
        return concat(scoped(TENANT_COUNT, keyspace), utf8(tenant));
    }

    static byte[] file(String keyspace, String name) {
        return concat(scoped(FILE, keyspace), utf8(name));
    }

    /** Numbers: tag 0 and 8 bytes with the sign bit flipped (numeric order); strings: tag 1 and UTF-8. */
    static byte[] item(String keyspace, ItemId id) {
        byte[] suffix = switch (id) {
            case ItemId.Num n -> concat(new byte[] {0}, fixed64(n.value() ^ Long.MIN_VALUE));
            case ItemId.Str s -> concat(new byte[] {1}, utf8(s.value()));
        };
        return concat(scoped(ITEM, keyspace), suffix);
    }

    /** {@code <chunk hex>/<keyspace>/<file name>} in UTF-8, the StateStore's CHUNK_REFS layout. */
    static byte[] chunkRef(ChunkRef chunk, String keyspace, String fileName) {
        return utf8(chunk.hex() + "/" + keyspace + "/" + fileName);
    }

    /** Prefix of every reference to the chunk with hex id {@code chunkHex}. */
    public static byte[] chunkRefPrefix(String chunkHex) {
        return utf8(chunkHex + "/");
    }

    static byte[] session(long clientId) {
        return concat(new byte[] {SESSION}, fixed64(clientId));
    }

    /** Both numbers with the sign bit flipped, so the order is signed time then signed client id (SessionTable's ties). */
    static byte[] sessionByTime(long lastActiveMs, long clientId) {
        return concat(concat(new byte[] {SESSION_BY_TIME}, fixed64(lastActiveMs ^ Long.MIN_VALUE)), fixed64(clientId ^ Long.MIN_VALUE));
    }

    static long clientIdOfSessionByTime(byte[] key) {
        return readFixed64(key, 9) ^ Long.MIN_VALUE;
    }

    static long timeOfSessionByTime(byte[] key) {
        return readFixed64(key, 1) ^ Long.MIN_VALUE;
    }

    /** The user part of an encoded key after a scoped prefix of {@code prefixLength} bytes. */
    static String suffix(byte[] key, int prefixLength) {
        return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.UTF_8);
    }

    /** The smallest key strictly greater than {@code key} in unsigned order: {@code key | 0x00}. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixed64(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (56 - 8 * i));
        }
        return out;
    }

    static long readFixed64(byte[] b, int offset) {
        if (b.length < offset + 8) {
            throw new IllegalStateException("corrupt state: expected 8 bytes at offset " + offset + " of a " + b.length + "-byte record");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
