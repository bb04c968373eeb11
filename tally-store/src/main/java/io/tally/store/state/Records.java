package io.tally.store.state;

import io.tally.store.codec.BinaryReader;
import io.tally.store.codec.BinaryWriter;
import io.tally.store.codec.CodecException;
import io.tally.store.codec.Fields;
import io.tally.store.command.Bytes;
import io.tally.store.command.Consistency;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Result;

/**
 * The stored values (docs/data-model.md, "Stored records"). A record that does not decode is corrupt state:
 * decoding throws IllegalStateException with the details, never answers from it. Pure functions.
 */
final class Records {
    private static final int COUNTER = 1;
    private static final int VALUE = 2;

    private Records() {
    }

    /** A counter or a value, with the revision that last wrote it. */
    record KeyRecord(Result.KeyKind kind, long version, long counter, String contentType, Bytes value) {
    }

    record KeyspaceRecord(Consistency consistency, int replicas, long createdRevision) {
    }

    record FileRecord(long version, FileManifest manifest) {
    }

    record SessionRecord(long lastSequence, long lastActiveMs, byte[] response) {
    }

    static byte[] counter(long version, long value) {
        return new BinaryWriter(20).u8(COUNTER).varLong(version).zigzag(value).toByteArray();
    }

    static byte[] value(long version, String contentType, Bytes value) {
        return new BinaryWriter(16 + contentType.length() + value.length()).u8(VALUE).varLong(version).string(contentType)
                .raw(value.array()).toByteArray();
    }

    static KeyRecord key(byte[] bytes) {
        try {
            BinaryReader r = new BinaryReader(bytes);
            int kind = r.u8("kind");
            long version = r.varLong("version");
            if (kind == COUNTER) {
                long v = r.zigzag("counter");
                r.end("counter record");
                return new KeyRecord(Result.KeyKind.COUNTER, version, v, "", Bytes.EMPTY);
            }
            if (kind == VALUE) {
                String ct = r.string("content type", Fields.STRING_BYTES_MAX);
                return new KeyRecord(Result.KeyKind.VALUE, version, 0, ct, Bytes.wrap(r.raw(r.remaining(), "value")));
            }
            throw new CodecException("expected kind 1 (counter) or 2 (value), got " + kind);
        } catch (CodecException e) {
            throw corrupt("key record", bytes, e);
        }
    }

    static byte[] keyspace(KeyspaceRecord k) {
        BinaryWriter w = new BinaryWriter(16);
        Fields.consistency(w, k.consistency());
        return w.varLong(k.replicas()).varLong(k.createdRevision()).toByteArray();
    }

    static KeyspaceRecord keyspace(byte[] bytes) {
        try {
            BinaryReader r = new BinaryReader(bytes);
            KeyspaceRecord k = new KeyspaceRecord(Fields.consistency(r), r.varInt("replicas", Integer.MAX_VALUE), r.varLong("revision"));
            r.end("keyspace record");
            return k;
        } catch (CodecException e) {
            throw corrupt("keyspace record", bytes, e);
        }
    }

    static byte[] file(FileRecord f) {
        BinaryWriter w = new BinaryWriter(128 + 40 * f.manifest().chunks().size());
        w.varLong(f.version());
        Fields.manifest(w, f.manifest());
        return w.toByteArray();
    }

    static FileRecord file(byte[] bytes) {
        try {
            BinaryReader r = new BinaryReader(bytes);
            FileRecord f = new FileRecord(r.varLong("version"), Fields.manifest(r));
            r.end("file record");
            return f;
        } catch (CodecException e) {
            throw corrupt("file record", bytes, e);
        }
    }

    static byte[] session(SessionRecord s) {
        return new BinaryWriter(24 + s.response().length).varLong(s.lastSequence()).fixed64(s.lastActiveMs()).raw(s.response()).toByteArray();
    }

    static SessionRecord session(byte[] bytes) {
        try {
            BinaryReader r = new BinaryReader(bytes);
            return new SessionRecord(r.varLong("sequence"), r.fixed64("last active"), r.raw(r.remaining(), "response"));
        } catch (CodecException e) {
            throw corrupt("session record", bytes, e);
        }
    }

    static byte[] count(long n) {
        return Keys.fixed64(n);
    }

    static long count(byte[] bytes) {
        if (bytes.length != 8) {
            throw new IllegalStateException("corrupt state: expected an 8-byte count record, got " + bytes.length + " bytes");
        }
        return Keys.readFixed64(bytes, 0);
    }

    private static IllegalStateException corrupt(String what, byte[] bytes, CodecException e) {
        return new IllegalStateException("corrupt state: a " + what + " of " + bytes.length + " bytes does not decode: " + e.getMessage(), e);
    }
}
