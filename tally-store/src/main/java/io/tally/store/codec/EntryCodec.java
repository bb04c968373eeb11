package io.tally.store.codec;

import io.tally.store.command.Command;
import io.tally.store.command.Limits;
import io.tally.store.command.SessionCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of a NORMAL Raft entry: either one command ({@link CommandCodec}, first byte 1; the entry carries its
 * session) or a batch of commands each with its own session, first byte {@link #BATCH_FORMAT}:
 * {@code u8 0x81 | varint count | count × (zigzag clientId | varint sequence | varint length | command)}.
 * Stateless; any thread.
 */
public final class EntryCodec {
    /** First byte of a batch; distinct from every command format version. */
    public static final int BATCH_FORMAT = 0x81;

    /** What an entry holds. */
    public sealed interface Payload {
        /** One command; the session is the entry's. */
        record Single(Command command) implements Payload {
        }

        /** Several commands, each with its own session. */
        record Batch(List<SessionCommand> commands) implements Payload {
            public Batch {
                commands = List.copyOf(commands);
            }
        }
    }

    /** A command already encoded by {@link CommandCodec}, with its session: batched without encoding it again. */
    public record Encoded(long clientId, long sequence, byte[] command) {
    }

    private EntryCodec() {
    }

    /** Encodes a batch of 1..{@link Limits#COMMANDS_PER_ENTRY_MAX} commands. */
    public static byte[] encodeBatch(List<SessionCommand> commands) {
        List<Encoded> encoded = new ArrayList<>(commands.size());
        for (SessionCommand c : commands) {
            encoded.add(new Encoded(c.clientId(), c.sequence(), CommandCodec.encode(c.command())));
        }
        return encodeBatchOf(encoded);
    }

    /** Encodes a batch of 1..{@link Limits#COMMANDS_PER_ENTRY_MAX} commands already in {@link CommandCodec}'s format. */
    public static byte[] encodeBatchOf(List<Encoded> commands) {
        if (commands.isEmpty() || commands.size() > Limits.COMMANDS_PER_ENTRY_MAX) {
            throw new IllegalArgumentException("expected 1.." + Limits.COMMANDS_PER_ENTRY_MAX + " commands in a batch, got " + commands.size());
        }
        int bytes = 12;
        for (Encoded c : commands) {
            bytes += c.command().length + 24;
        }
        BinaryWriter w = new BinaryWriter(bytes);
        w.u8(BATCH_FORMAT).varLong(commands.size());
        for (Encoded c : commands) {
            w.zigzag(c.clientId()).varLong(c.sequence()).bytes(c.command());
        }
        return w.toByteArray();
    }

    /**
     * Decodes an entry's data.
     *
     * @throws CodecException for anything that is not exactly one valid single command or batch
     */
    public static Payload decode(byte[] data) {
        if (data.length == 0 || (data[0] & 0xFF) != BATCH_FORMAT) {
            return new Payload.Single(CommandCodec.decode(data));
        }
        if (data.length > Limits.COMMAND_BYTES_MAX) {
            throw new CodecException("expected a batch of at most " + Limits.COMMAND_BYTES_MAX + " bytes, got " + data.length);
        }
        BinaryReader r = new BinaryReader(data);
        r.u8("batch format");
        int n = r.count("batched commands", Limits.COMMANDS_PER_ENTRY_MAX, 4);
        if (n == 0) {
            throw new CodecException("expected at least one command in a batch");
        }
        List<SessionCommand> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long clientId = r.zigzag("client id");
            long sequence = r.varLong("sequence");
            commands.add(new SessionCommand(clientId, sequence, CommandCodec.decode(r.bytes("command " + i, Limits.COMMAND_BYTES_MAX))));
        }
        r.end("batch");
        return new Payload.Batch(commands);
    }
}
