package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random schedules over the in-memory harness (reordering, loss, duplication, partitions, crashes, compaction,
 * membership changes, transfers): after every step at most one leader per term and no two nodes apply different
 * entries at one index; once healed, every node applies every acknowledged command. A quick guard for the core; the
 * deep version is the tally-sim simulator. Seeds: {@code tally.raft.seeds} (default 40, 2000 under -Psoak).
 */
class RandomizedSafetyTest {
    private int readsChecked;

    @Test
    void randomSchedulesKeepSafetyAndConvergeOnceHealed() {
        // 40 seeds in CI; the soak profile (tally.sim.seeds >= 1000) runs 2000; tally.raft.seeds overrides both
        int seeds = Integer.getInteger("tally.raft.seeds", Integer.getInteger("tally.sim.seeds", 200) >= 1000 ? 2000 : 40);
        long from = Long.getLong("tally.raft.seed", 1);
        for (long seed = from; seed < from + seeds; seed++) {
            try {
                run(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameRun() {
        assertThat(run(7)).isEqualTo(run(7));
        assertThat(run(7)).isNotEqualTo(run(8));
    }

    /** Runs one seed; returns a fingerprint of every delivered message and the final logs. */
    private long run(long seed) {
        Random r = new Random(seed);
        boolean lease = r.nextBoolean();
        Cluster c = Cluster.of(r.nextBoolean() ? 3 : 5, id -> RaftConfig.defaults(id).withTimeouts(10, 2)
                .withSnapshotChunkBytes(64).withFlowControl(1 + r.nextInt(4), 4096, 512)
                .withReadMode(lease ? ReadMode.LEASE : ReadMode.SAFE));
        boolean membership = r.nextBoolean();
        if (membership) {
            c.add(RaftConfig.defaults("n9").withTimeouts(10, 2).withSnapshotChunkBytes(64)
                    .withReadMode(lease ? ReadMode.LEASE : ReadMode.SAFE), new io.tally.raft.storage.MemoryRaftStorage());
        }
        List<String> ids = new ArrayList<>(c.nodes.keySet());
        Map<Long, String> leaderOfTerm = new TreeMap<>();
        int proposed = 0;
        Map<Long, Long> minIndexOfRead = new TreeMap<>();
        for (int step = 0; step < 3000; step++) {
            int action = r.nextInt(100);
            String id = ids.get(r.nextInt(ids.size()));
            if (action < 55) {
                if (!c.deliverOneRandom(r, 0.05, 0.02)) {
                    c.tickAll(1);
                }
            } else if (action < 75) {
                for (String n : ids) {
                    if (!c.crashed.contains(n)) {
                        c.node(n).tick();
                    }
                }
            } else if (action < 85) {
                if (!c.crashed.contains(id) && c.node(id).role() == Role.LEADER) {
                    c.node(id).propose(Proposal.of(Integer.toString(++proposed).getBytes(StandardCharsets.UTF_8)));
                }
            } else if (action < 87) {
                if (c.crashed.contains(id)) {
                    c.restart(id);
                } else if (c.crashed.size() < (ids.size() - 1) / 2) {
                    c.crash(id);
                }
            } else if (action < 89) {
                if (c.cut.isEmpty()) {
                    c.isolate(id);
                } else {
                    c.heal();
                }
            } else if (action < 91) {
                if (!c.crashed.contains(id) && c.node(id).appliedIndex() > c.node(id).snapshotIndex()) {
                    c.node(id).compact(c.node(id).appliedIndex(), c.app(id).snapshot());
                }
            } else if (action < 92) {
                if (!c.crashed.contains(id) && c.node(id).role() == Role.LEADER) {
                    c.node(id).transferLeadership(ids.get(r.nextInt(ids.size())));
                }
            } else if (action < 93) {
                if (membership && !c.crashed.contains(id) && c.node(id).role() == Role.LEADER) {
                    Configuration conf = c.node(id).configuration();
                    String target = ids.get(r.nextInt(ids.size()));
                    ConfChange.Type type;
                    if (conf.isLearner(target)) {
                        type = ConfChange.Type.PROMOTE;
                    } else if (conf.isVoter(target)) {
                        type = conf.voters().size() > 2 ? ConfChange.Type.REMOVE : null;
                    } else {
                        type = r.nextBoolean() ? ConfChange.Type.ADD_LEARNER : ConfChange.Type.ADD_VOTER;
                    }
                    if (type != null) {
                        c.node(id).proposeConfChange(ConfChange.of(type, target));
                    }
                }
            } else if (action < 95) {
                if (!c.crashed.contains(id)) {
                    minIndexOfRead.put((long) step,
                            c.nodes.values().stream().mapToLong(RaftNode::commitIndex).max().orElse(0));
                    c.node(id).readIndex(step);
                }
            } else {
                c.processAll();
            }
            c.processAll();
            for (RaftNode n : c.nodes.values()) {
                if (n.role() == Role.LEADER) {
                    String prev = leaderOfTerm.putIfAbsent(n.term(), n.id());
                    assertThat(prev == null || prev.equals(n.id()))
                            .as("two leaders in term " + n.term() + ": " + prev + " and " + n.id()).isTrue();
                }
            }
            c.assertStateMachineSafety();
            checkReads(c, minIndexOfRead);
        }
        // heal everything and let it settle
        c.heal();
        for (String id : ids) {
            if (c.crashed.contains(id)) {
                c.restart(id);
            }
        }
        String leader = c.tickUntilLeader();
        c.node(leader).propose(Proposal.of("final".getBytes(StandardCharsets.UTF_8)));
        c.tickAll(30);
        leader = c.tickUntilLeader(); // the removed or deposed may have handed over meanwhile
        c.tickAll(5);
        long commit = c.node(leader).commitIndex();
        if (Boolean.getBoolean("tally.raft.verbose")) {
            for (RaftNode n : c.nodes.values()) {
                System.err.println(n + " conf=" + n.configuration() + " applied=" + c.app(n.id()).appliedIndex
                        + " crashed=" + c.crashed.contains(n.id()));
            }
        }
        for (String id : c.node(leader).configuration().allMembers()) {
            assertThat(c.app(id).appliedIndex).as("node " + id + " applied").isEqualTo(commit);
            assertThat(c.app(id).applied).as(id).isEqualTo(c.app(leader).applied);
        }
        c.assertStateMachineSafety();
        long fingerprint = 17;
        for (io.tally.raft.message.RaftMessage m : c.delivered) {
            fingerprint = fingerprint * 31 + (m.getClass().getSimpleName() + m.from() + m.to() + m.term()).hashCode();
        }
        for (RaftNode n : c.nodes.values()) {
            fingerprint = fingerprint * 31 + n.toString().hashCode();
        }
        if (Boolean.getBoolean("tally.raft.verbose")) {
            long snapshots = c.delivered.stream().filter(m -> m instanceof io.tally.raft.message.InstallSnapshot).count();
            System.err.printf("seed %d: terms=%d commit=%d proposed=%d snapshotChunks=%d readsChecked=%d conf=%s%n",
                    seed, leaderOfTerm.size(), commit, proposed, snapshots, readsChecked,
                    c.node(leader).configuration());
        }
        return fingerprint;
    }

    /**
     * Linearizable reads: a read must observe every entry committed (anywhere) before it was requested, and can only
     * name an index that is committed somewhere.
     */
    private void checkReads(Cluster c, Map<Long, Long> minIndexOfRead) {
        long maxCommit = c.nodes.values().stream().mapToLong(RaftNode::commitIndex).max().orElse(0);
        for (Map.Entry<String, List<ReadState>> e : c.reads.entrySet()) {
            for (ReadState rs : e.getValue()) {
                Long min = minIndexOfRead.remove(rs.requestId());
                readsChecked++;
                assertThat(min).as("read " + rs.requestId() + " answered twice or never asked").isNotNull();
                assertThat(rs.readIndex()).as("read " + rs.requestId() + " on " + e.getKey() + " is stale")
                        .isGreaterThanOrEqualTo(min);
                assertThat(rs.readIndex()).isLessThanOrEqualTo(maxCommit);
            }
            e.getValue().clear();
        }
    }

}
