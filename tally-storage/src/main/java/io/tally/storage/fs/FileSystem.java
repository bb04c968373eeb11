package io.tally.storage.fs;

import java.io.IOException;
import java.util.List;

/**
 * The file operations durable storage needs, rooted at one directory. Paths are relative and
 * '/'-separated ("wal/00000000000000000001.wal"). Durability contract (what a crash keeps):
 * <ul>
 *   <li>file contents: only bytes covered by a completed {@link FileHandle#sync()};</li>
 *   <li>names (create, delete, rename): only after {@link #syncDir(String)} of the parent directory.</li>
 * </ul>
 * Implementations are not thread-safe unless they say so; callers confine one instance to one thread
 * or synchronize externally.
 */
public interface FileSystem {

    /** Opens a file for reading and writing, creating it (empty) when {@code create} is true. */
    FileHandle open(String path, boolean create) throws IOException;

    boolean exists(String path);

    /** Names (not paths) of the entries directly under {@code dir}, sorted; empty if it does not exist. */
    List<String> list(String dir) throws IOException;

    /** Creates the directory and its parents; durable only after {@link #syncDir} of each parent. */
    void mkdirs(String dir) throws IOException;

    /** Deletes a file or an empty directory; no error if absent. */
    void delete(String path) throws IOException;

    /** Renames atomically, replacing {@code to} if present. */
    void rename(String from, String to) throws IOException;

    /** Makes the names under {@code dir} (creations, deletions, renames) durable. */
    void syncDir(String dir) throws IOException;

    /** How to show a path to an operator (an absolute path for the real file system). */
    default String describe(String path) {
        return path;
    }

    /** Parent directory of a path ("" for a top-level name). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Joins a directory and a name. */
    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
