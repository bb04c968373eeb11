package io.tally.gossip;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one {@link SwimNode}, read by the runtime for Prometheus and by the simulation.
 * Updated only by the node's thread; read them on that thread (or copy with {@link #snapshot()}).
 */
public final class SwimMetrics {
    long datagramsSent;
    long datagramBytesSent;
    long streamsSent;
    long streamBytesSent;
    long messagesReceived;
    long probesSent;
    long probesFailed;
    long indirectProbesSent;
    long nacksSent;
    long nacksReceived;
    long relaysRefused;
    long misdirectedPings;
    long suspicionsRaised;
    long deadDeclared;
    long refutations;
    long piggybackedUpdates;

    void piggybacked(int n) {
        piggybackedUpdates += n;
    }

    long gossipRounds;
    long pushPulls;
    long userBroadcastsDuplicate;
    long staleMessages;
    long broadcastsDropped;

    /** Datagrams handed to the runtime. */
    public long datagramsSent() {
        return datagramsSent;
    }

    /** Estimated bytes of those datagrams. */
    public long datagramBytesSent() {
        return datagramBytesSent;
    }

    /** Stream (TCP push-pull) sends handed to the runtime. */
    public long streamsSent() {
        return streamsSent;
    }

    /** Estimated bytes of those stream sends. */
    public long streamBytesSent() {
        return streamBytesSent;
    }

    /** Probes this node started (one per protocol period). */
    public long probesSent() {
        return probesSent;
    }

    /** Probes that got no ack, directly or indirectly, by the end of their period. */
    public long probesFailed() {
        return probesFailed;
    }

    /** Times this node suspected a member on its own (failed probe). */
    public long suspicionsRaised() {
        return suspicionsRaised;
    }

    /** Times this node's suspicion timer expired and it declared a member dead. */
    public long deadDeclared() {
        return deadDeclared;
    }

    /** Times this node refuted a suspicion or death about itself. */
    public long refutations() {
        return refutations;
    }

    /** Queued updates dropped because the broadcast queue was full (oldest first). */
    public long broadcastsDropped() {
        return broadcastsDropped;
    }

    /** Indirect probes this node asked for. */
    public long indirectProbesSent() {
        return indirectProbesSent;
    }

    /** All counters by name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("datagrams_sent", datagramsSent);
        m.put("datagram_bytes_sent", datagramBytesSent);
        m.put("streams_sent", streamsSent);
        m.put("stream_bytes_sent", streamBytesSent);
        m.put("messages_received", messagesReceived);
        m.put("probes_sent", probesSent);
        m.put("probes_failed", probesFailed);
        m.put("indirect_probes_sent", indirectProbesSent);
        m.put("nacks_sent", nacksSent);
        m.put("nacks_received", nacksReceived);
        m.put("relays_refused", relaysRefused);
        m.put("misdirected_pings", misdirectedPings);
        m.put("suspicions_raised", suspicionsRaised);
        m.put("dead_declared", deadDeclared);
        m.put("refutations", refutations);
        m.put("piggybacked_updates", piggybackedUpdates);
        m.put("gossip_rounds", gossipRounds);
        m.put("push_pulls", pushPulls);
        m.put("user_broadcasts_duplicate", userBroadcastsDuplicate);
        m.put("stale_messages", staleMessages);
        m.put("broadcasts_dropped", broadcastsDropped);
        return m;
    }
}
