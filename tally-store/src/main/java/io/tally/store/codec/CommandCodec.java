package io.tally.store.codec;

import io.tally.store.command.Command;
import io.tally.store.command.Item;
import io.tally.store.command.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of {@link Command}s inside Raft log entries: {@code u8 formatVersion(1) | u8 tag | fields}
 * (tags and fields in docs/data-model.md). Stateless; any thread.
 */
public final class CommandCodec {
    /** Current format version, the first byte of every encoding. */
    public static final int FORMAT_VERSION = 1;

    private CommandCodec() {
    }

    public static byte[] encode(Command command) {
        BinaryWriter w = new BinaryWriter(64);
        w.u8(FORMAT_VERSION);
        switch (command) {
            case Command.CreateKeyspace c -> {
                w.u8(1).string(c.keyspace());
                Fields.consistency(w, c.consistency());
                w.varLong(c.replicas());
            }
            case Command.CounterIncrement c -> w.u8(2).string(c.keyspace()).string(c.key()).zigzag(c.delta());
            case Command.CounterRead c -> w.u8(3).string(c.keyspace()).string(c.key());
            case Command.ValuePut c -> {
                w.u8(4).string(c.keyspace()).string(c.key()).bytes(c.value()).string(c.contentType());
                Fields.condition(w, c.condition());
            }
            case Command.ValueGet c -> w.u8(5).string(c.keyspace()).string(c.key());
            case Command.ValueDelete c -> {
                w.u8(6).string(c.keyspace()).string(c.key());
                Fields.condition(w, c.condition());
            }
            case Command.ValueList c -> w.u8(7).string(c.keyspace()).string(c.prefix()).string(c.after()).varLong(c.limit());
            case Command.ItemsPut c -> {
                w.u8(8).string(c.keyspace()).varLong(c.items().size());
                for (Item item : c.items()) {
                    Fields.itemId(w, item.id());
                    w.string(item.tenant());
                }
            }
            case Command.ItemCount c -> w.u8(9).string(c.keyspace()).string(c.tenant());
            case Command.FilePut c -> {
                w.u8(10).string(c.keyspace());
                Fields.manifest(w, c.manifest());
            }
            case Command.FileGet c -> w.u8(11).string(c.keyspace()).string(c.name());
            case Command.FileDelete c -> w.u8(12).string(c.keyspace()).string(c.name());
            case Command.FileList c -> w.u8(13).string(c.keyspace()).string(c.prefix()).string(c.after()).varLong(c.limit());
        }
        return w.toByteArray();
    }

    /**
     * Decodes one command.
     *
     * @throws CodecException for anything that is not exactly one valid encoding (never another exception)
     */
    public static Command decode(byte[] bytes) {
        if (bytes.length > Limits.COMMAND_BYTES_MAX) {
            throw new CodecException("expected a command of at most " + Limits.COMMAND_BYTES_MAX + " bytes, got " + bytes.length);
        }
        BinaryReader r = new BinaryReader(bytes);
        int version = r.u8("format version");
        if (version != FORMAT_VERSION) {
            throw new CodecException("expected command format version " + FORMAT_VERSION + ", got " + version);
        }
        int tag = r.u8("command tag");
        int sMax = Fields.STRING_BYTES_MAX;
        Command c = switch (tag) {
            case 1 -> new Command.CreateKeyspace(r.string("keyspace", sMax), Fields.consistency(r), r.varInt("replicas", Integer.MAX_VALUE));
            case 2 -> new Command.CounterIncrement(r.string("keyspace", sMax), r.string("key", sMax), r.zigzag("delta"));
            case 3 -> new Command.CounterRead(r.string("keyspace", sMax), r.string("key", sMax));
            case 4 -> new Command.ValuePut(r.string("keyspace", sMax), r.string("key", sMax), r.bytesValue("value", Limits.COMMAND_BYTES_MAX),
                    r.string("content type", sMax), Fields.condition(r));
            case 5 -> new Command.ValueGet(r.string("keyspace", sMax), r.string("key", sMax));
            case 6 -> new Command.ValueDelete(r.string("keyspace", sMax), r.string("key", sMax), Fields.condition(r));
            case 7 -> new Command.ValueList(r.string("keyspace", sMax), r.string("prefix", sMax), r.string("continuation token", sMax),
                    r.varInt("limit", Integer.MAX_VALUE));
            case 8 -> {
                String ks = r.string("keyspace", sMax);
                int n = r.count("items", Integer.MAX_VALUE, 3);
                List<Item> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(new Item(Fields.itemId(r), r.string("tenant", sMax)));
                }
                yield new Command.ItemsPut(ks, items);
            }
            case 9 -> new Command.ItemCount(r.string("keyspace", sMax), r.string("tenant", sMax));
            case 10 -> new Command.FilePut(r.string("keyspace", sMax), Fields.manifest(r));
            case 11 -> new Command.FileGet(r.string("keyspace", sMax), r.string("name", sMax));
            case 12 -> new Command.FileDelete(r.string("keyspace", sMax), r.string("name", sMax));
            case 13 -> new Command.FileList(r.string("keyspace", sMax), r.string("prefix", sMax), r.string("continuation token", sMax),
                    r.varInt("limit", Integer.MAX_VALUE));
            default -> throw new CodecException("expected a command tag 1..13, got " + tag);
        };
        r.end("command");
        return c;
    }
}
