package io.tally.server.raft;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which voters a node with an empty Raft log founds the group with. Pure.
 * <table>
 * <caption>initial voters of a fresh node</caption>
 * <tr><th>config</th><th>voters</th></tr>
 * <tr><td>member list naming this node</td><td>every listed member (the "file of servers")</td></tr>
 * <tr><td>member list without this node</td><td>none: the node waits to be added</td></tr>
 * <tr><td>no members, no join, bootstrap-expect unset or 1</td><td>this node alone</td></tr>
 * <tr><td>otherwise (join, or bootstrap-expect &gt; 1)</td><td>none until the membership signal (not wired yet)</td></tr>
 * </table>
 * A node whose log is not empty ignores all this: it resumes from its data dir.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    public static Optional<SortedSet<String>> initialVoters(String selfId, List<String> memberIds, boolean joins, int bootstrapExpect) {
        if (!memberIds.isEmpty()) {
            return memberIds.contains(selfId) ? Optional.of(new TreeSet<>(memberIds)) : Optional.empty();
        }
        if (!joins && bootstrapExpect <= 1) {
            return Optional.of(new TreeSet<>(List.of(selfId)));
        }
        return Optional.empty();
    }
}
