package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message.Ack;
import io.tally.gossip.Message.Nack;
import io.tally.gossip.Message.Ping;
import io.tally.gossip.Message.PingReq;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeTest {
    private final SwimConfig config = SwimConfig.defaults();

    /** A node that knows members b, c, d and e (learned from alive messages). */
    private SwimNode nodeKnowingFourOthers() {
        SwimNode a = new SwimNode(config, "a", "a", NodeMeta.EMPTY, 0, new Random(1), 0);
        for (String id : List.of("b", "c", "d", "e")) {
            a.step(0, id, new Message.Alive(id, 0, id, NodeMeta.EMPTY));
        }
        a.takeOutput();
        return a;
    }

    private static List<Message> allMessages(SwimOutput out) {
        return out.sends().stream()
                .filter(o -> o instanceof Outbound.Datagram)
                .flatMap(o -> ((Outbound.Datagram) o).messages().stream())
                .toList();
    }

    private static Ping firstPing(SwimOutput out) {
        return allMessages(out).stream().filter(m -> m instanceof Ping).map(m -> (Ping) m).findFirst().orElseThrow();
    }

    @Test
    void eachPeriodProbesTheNextMemberAndAnAckEndsTheProbe() {
        SwimNode a = nodeKnowingFourOthers();
        a.tick(config.probeIntervalMs());
        Ping ping = firstPing(a.takeOutput());
        a.step(config.probeIntervalMs() + 5, ping.targetId(), new Ack(ping.seq(), ping.targetId()));
        a.tick(config.probeIntervalMs() + config.probeTimeoutMs() + 1);
        assertThat(allMessages(a.takeOutput())).noneMatch(m -> m instanceof PingReq);
        assertThat(a.member(ping.targetId()).orElseThrow().state()).isEqualTo(MemberState.ALIVE);
        assertThat(a.metrics().probesFailed()).isZero();
    }

    @Test
    void everyMemberIsProbedOnceInEachRoundOfTheShuffledOrder() {
        SwimNode a = nodeKnowingFourOthers();
        List<String> targets = new java.util.ArrayList<>();
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t += config.probeIntervalMs();
            a.tick(t);
            Ping ping = firstPing(a.takeOutput());
            targets.add(ping.targetId());
            a.step(t, ping.targetId(), new Ack(ping.seq(), ping.targetId()));
        }
        assertThat(targets.subList(0, 4)).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(targets.subList(4, 8)).containsExactlyInAnyOrder("b", "c", "d", "e");
    }

    @Test
    void aDirectTimeoutSendsIndirectProbesToKOtherMembers() {
        SwimNode a = nodeKnowingFourOthers();
        a.tick(config.probeIntervalMs());
        Ping ping = firstPing(a.takeOutput());
        a.tick(config.probeIntervalMs() + config.probeTimeoutMs());
        SwimOutput out = a.takeOutput();
        List<Outbound> reqs = out.sends().stream()
                .filter(o -> ((Outbound.Datagram) o).messages().get(0) instanceof PingReq)
                .toList();
        assertThat(reqs).hasSize(config.indirectChecks());
        assertThat(reqs).extracting(Outbound::toAddress).doesNotHaveDuplicates().doesNotContain(ping.targetId(), "a");
        PingReq req = (PingReq) ((Outbound.Datagram) reqs.get(0)).messages().get(0);
        assertThat(req.targetId()).isEqualTo(ping.targetId());
        assertThat(req.wantNack()).isTrue();
    }

    @Test
    void anIndirectAckPreventsSuspicion() {
        SwimNode a = nodeKnowingFourOthers();
        a.tick(config.probeIntervalMs());
        Ping ping = firstPing(a.takeOutput());
        a.tick(config.probeIntervalMs() + config.probeTimeoutMs());
        a.takeOutput();
        a.step(config.probeIntervalMs() + config.probeTimeoutMs() + 20, "c", new Ack(ping.seq(), ping.targetId()));
        a.tick(2 * config.probeIntervalMs());
        assertThat(a.member(ping.targetId()).orElseThrow().state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void noAckByTheEndOfThePeriodMakesTheTargetSuspect() {
        SwimNode a = nodeKnowingFourOthers();
        a.tick(config.probeIntervalMs());
        Ping ping = firstPing(a.takeOutput());
        a.tick(config.probeIntervalMs() + config.probeTimeoutMs());
        a.tick(2 * config.probeIntervalMs());
        SwimOutput out = a.takeOutput();
        assertThat(a.member(ping.targetId()).orElseThrow().state()).isEqualTo(MemberState.SUSPECT);
        assertThat(out.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(MemberEvent.Kind.SUSPECT);
            assertThat(e.member().id()).isEqualTo(ping.targetId());
        });
        assertThat(allMessages(out)).anyMatch(m -> m instanceof Message.Suspect s && s.id().equals(ping.targetId()));
        assertThat(a.metrics().suspicionsRaised()).isEqualTo(1);
    }

    @Test
    void aRelayForwardsTheTargetsAckOrSendsANackWhenItStaysSilent() {
        SwimNode relay = nodeKnowingFourOthers();
        relay.step(10, "b", new PingReq(77, "c", "c", "b", true));
        Ping relayed = firstPing(relay.takeOutput());
        assertThat(relayed.targetId()).isEqualTo("c");
        relay.step(20, "c", new Ack(relayed.seq(), "c"));
        SwimOutput out = relay.takeOutput();
        assertThat(out.sends()).singleElement().satisfies(o -> {
            assertThat(o.toAddress()).isEqualTo("b");
            assertThat(((Outbound.Datagram) o).messages().get(0)).isEqualTo(new Ack(77, "c"));
        });

        relay.step(30, "b", new PingReq(78, "d", "d", "b", true));
        relay.takeOutput();
        relay.tick(30 + config.probeTimeoutMs());
        assertThat(allMessages(relay.takeOutput())).contains(new Nack(78, "a"));
    }

    @Test
    void aPingForAnotherNodeIsNotAnswered() {
        SwimNode a = nodeKnowingFourOthers();
        a.step(5, "x", new Ping(1, "someone-else", "x"));
        assertThat(a.takeOutput().sends()).isEmpty();
        a.step(6, "x", new Ping(2, "a", "x"));
        assertThat(allMessages(a.takeOutput())).first().isEqualTo(new Ack(2, "a"));
    }
}
