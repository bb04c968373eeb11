package io.tally.sim.gossip;

import io.tally.gossip.MemberEvent;
import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import io.tally.gossip.Outbound;
import io.tally.gossip.SwimConfig;
import io.tally.gossip.SwimNode;
import io.tally.gossip.SwimOutput;
import io.tally.sim.kernel.NetworkConfig;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimNetwork;
import io.tally.sim.kernel.SimRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N {@link SwimNode}s on a simulated network: datagrams over a lossy {@link SimNetwork}, push-pull
 * streams over a second, loss-free one with the same latency (TCP retransmits). Node {@code i} has
 * id and address {@code "n" + i}. Every node starts knowing every other (a static member list), so
 * measurements start from a formed cluster. Each node's timers run exactly when due ({@link
 * SwimNode#nextDeadlineMs()}), not on a fixed tick. A crashed node drops everything; a paused node
 * (a GC pause, a stopped VM) runs no timers and buffers what it receives, then on resume runs its
 * timers first and handles the backlog after, as a starved process would; an overloaded node
 * ({@link #setInboundDelay}) handles what it receives late while its timers fire on time.
 * Single-threaded: the simulation thread only.
 */
public final class GossipCluster {
    /** Receives what nodes report; called on the simulation thread at the simulated time. */
    public interface Listener {
        /** Node {@code observer} changed its view of a member. */
        void onEvent(int observer, MemberEvent event);

        /** Node {@code node} received an application broadcast for the first time. */
        default void onDelivered(int node, Message.UserBroadcast broadcast) {}
    }

    /** Most datagrams a paused node buffers; the rest are lost (a full socket buffer). */
    public static final int PAUSE_BUFFER_MAX = 10_000;

    private enum Status { UP, PAUSED, CRASHED }

    private final Scheduler scheduler;
    private final SimNetwork<Outbound.Datagram> udp;
    private final SimNetwork<Outbound.Stream> tcp;
    private final SwimNode[] nodes;
    private final Status[] status;
    private final List<ArrayDeque<Runnable>> backlog = new ArrayList<>();
    private final long[] tickAtMs;
    private final Scheduler.Event[] tickEvents;
    private final Listener listener;
    private final long[] inboundDelayMaxMs;
    private final Random delays;
    private long pauseOverflow;

    /** Builds and starts {@code nodeCount} nodes at simulated time 0. */
    public GossipCluster(int nodeCount, SwimConfig swim, NetworkConfig network, long seed, Listener listener) {
        if (nodeCount < 2) {
            throw new IllegalArgumentException("expected at least 2 nodes, got " + nodeCount);
        }
        SimRandom random = new SimRandom(seed);
        this.listener = listener;
        this.scheduler = new Scheduler(50_000_000);
        this.nodes = new SwimNode[nodeCount];
        this.udp = new SimNetwork<>(scheduler, random.stream("udp"), nodeCount, network,
                (from, to, d) -> deliver(to, () -> nodes[to].receive(scheduler.nowMs(), id(from), d.messages())),
                d -> d.messages().get(0).getClass().getSimpleName());
        this.tcp = new SimNetwork<>(scheduler, random.stream("tcp"), nodeCount, network.healed(),
                (from, to, s) -> deliver(to, () -> nodes[to].step(scheduler.nowMs(), id(from), s.message())),
                s -> "PushPull");
        this.status = new Status[nodeCount];
        this.tickAtMs = new long[nodeCount];
        this.tickEvents = new Scheduler.Event[nodeCount];
        this.inboundDelayMaxMs = new long[nodeCount];
        this.delays = random.stream("inbound-delays");
        for (int i = 0; i < nodeCount; i++) {
            nodes[i] = new SwimNode(swim, id(i), id(i), NodeMeta.EMPTY, 0, random.stream("node-" + i), 0);
            status[i] = Status.UP;
            backlog.add(new ArrayDeque<>());
            tickAtMs[i] = Long.MAX_VALUE;
        }
        for (int i = 0; i < nodeCount; i++) {
            for (int j = 0; j < nodeCount; j++) {
                if (i != j) {
                    nodes[i].addKnownMember(0, id(j), id(j), NodeMeta.EMPTY);
                }
            }
            nodes[i].takeOutput(); // the JOINED events of the static list are not news
            reschedule(i);
        }
    }

    /** The id (and address) of node {@code i}. */
    public static String id(int i) {
        return "n" + i;
    }

    /** The index of the node with this id. */
    public static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public SimNetwork<Outbound.Datagram> udp() {
        return udp;
    }

    public int size() {
        return nodes.length;
    }

    public SwimNode node(int i) {
        return nodes[i];
    }

    public boolean isCrashed(int i) {
        return status[i] == Status.CRASHED;
    }

    /** Datagrams lost because a paused node's buffer was full. */
    public long pauseOverflow() {
        return pauseOverflow;
    }

    /** Stops node {@code i} for good: it sends nothing more and drops what arrives. */
    public void crash(int i) {
        status[i] = Status.CRASHED;
        backlog.get(i).clear();
        cancelTick(i);
    }

    /** Freezes node {@code i}: no timers run and arrivals wait until {@link #resume}. */
    public void pause(int i) {
        if (status[i] == Status.UP) {
            status[i] = Status.PAUSED;
            cancelTick(i);
        }
    }

    /** Unfreezes node {@code i}: its overdue timers run, then its backlog is handled in order. */
    public void resume(int i) {
        if (status[i] != Status.PAUSED) {
            return;
        }
        status[i] = Status.UP;
        nodes[i].tick(scheduler.nowMs());
        flush(i);
        ArrayDeque<Runnable> queue = backlog.get(i);
        while (!queue.isEmpty() && status[i] == Status.UP) {
            queue.poll().run();
            flush(i);
        }
    }

    /**
     * Makes node {@code i} overloaded: each message it receives is handled after an extra delay
     * drawn uniformly in {@code [0, maxMs]} (its timers still fire on time, so its acks look late
     * to it); 0 makes it normal again.
     */
    public void setInboundDelay(int i, long maxMs) {
        if (maxMs < 0) {
            throw new IllegalArgumentException("expected an inbound delay >= 0, got " + maxMs);
        }
        inboundDelayMaxMs[i] = maxMs;
    }

    /** Cuts every link, datagram and stream, between {@code side} and the other nodes, both ways. */
    public void partition(java.util.Collection<Integer> side) {
        udp.partition(side);
        tcp.partition(side);
    }

    /** Restores every link. */
    public void heal() {
        udp.heal();
        tcp.heal();
    }

    /** Node {@code i} broadcasts {@code payload} to the cluster. */
    public void broadcast(int i, byte[] payload) {
        nodes[i].broadcast(scheduler.nowMs(), payload);
        flush(i);
    }

    private void deliver(int to, Runnable handle) {
        if (inboundDelayMaxMs[to] > 0) {
            long delayMs = SimRandom.between(delays, 0, inboundDelayMaxMs[to]);
            scheduler.after(delayMs, "slow " + to, () -> handleArrival(to, handle));
        } else {
            handleArrival(to, handle);
        }
    }

    private void handleArrival(int to, Runnable handle) {
        switch (status[to]) {
            case CRASHED -> { }
            case PAUSED -> {
                if (backlog.get(to).size() < PAUSE_BUFFER_MAX) {
                    backlog.get(to).add(handle);
                } else {
                    pauseOverflow++;
                }
            }
            case UP -> {
                handle.run();
                flush(to);
            }
        }
    }

    private void flush(int i) {
        SwimOutput out = nodes[i].takeOutput();
        for (Outbound o : out.sends()) {
            int to = index(o.toAddress());
            switch (o) {
                case Outbound.Datagram d -> udp.send(i, to, d);
                case Outbound.Stream s -> tcp.send(i, to, s);
            }
        }
        for (MemberEvent e : out.events()) {
            scheduler.trace().fold(i);
            scheduler.trace().fold(e.kind().name() + " " + e.member().id() + "@" + e.member().incarnation());
            listener.onEvent(i, e);
        }
        for (Message.UserBroadcast b : out.delivered()) {
            listener.onDelivered(i, b);
        }
        reschedule(i);
    }

    private void reschedule(int i) {
        if (status[i] != Status.UP) {
            return;
        }
        long due = Math.max(nodes[i].nextDeadlineMs(), scheduler.nowMs());
        if (due >= tickAtMs[i]) {
            return;
        }
        cancelTick(i);
        tickAtMs[i] = due;
        tickEvents[i] = scheduler.at(due, "tick", () -> {
            tickAtMs[i] = Long.MAX_VALUE;
            tickEvents[i] = null;
            nodes[i].tick(scheduler.nowMs());
            flush(i);
        });
    }

    private void cancelTick(int i) {
        if (tickEvents[i] != null) {
            tickEvents[i].cancel();
            tickEvents[i] = null;
        }
        tickAtMs[i] = Long.MAX_VALUE;
    }
}
