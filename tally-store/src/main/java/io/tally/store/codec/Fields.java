package io.tally.store.codec;

import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Condition;
import io.tally.store.command.Consistency;
import io.tally.store.command.FileManifest;
import io.tally.store.command.ItemId;
import io.tally.store.command.Limits;
import java.util.ArrayList;
import java.util.List;

/** Encodings of the value types shared by commands, results and stored records. Stateless. */
public final class Fields {
    /** Upper bound on any string field; {@link io.tally.store.command.Validation} applies the real limits. */
    public static final int STRING_BYTES_MAX = 64 * 1024;

    private Fields() {
    }

    public static void condition(BinaryWriter w, Condition c) {
        switch (c) {
            case Condition.None n -> w.u8(0);
            case Condition.IfMatch m -> w.u8(1).varLong(m.version());
            case Condition.IfAbsent a -> w.u8(2);
        }
    }

    public static Condition condition(BinaryReader r) {
        int tag = r.u8("condition tag");
        return switch (tag) {
            case 0 -> Condition.NONE;
            case 1 -> new Condition.IfMatch(r.varLong("If-Match version"));
            case 2 -> Condition.IF_ABSENT;
            default -> throw new CodecException("expected a condition tag 0..2, got " + tag);
        };
    }

    public static void consistency(BinaryWriter w, Consistency c) {
        w.u8(switch (c) {
            case STRONG -> 0;
            case EVENTUAL -> 1;
        });
    }

    public static Consistency consistency(BinaryReader r) {
        int tag = r.u8("consistency");
        return switch (tag) {
            case 0 -> Consistency.STRONG;
            case 1 -> Consistency.EVENTUAL;
            default -> throw new CodecException("expected consistency 0 (strong) or 1 (eventual), got " + tag);
        };
    }

    public static void itemId(BinaryWriter w, ItemId id) {
        switch (id) {
            case ItemId.Num n -> w.u8(0).zigzag(n.value());
            case ItemId.Str s -> w.u8(1).string(s.value());
        }
    }

    public static ItemId itemId(BinaryReader r) {
        int tag = r.u8("item id tag");
        return switch (tag) {
            case 0 -> new ItemId.Num(r.zigzag("numeric item id"));
            case 1 -> new ItemId.Str(r.string("string item id", STRING_BYTES_MAX));
            default -> throw new CodecException("expected an item id tag 0 (number) or 1 (string), got " + tag);
        };
    }

    public static void manifest(BinaryWriter w, FileManifest m) {
        w.string(m.name()).varLong(m.sizeBytes()).string(m.contentType()).bytes(m.sha256()).varLong(m.chunks().size());
        for (ChunkRef c : m.chunks()) {
            w.bytes(c.sha256()).varLong(c.sizeBytes());
        }
    }

    public static FileManifest manifest(BinaryReader r) {
        String name = r.string("file name", STRING_BYTES_MAX);
        long size = r.varLong("file size");
        String contentType = r.string("content type", STRING_BYTES_MAX);
        Bytes sha = r.bytesValue("file SHA-256", Limits.SHA256_BYTES);
        int n = r.count("chunks", Limits.CHUNKS_PER_FILE_MAX, 2);
        List<ChunkRef> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chunks.add(new ChunkRef(r.bytesValue("chunk SHA-256", Limits.SHA256_BYTES), r.varInt("chunk size", Integer.MAX_VALUE)));
        }
        return new FileManifest(name, size, contentType, sha, chunks);
    }
}
