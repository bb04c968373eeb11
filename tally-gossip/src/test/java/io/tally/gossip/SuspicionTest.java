package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message.Ping;
import io.tally.gossip.Message.Suspect;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuspicionTest {

    private static SwimNode nodeKnowing(SwimConfig config, String self, List<String> others) {
        SwimNode n = new SwimNode(config, self, self, NodeMeta.EMPTY, 0, new Random(3), 0);
        for (String id : others) {
            n.step(0, id, new Message.Alive(id, 0, id, NodeMeta.EMPTY));
        }
        n.takeOutput();
        return n;
    }

    @Test
    void aSuspectIsDeclaredDeadAfterTheSuspicionTimeout() {
        SwimConfig config = SwimConfig.defaults().withLifeguard(false).withLifetimes(0, 30_000, 600_000);
        SwimNode a = nodeKnowing(config, "a", List.of("b", "c"));
        a.step(100, "c", new Suspect("b", 0, "c"));
        long timeoutMs = SwimMath.suspicionMinTimeoutMs(config.suspicionMult(), 3, config.probeIntervalMs());
        a.tick(100 + timeoutMs - 1);
        assertThat(a.member("b").orElseThrow().state()).isEqualTo(MemberState.SUSPECT);
        a.tick(100 + timeoutMs);
        assertThat(a.member("b").orElseThrow().state()).isEqualTo(MemberState.DEAD);
        assertThat(a.takeOutput().events()).extracting(MemberEvent::kind)
                .containsSubsequence(MemberEvent.Kind.SUSPECT, MemberEvent.Kind.DEAD);
        assertThat(a.metrics().deadDeclared()).isEqualTo(1);
    }

    @Test
    void lifeguardSuspicionStartsAtTheMaximumAndShrinksWithIndependentConfirmations() {
        SwimConfig config = SwimConfig.defaults().withLifetimes(0, 30_000, 600_000);
        List<String> others = List.of("b", "c", "d", "e", "f", "g");
        int n = others.size() + 1;
        long minMs = SwimMath.suspicionMinTimeoutMs(config.suspicionMult(), n, config.probeIntervalMs());
        long maxMs = minMs * config.suspicionMaxTimeoutMult();

        SwimNode lonely = nodeKnowing(config, "a", others);
        lonely.step(0, "c", new Suspect("b", 0, "c"));
        lonely.tick(maxMs - 1);
        assertThat(lonely.member("b").orElseThrow().state()).isEqualTo(MemberState.SUSPECT);
        lonely.tick(maxMs);
        assertThat(lonely.member("b").orElseThrow().state()).isEqualTo(MemberState.DEAD);

        SwimNode confirmed = nodeKnowing(config, "a", others);
        confirmed.step(0, "c", new Suspect("b", 0, "c"));
        confirmed.step(0, "c", new Suspect("b", 0, "c")); // the same suspecter again: not independent
        confirmed.step(0, "d", new Suspect("b", 0, "d"));
        long afterOne = SwimMath.suspicionTimeoutMs(minMs, maxMs, config.suspicionMult() - 2, 1);
        assertThat(afterOne).isLessThan(maxMs).isGreaterThan(minMs);
        confirmed.tick(afterOne);
        assertThat(confirmed.member("b").orElseThrow().state()).isEqualTo(MemberState.DEAD);

        SwimNode fully = nodeKnowing(config, "a", others);
        fully.step(0, "c", new Suspect("b", 0, "c"));
        fully.step(0, "d", new Suspect("b", 0, "d"));
        fully.step(0, "e", new Suspect("b", 0, "e"));
        fully.tick(minMs);
        assertThat(fully.member("b").orElseThrow().state()).isEqualTo(MemberState.DEAD);
    }

    @Test
    void aSuspectedNodeRefutesWithAHigherIncarnationAndOthersBelieveIt() {
        TestCluster c = TestCluster.of(SwimConfig.defaults(), 4);
        c.nodes.get("n1").step(0, "n2", new Suspect("n3", 0, "n2"));
        c.deliver();
        c.runUntil(20_000, 10);
        SwimNode n3 = c.nodes.get("n3");
        assertThat(n3.incarnation()).isGreaterThanOrEqualTo(1);
        assertThat(n3.metrics().refutations()).isGreaterThanOrEqualTo(1);
        for (String observer : List.of("n1", "n2", "n4")) {
            assertThat(c.stateAt(observer, "n3")).isEqualTo(MemberState.ALIVE);
            assertThat(c.nodes.get(observer).member("n3").orElseThrow().incarnation()).isEqualTo(n3.incarnation());
        }
        assertThat(c.eventLog).contains("n1:SUSPECT:n3", "n1:ALIVE:n3");
    }

    @Test
    void aStaleSuspicionWithAnOlderIncarnationIsIgnored() {
        SwimNode a = nodeKnowing(SwimConfig.defaults(), "a", List.of("b", "c"));
        a.step(0, "b", new Message.Alive("b", 5, "b", NodeMeta.EMPTY));
        a.step(1, "c", new Suspect("b", 4, "c"));
        assertThat(a.member("b").orElseThrow().state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void buddySystemTellsASuspectedMemberInThePingItself() {
        SwimConfig config = SwimConfig.defaults();
        SwimNode a = nodeKnowing(config, "a", List.of("b"));
        a.step(0, "x", new Suspect("b", 0, "x"));
        a.takeOutput();
        a.tick(config.probeIntervalMs());
        Outbound.Datagram d = (Outbound.Datagram) a.takeOutput().sends().get(0);
        assertThat(d.toAddress()).isEqualTo("b");
        assertThat(d.messages().get(0)).isEqualTo(new Suspect("b", 0, "a"));
        assertThat(d.messages().get(1)).isInstanceOf(Ping.class);

        // The suspect refutes before answering, so its Ack carries the refutation back at once.
        SwimNode b = nodeKnowing(config, "b", List.of("a"));
        b.receive(config.probeIntervalMs() + 1, "a", d.messages());
        Outbound.Datagram ack = (Outbound.Datagram) b.takeOutput().sends().get(0);
        assertThat(ack.messages().get(0)).isInstanceOf(Message.Ack.class);
        assertThat(ack.messages()).contains(new Message.Alive("b", 1, "b", NodeMeta.EMPTY));
        a.receive(config.probeIntervalMs() + 2, "b", ack.messages());
        assertThat(a.member("b").orElseThrow().state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void withoutLifeguardThePingToASuspectCarriesNoBuddyWarning() {
        SwimConfig config = SwimConfig.defaults().withLifeguard(false);
        SwimNode a = nodeKnowing(config, "a", List.of("b"));
        a.step(0, "x", new Suspect("b", 0, "x"));
        a.takeOutput();
        a.tick(config.probeIntervalMs());
        Outbound.Datagram d = (Outbound.Datagram) a.takeOutput().sends().get(0);
        assertThat(d.messages().get(0)).isInstanceOf(Ping.class);
    }
}
