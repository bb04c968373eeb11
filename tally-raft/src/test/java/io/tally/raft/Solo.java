package io.tally.raft;

import io.tally.raft.message.RaftMessage;
import io.tally.raft.storage.MemoryRaftStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One node under test, driven by hand: the test plays the peers by stepping messages and reads the output batches.
 * Voters n1, n2, n3; the node under test is n1. Pre-vote and check-quorum are off unless a test turns them on.
 */
final class Solo {
    final RaftNode node;
    final MemoryRaftStorage disk;
    final List<Ready> readies = new ArrayList<>();

    Solo(RaftConfig cfg, MemoryRaftStorage disk) {
        this.disk = disk;
        this.node = new RaftNode(cfg, disk.recover(), new Random(7));
        drain();
    }

    static RaftConfig plain(String id) {
        return RaftConfig.defaults(id).withTimeouts(10, 2).withPreVote(false).withCheckQuorum(false);
    }

    /** n1 with an empty log at term 0. */
    static Solo fresh() {
        return new Solo(plain("n1"), new MemoryRaftStorage(Configuration.ofVoters("n1", "n2", "n3")));
    }

    /** n1 at {@code term} whose log holds entries with the given terms (indexes 1..k). */
    static Solo withLog(long term, long... entryTerms) {
        MemoryRaftStorage disk = new MemoryRaftStorage(Configuration.ofVoters("n1", "n2", "n3"));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < entryTerms.length; i++) {
            entries.add(entry(i + 1, entryTerms[i], "e" + (i + 1)));
        }
        disk.append(entries);
        disk.saveHardState(new HardState(term, null, 0));
        return new Solo(plain("n1"), disk);
    }

    static Entry entry(long index, long term, String data) {
        return new Entry(index, term, EntryType.NORMAL, 0, 0, 0, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Handles every pending Ready like a runtime (persist, then advance) and returns them. */
    List<Ready> drain() {
        List<Ready> out = new ArrayList<>();
        while (node.hasReady()) {
            Ready r = node.ready();
            disk.persist(r);
            out.add(r);
            node.advance(r);
        }
        readies.addAll(out);
        return out;
    }

    /** Steps one message and drains. */
    List<Ready> step(RaftMessage m) {
        node.step(m);
        return drain();
    }

    List<Ready> tick(int n) {
        for (int i = 0; i < n; i++) {
            node.tick();
        }
        return drain();
    }

    /** Messages of a type sent in the given batches (both send lists). */
    static <T extends RaftMessage> List<T> sent(List<Ready> rs, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Ready r : rs) {
            for (RaftMessage m : r.allMessages()) {
                if (type.isInstance(m)) {
                    out.add(type.cast(m));
                }
            }
        }
        return out;
    }

    static List<Entry> committed(List<Ready> rs) {
        List<Entry> out = new ArrayList<>();
        for (Ready r : rs) {
            out.addAll(r.committedEntries());
        }
        return out;
    }

    /** Makes n1 leader of term {@code node.term()+1} with votes from n2 (and drains). */
    List<Ready> becomeLeader() {
        node.campaign();
        drain();
        return step(new io.tally.raft.message.RequestVoteResponse("n2", "n1", node.term(), true));
    }
}
