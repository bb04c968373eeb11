package io.tally.sim.raft;

import org.junit.jupiter.api.Test;

class ScratchDebugTest {
    @Test
    void run() {
        RaftSimulation sim = new RaftSimulation(15, SimOptions.defaults().withFaults(FaultKind.parse("crash")));
        SimResult r = sim.run();
        System.out.println(r.summary());
        for (SimNode n : sim.nodes()) {
            var x = n.raft();
            System.out.println(n.id() + " up=" + n.up() + " role=" + x.role() + " term=" + x.term() + " leader=" + x.leaderId()
                    + " commit=" + x.commitIndex() + " last=" + x.lastIndex() + " applied=" + n.stateMachine().appliedIndex()
                    + " disk last=" + n.disk().lastIndex() + " snap=" + n.disk().live().snapshot().index()
                    + " hs=" + n.disk().live().hardState());
        }
    }
}
