package io.tally.store.codec;

import io.tally.store.command.ErrorCode;
import io.tally.store.command.Limits;
import io.tally.store.command.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of {@link Result}s: what a client session remembers for a retried command, and what the
 * leader returns to a node that forwarded a write. {@code u8 formatVersion(1) | u8 tag | fields}. Stateless.
 */
public final class ResultCodec {
    public static final int FORMAT_VERSION = 1;

    private ResultCodec() {
    }

    public static byte[] encode(Result result) {
        BinaryWriter w = new BinaryWriter(32);
        w.u8(FORMAT_VERSION);
        switch (result) {
            case Result.KeyspaceInfo k -> {
                w.u8(1).string(k.name());
                Fields.consistency(w, k.consistency());
                w.varLong(k.replicas()).bool(k.created());
            }
            case Result.CounterValue c -> w.u8(2).string(c.key()).zigzag(c.value()).varLong(c.version());
            case Result.ValueWritten v -> w.u8(3).string(v.key()).varLong(v.version());
            case Result.Value v -> w.u8(4).string(v.key()).bytes(v.value()).string(v.contentType()).varLong(v.version());
            case Result.Deleted d -> w.u8(5).string(d.key()).bool(d.existed());
            case Result.KeyListing l -> {
                w.u8(6).varLong(l.keys().size());
                for (Result.KeyEntry e : l.keys()) {
                    w.string(e.key()).u8(e.kind().ordinal()).varLong(e.version());
                }
                w.string(l.nextAfter());
            }
            case Result.ItemsAccepted a -> w.u8(7).varLong(a.accepted());
            case Result.Count c -> w.u8(8).string(c.tenant()).zigzag(c.count());
            case Result.FileWritten f -> w.u8(9).string(f.name()).varLong(f.version()).varLong(f.sizeBytes()).bytes(f.sha256());
            case Result.FileInfo f -> {
                w.u8(10);
                Fields.manifest(w, f.manifest());
                w.varLong(f.version());
            }
            case Result.FileListing l -> {
                w.u8(11).varLong(l.files().size());
                for (Result.FileEntry e : l.files()) {
                    w.string(e.name()).varLong(e.sizeBytes()).bytes(e.sha256()).string(e.contentType()).varLong(e.version());
                }
                w.string(l.nextAfter());
            }
            case Result.Error e -> w.u8(12).string(e.code().code()).string(e.message());
        }
        return w.toByteArray();
    }

    /**
     * Decodes one result.
     *
     * @throws CodecException for anything that is not exactly one valid encoding
     */
    public static Result decode(byte[] bytes) {
        if (bytes.length > Limits.COMMAND_BYTES_MAX) {
            throw new CodecException("expected a result of at most " + Limits.COMMAND_BYTES_MAX + " bytes, got " + bytes.length);
        }
        BinaryReader r = new BinaryReader(bytes);
        int version = r.u8("format version");
        if (version != FORMAT_VERSION) {
            throw new CodecException("expected result format version " + FORMAT_VERSION + ", got " + version);
        }
        int tag = r.u8("result tag");
        int sMax = Fields.STRING_BYTES_MAX;
        Result out = switch (tag) {
            case 1 -> new Result.KeyspaceInfo(r.string("keyspace", sMax), Fields.consistency(r), r.varInt("replicas", Integer.MAX_VALUE),
                    r.bool("created"));
            case 2 -> new Result.CounterValue(r.string("key", sMax), r.zigzag("counter value"), r.varLong("version"));
            case 3 -> new Result.ValueWritten(r.string("key", sMax), r.varLong("version"));
            case 4 -> new Result.Value(r.string("key", sMax), r.bytesValue("value", Limits.COMMAND_BYTES_MAX), r.string("content type", sMax),
                    r.varLong("version"));
            case 5 -> new Result.Deleted(r.string("key", sMax), r.bool("existed"));
            case 6 -> {
                int n = r.count("keys", Limits.LIST_LIMIT_MAX, 3);
                List<Result.KeyEntry> keys = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String key = r.string("key", sMax);
                    int kind = r.u8("key kind");
                    if (kind >= Result.KeyKind.values().length) {
                        throw new CodecException("expected key kind 0..1, got " + kind);
                    }
                    keys.add(new Result.KeyEntry(key, Result.KeyKind.values()[kind], r.varLong("version")));
                }
                yield new Result.KeyListing(keys, r.string("continuation token", sMax));
            }
            case 7 -> new Result.ItemsAccepted(r.varInt("accepted", Integer.MAX_VALUE));
            case 8 -> new Result.Count(r.string("tenant", sMax), r.zigzag("count"));
            case 9 -> new Result.FileWritten(r.string("file name", sMax), r.varLong("version"), r.varLong("size"),
                    r.bytesValue("SHA-256", Limits.SHA256_BYTES));
            case 10 -> new Result.FileInfo(Fields.manifest(r), r.varLong("version"));
            case 11 -> {
                int n = r.count("files", Limits.LIST_LIMIT_MAX, 5);
                List<Result.FileEntry> files = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    files.add(new Result.FileEntry(r.string("file name", sMax), r.varLong("size"), r.bytesValue("SHA-256", Limits.SHA256_BYTES),
                            r.string("content type", sMax), r.varLong("version")));
                }
                yield new Result.FileListing(files, r.string("continuation token", sMax));
            }
            case 12 -> {
                String code = r.string("error code", sMax);
                ErrorCode ec = null;
                for (ErrorCode c : ErrorCode.values()) {
                    if (c.code().equals(code)) {
                        ec = c;
                    }
                }
                if (ec == null) {
                    throw new CodecException("expected a known error code, got \"" + code + "\"");
                }
                yield new Result.Error(ec, r.string("error message", sMax));
            }
            default -> throw new CodecException("expected a result tag 1..12, got " + tag);
        };
        r.end("result");
        return out;
    }
}
