package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exactly-once client commands across the whole cluster, snapshots and restarts. */
class SessionScenariosTest {

    private static Proposal cmd(String data, long client, long seq, long nowMs) {
        return new Proposal(data.getBytes(StandardCharsets.UTF_8), client, seq, nowMs);
    }

    @Test
    void retriedCommandIsDeduplicatedAcrossASnapshotAndRestart() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").propose(cmd("5", 42, 1, 1000));
        c.deliverAll();
        c.tickAll(2);
        // every node snapshots (the session table is inside) and compacts; n2 restarts from its snapshot
        for (String id : c.nodes.keySet()) {
            c.node(id).compact(c.node(id).appliedIndex(), c.app(id).snapshot());
            c.process(id);
        }
        c.crash("n2");
        c.restart("n2");
        assertThat(c.app("n2").sessions.hasSession(42)).isTrue();

        // the client did not see the answer and retries with the same sequence number
        c.node("n1").propose(cmd("5", 42, 1, 1500));
        c.deliverAll();
        c.tickAll(2);
        for (String id : c.nodes.keySet()) {
            assertThat(c.app(id).counter).as(id).isEqualTo(5);
            assertThat(c.app(id).responses.get("42/1")).as(id).isEqualTo("5");
        }
    }

    @Test
    void laggingFollowerGetsTheSessionTableThroughInstallSnapshot() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.isolate("n3");
        c.node("n1").propose(cmd("2", 7, 1, 10));
        c.deliverAll();
        c.node("n1").compact(c.node("n1").appliedIndex(), c.app("n1").snapshot());
        c.heal();
        c.tickAll(5);
        assertThat(c.app("n3").sessions.hasSession(7)).isTrue();
        c.node("n1").propose(cmd("2", 7, 1, 20)); // retry
        c.deliverAll();
        c.tickAll(2);
        assertThat(c.app("n3").counter).isEqualTo(2);
    }

    @Test
    void logTimeIsStampedByTheLeaderAndNeverGoesBackwards() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").propose(cmd("1", 1, 1, 5000));
        c.node("n1").propose(cmd("1", 2, 1, 4000)); // a proposer with a clock behind
        c.deliverAll();
        c.tickAll(2);
        long last = -1;
        for (Entry e : c.disks.get("n2").entries()) {
            assertThat(e.logTimeMs()).isGreaterThanOrEqualTo(last);
            last = e.logTimeMs();
        }
        assertThat(last).isEqualTo(5000);
    }
}
