package io.tally.gossip;

import io.tally.gossip.Message.Ack;
import io.tally.gossip.Message.Nack;
import io.tally.gossip.Message.Ping;
import io.tally.gossip.Message.PingReq;
import io.tally.gossip.Message.Suspect;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The failure detector half of a {@link SwimNode}: one probe per protocol period (direct Ping, then
 * PingReq through {@code k} members, then suspicion), the indirect probes it relays for others
 * (forwarding Acks, sending Lifeguard Nacks), and Lifeguard's local health score, which scales the
 * probe timeout and the period. Owned by one {@link SwimNode} and called only from its thread.
 *
 * <p>Probe phases: started at {@code t} with health score {@code h}, the probe sends PingReqs at
 * {@code t + probeTimeoutMs * (h + 1)} unless acked, and fails at {@code t + probeIntervalMs *
 * (h + 1)} (the next probe starts then); an Ack ends it early (health − 1), a failure raises the
 * health by the missing Nacks and reports the target to the {@link Host}.
 */
final class ProbeCycle {
    /** What the probe cycle needs from its node. */
    interface Host {
        /** Sends one datagram (the node adds piggybacked updates). */
        void send(String toAddress, List<Message> messages);

        /** The probe of {@code target} got no ack in its period. */
        void probeFailed(long atMs, MemberTable.Entry target);
    }

    private final SwimConfig config;
    private final String selfId;
    private final MemberTable members;
    private final SwimMetrics metrics;
    private final Host host;
    private final TreeMap<Long, Relay> relays = new TreeMap<>();
    private int healthScore;
    private long nextSeq = 1;
    private Probe probe;
    private long nextProbeMs;

    ProbeCycle(SwimConfig config, String selfId, MemberTable members, SwimMetrics metrics, Host host,
            long firstProbeMs) {
        this.config = config;
        this.selfId = selfId;
        this.members = members;
        this.metrics = metrics;
        this.host = host;
        this.nextProbeMs = firstProbeMs;
    }

    int healthScore() {
        return healthScore;
    }

    /** Lifeguard: adds {@code delta} to the health score (kept in range); no-op without Lifeguard. */
    void adjustHealth(int delta) {
        if (config.lifeguard()) {
            healthScore = SwimMath.applyHealthDelta(healthScore, delta, config.awarenessMax());
        }
    }

    /** Abandons the current probe (the node is leaving). */
    void stop() {
        probe = null;
    }

    /** Runs the probe phases due at {@code nowMs}; starts a new probe only if {@code probing}. */
    void tick(long nowMs, boolean probing) {
        if (probe != null && !probe.indirectSent && nowMs >= probe.directDeadlineMs) {
            sendIndirectProbes();
        }
        if (probe != null && nowMs >= probe.periodEndMs) {
            finishFailedProbe(nowMs);
        }
        if (probe == null && probing && nowMs >= nextProbeMs) {
            startProbe(nowMs);
        }
        expireRelays(nowMs);
    }

    /** The earliest time at which {@link #tick} has something to do. */
    long nextDeadlineMs(boolean probing) {
        long d = Long.MAX_VALUE;
        if (probe != null) {
            d = probe.indirectSent ? probe.periodEndMs : probe.directDeadlineMs;
        } else if (probing) {
            d = nextProbeMs;
        }
        for (Relay r : relays.values()) {
            d = Math.min(d, Math.min(r.nackAtMs, r.expireAtMs));
        }
        return d;
    }

    private void startProbe(long nowMs) {
        MemberTable.Entry target = members.nextProbeTarget();
        long periodMs = SwimMath.scaledByHealthMs(config.probeIntervalMs(), healthScore);
        if (target == null) {
            nextProbeMs = nowMs + periodMs;
            return;
        }
        long timeoutMs = SwimMath.scaledByHealthMs(config.probeTimeoutMs(), healthScore);
        probe = new Probe(nextSeq++, target.id, target.address, nowMs + timeoutMs, nowMs + periodMs);
        metrics.probesSent++;
        List<Message> msgs = new ArrayList<>(2);
        if (config.lifeguard() && target.state == MemberState.SUSPECT) {
            // Buddy system: tell the suspect first, so it refutes before it even answers.
            msgs.add(new Suspect(target.id, target.incarnation, selfId));
        }
        msgs.add(new Ping(probe.seq, target.id, selfId));
        host.send(target.address, msgs);
    }

