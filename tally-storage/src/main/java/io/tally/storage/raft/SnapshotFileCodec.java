package io.tally.storage.raft;

import io.tally.raft.Configuration;
import io.tally.raft.Snapshot;
import io.tally.raft.SnapshotMetadata;
import io.tally.storage.wal.WalCorruptionException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The Raft snapshot file (big-endian):
 * <pre>
 *   magic "TSNP" | u32 version 1 | i64 index | i64 term | u32 configLength | config
 *   | u32 dataLength | data | u32 crc32c(everything before it)
 * </pre>
 * Lengths are checked against the bytes actually present before anything is allocated. Pure and
 * thread-safe; decoding throws only {@link WalCorruptionException}.
 */
public final class SnapshotFileCodec {

    static final int MAGIC = 0x54534E50; // "TSNP"
    static final int VERSION = 1;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 8 + 4 + 4 + 4;

    private SnapshotFileCodec() {
    }

    public static byte[] encode(Snapshot s) {
        byte[] config = s.metadata().configuration().encode();
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + config.length + s.data().length);
        b.putInt(MAGIC).putInt(VERSION).putLong(s.index()).putLong(s.term())
                .putInt(config.length).put(config).putInt(s.data().length).put(s.data());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    public static Snapshot decode(byte[] bytes, String file) throws WalCorruptionException {
        if (bytes.length < FIXED_BYTES) {
            throw new WalCorruptionException(file, 0, "snapshot file of " + bytes.length + " bytes is shorter than its " + FIXED_BYTES + "-byte frame");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt();
        int version = b.getInt();
        if (magic != MAGIC || version != VERSION) {
            throw new WalCorruptionException(file, 0, "not a snapshot file (magic/version " + Integer.toHexString(magic) + "/" + version + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new WalCorruptionException(file, bytes.length - 4, "snapshot file CRC32C mismatch");
        }
        long index = b.getLong();
        long term = b.getLong();
        int configLen = b.getInt();
        if (configLen < 0 || configLen > b.remaining() - 8) {
            throw new WalCorruptionException(file, 24, "configuration length " + configLen + " exceeds the file");
        }
        byte[] config = new byte[configLen];
        b.get(config);
        int dataLen = b.getInt();
        if (dataLen != b.remaining() - 4) {
            throw new WalCorruptionException(file, b.position() - 4, "data length " + dataLen + " does not match the " + (b.remaining() - 4) + " bytes present");
        }
        byte[] data = new byte[dataLen];
        b.get(data);
        if (index < 0 || term < 0) {
            throw new WalCorruptionException(file, 8, "negative snapshot index or term " + index + "/" + term);
        }
        Configuration configuration;
        try {
            configuration = Configuration.decode(config);
        } catch (RuntimeException e) {
            throw new WalCorruptionException(file, 28, "snapshot configuration does not decode: " + e.getMessage());
        }
        return new Snapshot(new SnapshotMetadata(index, term, configuration), data);
    }
}
