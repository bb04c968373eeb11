package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message.Ack;
import io.tally.gossip.Message.Nack;
import io.tally.gossip.Message.Ping;
import io.tally.gossip.Message.PingReq;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalHealthTest {
    private final SwimConfig config = SwimConfig.defaults();

    private SwimNode node(SwimConfig cfg) {
        SwimNode a = new SwimNode(cfg, "a", "a", NodeMeta.EMPTY, 0, new Random(9), 0);
        for (String id : List.of("b", "c", "d", "e", "f")) {
            a.step(0, id, new Message.Alive(id, 0, id, NodeMeta.EMPTY));
        }
        a.takeOutput();
        return a;
    }

    private static Ping ping(SwimOutput out) {
        for (Outbound o : out.sends()) {
            for (Message m : ((Outbound.Datagram) o).messages()) {
                if (m instanceof Ping p) {
                    return p;
                }
            }
        }
        throw new AssertionError("no ping in " + out.sends());
    }

    /** Runs one probe period from {@code startMs} in which neither acks nor nacks arrive; returns its end. */
    private long silentPeriod(SwimNode a, long startMs) {
        a.tick(startMs);
        a.takeOutput();
        long period = SwimMath.scaledByHealthMs(config.probeIntervalMs(), a.healthScore());
        long timeout = SwimMath.scaledByHealthMs(config.probeTimeoutMs(), a.healthScore());
        a.tick(startMs + timeout);
        a.tick(startMs + period); // fails the probe and starts the next one (its output is left for the caller)
        return startMs + period;
    }

    @Test
    void missingNacksRaiseTheHealthScoreByTheirNumber() {
        SwimNode a = node(config);
        silentPeriod(a, 1000);
        assertThat(a.healthScore()).isEqualTo(config.indirectChecks());
    }

    @Test
    void nacksFromRelaysShowTheTargetNotThisNodeIsAtFault() {
        SwimNode a = node(config);
        a.tick(1000);
        Ping p = ping(a.takeOutput());
        a.tick(1000 + config.probeTimeoutMs());
        assertThat(a.healthScore()).isZero();
        List<String> relays = a.takeOutput().sends().stream()
                .filter(o -> ((Outbound.Datagram) o).messages().get(0) instanceof PingReq)
                .map(Outbound::toAddress).toList();
        for (String r : relays) {
            a.step(1000 + config.probeTimeoutMs() + 400, r, new Nack(p.seq(), r));
        }
        a.tick(2000);
        assertThat(a.healthScore()).isZero();
    }

    @Test
    void anUnhealthyNodeSlowsItsProbeTimeoutsAndRecoversWithAcks() {
        SwimNode a = node(config);
        long t = silentPeriod(a, 1000);
        int score = a.healthScore();
        assertThat(score).isPositive();

        // The next probe (started at t) waits (score + 1) times longer before asking for indirect probes.
        Ping p = ping(a.takeOutput());
        a.tick(t + config.probeTimeoutMs());
        assertThat(a.takeOutput().sends()).noneMatch(
                o -> ((Outbound.Datagram) o).messages().get(0) instanceof PingReq);
        a.tick(t + SwimMath.scaledByHealthMs(config.probeTimeoutMs(), score) - 1);
        assertThat(a.takeOutput().sends()).noneMatch(
                o -> ((Outbound.Datagram) o).messages().get(0) instanceof PingReq);
        a.step(t + SwimMath.scaledByHealthMs(config.probeTimeoutMs(), score) - 1, p.targetId(),
                new Ack(p.seq(), p.targetId()));
        assertThat(a.healthScore()).isEqualTo(score - 1);

        long next = t + SwimMath.scaledByHealthMs(config.probeIntervalMs(), score);
        for (int i = 0; i < 10; i++) {
            int atStart = a.healthScore();
            a.tick(next);
            Ping q = ping(a.takeOutput());
            a.step(next, q.targetId(), new Ack(q.seq(), q.targetId()));
            next += SwimMath.scaledByHealthMs(config.probeIntervalMs(), atStart);
        }
        assertThat(a.healthScore()).isZero();
    }

    @Test
    void theHealthScoreNeverExceedsItsMaximum() {
        SwimNode a = node(config);
        long t = 1000;
        for (int i = 0; i < 10; i++) {
            t = silentPeriod(a, t);
        }
        assertThat(a.healthScore()).isEqualTo(config.awarenessMax() - 1);
    }

    @Test
    void beingSuspectedRaisesTheHealthScore() {
        SwimNode a = node(config);
        a.step(10, "b", new Message.Suspect("a", 0, "b"));
        assertThat(a.healthScore()).isEqualTo(1);
        assertThat(a.incarnation()).isEqualTo(1);
    }

    @Test
    void withoutLifeguardTheHealthScoreStaysZero() {
        SwimNode a = node(config.withLifeguard(false));
        silentPeriod(a, 1000);
        a.step(3000, "b", new Message.Suspect("a", 0, "b"));
        assertThat(a.healthScore()).isZero();
    }
}