    private void sendIndirectProbes() {
        probe.indirectSent = true;
        int count = SwimMath.indirectProbeCount(config.indirectChecks(), members.liveCount() - 1);
        String targetId = probe.targetId;
        List<MemberTable.Entry> relaysChosen = members.randomMembers(
                count, e -> e.state == MemberState.ALIVE && !e.id.equals(targetId));
        for (MemberTable.Entry relay : relaysChosen) {
            metrics.indirectProbesSent++;
            host.send(relay.address,
                    List.of(new PingReq(probe.seq, targetId, probe.targetAddress, selfId, config.lifeguard())));
        }
        probe.expectedNacks = config.lifeguard() ? relaysChosen.size() : 0;
    }

    private void finishFailedProbe(long nowMs) {
        Probe p = probe;
        probe = null;
        nextProbeMs = p.periodEndMs;
        metrics.probesFailed++;
        adjustHealth(SwimMath.failedProbeHealthDelta(p.expectedNacks, p.nacks));
        MemberTable.Entry target = members.get(p.targetId);
        if (target != null && target.state.isLive()) {
            if (target.state == MemberState.ALIVE) {
                metrics.suspicionsRaised++;
            }
            host.probeFailed(nowMs, target);
        }
    }

    void onPing(String fromAddress, Ping p) {
        if (!p.targetId().equals(selfId)) {
            metrics.misdirectedPings++;
            return;
        }
        host.send(fromAddress, List.of(new Ack(p.seq(), selfId)));
    }

    void onPingReq(long nowMs, String fromAddress, PingReq r) {
        if (relays.size() >= config.relaysMax()) {
            metrics.relaysRefused++;
            return;
        }
        long seq = nextSeq++;
        long nackAfterMs = config.probeTimeoutMs() * 4 / 5;
        relays.put(seq, new Relay(r.seq(), fromAddress, r.wantNack() ? nowMs + nackAfterMs : Long.MAX_VALUE,
                nowMs + config.probeIntervalMs()));
        host.send(r.targetAddress(), List.of(new Ping(seq, r.targetId(), selfId)));
    }

    void onAck(Ack a) {
        if (probe != null && a.seq() == probe.seq) {
            adjustHealth(-1);
            nextProbeMs = probe.periodEndMs;
            probe = null;
            return;
        }
        Relay relay = relays.remove(a.seq());
        if (relay != null) {
            host.send(relay.originAddress, List.of(new Ack(relay.originSeq, a.fromId())));
            return;
        }
        metrics.staleMessages++;
    }

    void onNack(Nack n) {
        metrics.nacksReceived++;
        if (probe != null && n.seq() == probe.seq) {
            probe.nacks++;
        }
    }

    private void expireRelays(long nowMs) {
        Iterator<Map.Entry<Long, Relay>> it = relays.entrySet().iterator();
        while (it.hasNext()) {
            Relay r = it.next().getValue();
            if (nowMs >= r.nackAtMs) {
                r.nackAtMs = Long.MAX_VALUE;
                metrics.nacksSent++;
                host.send(r.originAddress, List.of(new Nack(r.originSeq, selfId)));
            }
            if (nowMs >= r.expireAtMs) {
                it.remove();
            }
        }
    }

    /** The probe of the current protocol period. */
    private static final class Probe {
        final long seq;
        final String targetId;
        final String targetAddress;
        final long directDeadlineMs;
        final long periodEndMs;
        boolean indirectSent;
        int expectedNacks;
        int nacks;

        Probe(long seq, String targetId, String targetAddress, long directDeadlineMs, long periodEndMs) {
            this.seq = seq;
            this.targetId = targetId;
            this.targetAddress = targetAddress;
            this.directDeadlineMs = directDeadlineMs;
            this.periodEndMs = periodEndMs;
        }
    }

    /** An indirect probe relayed for another member: nack at nackAtMs, forget at expireAtMs. */
    private static final class Relay {
        final long originSeq;
        final String originAddress;
        final long expireAtMs;
        long nackAtMs;

        Relay(long originSeq, String originAddress, long nackAtMs, long expireAtMs) {
            this.originSeq = originSeq;
            this.originAddress = originAddress;
            this.nackAtMs = nackAtMs;
            this.expireAtMs = expireAtMs;
        }
    }
}
