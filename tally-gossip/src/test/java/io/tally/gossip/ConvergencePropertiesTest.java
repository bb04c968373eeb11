package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ConvergencePropertiesTest {

    /**
     * Whatever the faults (nodes cut off for seconds at a time, 10% datagram loss), once the
     * network heals every node sees every other alive again, and no node ever stops seeing itself
     * alive or lowers its own incarnation.
     */
    @Property(tries = 25)
    void membershipConvergesOnceFaultsHeal(@ForAll long seed) {
        TestCluster c = TestCluster.of(SwimConfig.defaults(), 6);
        Random faults = new Random(seed);
        c.lossRandom = new Random(seed ^ 0x5eed);
        c.loss = 0.1;
        List<String> ids = List.copyOf(c.nodes.keySet());
        Map<String, Long> lastIncarnation = new HashMap<>();
        for (int second = 0; second < 40; second++) {
            c.down.clear();
            int cut = faults.nextInt(3);
            for (int i = 0; i < cut; i++) {
                c.down.add(ids.get(faults.nextInt(ids.size())));
            }
            c.runUntil(c.nowMs + 1_000, 10);
            for (SwimNode n : c.nodes.values()) {
                assertThat(n.member(n.selfId()).orElseThrow().state()).isEqualTo(MemberState.ALIVE);
                long previous = lastIncarnation.getOrDefault(n.selfId(), 0L);
                assertThat(n.incarnation()).isGreaterThanOrEqualTo(previous);
                lastIncarnation.put(n.selfId(), n.incarnation());
            }
        }
        assertThat(c.eventLog).as("the faults must have caused suspicions").anyMatch(e -> e.contains(":SUSPECT:"));
        c.down.clear();
        c.loss = 0;
        c.runUntil(c.nowMs + 150_000, 10);
        for (SwimNode n : c.nodes.values()) {
            assertThat(n.members()).as("view of %s", n.selfId())
                    .extracting(Member::id).containsExactlyElementsOf(ids);
            assertThat(n.members()).as("view of %s", n.selfId())
                    .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.ALIVE));
        }
    }
}
