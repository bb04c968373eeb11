package io.tally.store.state;

import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Result;

/**
 * Files by reference: a put stores the manifest and one {@link Family#CHUNK_REFS} key per distinct chunk it
 * names, replacing the references of the file it overwrites; a delete removes both. A chunk no key names can be
 * collected by the chunk store. Apply thread only.
 */
final class FileMutations {
    private FileMutations() {
    }

    static Result put(WriteBuffer buf, Command.FilePut c, long revision) {
        FileManifest m = c.manifest();
        byte[] key = Keys.file(c.keyspace(), m.name());
        byte[] old = buf.get(Family.DATA, key);
        if (old != null) {
            unreference(buf, c.keyspace(), Records.file(old).manifest());
        }
        for (ChunkRef chunk : m.chunks()) {
            buf.put(Family.CHUNK_REFS, Keys.chunkRef(chunk, c.keyspace(), m.name()), new byte[0]);
        }
        buf.put(Family.DATA, key, Records.file(new Records.FileRecord(revision, m)));
        return new Result.FileWritten(m.name(), revision, m.sizeBytes(), m.sha256());
    }

    static Result delete(WriteBuffer buf, Command.FileDelete c) {
        byte[] key = Keys.file(c.keyspace(), c.name());
        byte[] old = buf.get(Family.DATA, key);
        if (old == null) {
            return new Result.Deleted(c.name(), false);
        }
        unreference(buf, c.keyspace(), Records.file(old).manifest());
        buf.delete(Family.DATA, key);
        return new Result.Deleted(c.name(), true);
    }

    private static void unreference(WriteBuffer buf, String keyspace, FileManifest m) {
        for (ChunkRef chunk : m.chunks()) {
            buf.delete(Family.CHUNK_REFS, Keys.chunkRef(chunk, keyspace, m.name()));
        }
    }
}
