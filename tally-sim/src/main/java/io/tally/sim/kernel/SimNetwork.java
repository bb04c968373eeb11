package io.tally.sim.kernel;

import java.util.Collection;
import java.util.Random;
import java.util.function.Function;

/**
 * A simulated network for messages of type {@code M} between nodes {@code 0..nodeCount-1}, driven by
 * a {@link Scheduler}. Each message gets latency plus jitter, and may be lost, duplicated or delayed
 * further (reordered) according to the current {@link NetworkConfig}. Links can be cut one way or
 * both ways and healed; a message is lost if its link is cut when it is sent or when it would
 * arrive. A message a node sends to itself is treated like any other. Single-threaded: only the
 * simulation thread calls it, and delivery runs inside a scheduler event.
 *
 * @param <M> the message type (its {@code toString} is folded into the trace unless a describer
 *     is given)
 */
public final class SimNetwork<M> {
    /** Receives a message that arrived. Runs on the simulation thread at the arrival time. */
    @FunctionalInterface
    public interface Delivery<M> {
        void deliver(int from, int to, M message);
    }

    private final Scheduler scheduler;
    private final Random random;
    private final int nodeCount;
    private final Delivery<M> delivery;
    private final Function<? super M, String> describer;
    private final boolean[][] cut;
    private NetworkConfig config;
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    /** A network whose trace labels use the message's {@code toString}. */
    public SimNetwork(Scheduler scheduler, Random random, int nodeCount, NetworkConfig config,
            Delivery<M> delivery) {
        this(scheduler, random, nodeCount, config, delivery, String::valueOf);
    }

    /**
     * @param random this network's own stream (e.g. {@code simRandom.stream("network")})
     * @param describer turns a message into the text folded into the trace; must be deterministic
     */
    public SimNetwork(Scheduler scheduler, Random random, int nodeCount, NetworkConfig config,
            Delivery<M> delivery, Function<? super M, String> describer) {
        if (nodeCount <= 0) {
            throw new IllegalArgumentException("expected nodeCount > 0, got " + nodeCount);
        }
        this.scheduler = scheduler;
        this.random = random;
        this.nodeCount = nodeCount;
        this.config = config;
        this.delivery = delivery;
        this.describer = describer;
        this.cut = new boolean[nodeCount][nodeCount];
    }

    /** Sends {@code message}; it arrives later (or never) through the delivery callback. */
    public void send(int from, int to, M message) {
        checkNode(from);
        checkNode(to);
        sent++;
        if (cut[from][to] || (config.lossProbability() > 0 && random.nextDouble() < config.lossProbability())) {
            dropped++;
            return;
        }
        schedule(from, to, message);
        if (config.duplicateProbability() > 0 && random.nextDouble() < config.duplicateProbability()) {
            duplicated++;
            schedule(from, to, message);
        }
    }

    private void schedule(int from, int to, M message) {
        long delayMs = config.latencyMs();
        if (config.jitterMs() > 0) {
            delayMs += SimRandom.between(random, 0, config.jitterMs());
        }
        if (config.reorderProbability() > 0 && random.nextDouble() < config.reorderProbability()) {
            delayMs += SimRandom.between(random, 0, config.reorderDelayMs());
        }
        scheduler.after(delayMs, "msg " + from + "->" + to + " " + describer.apply(message), () -> {
            if (cut[from][to]) {
                dropped++;
                return;
            }
            delivered++;
            delivery.deliver(from, to, message);
        });
    }

    /** The current fault and timing parameters. */
    public NetworkConfig config() {
        return config;
    }

    /** Replaces the fault and timing parameters for messages sent from now on. */
    public void setConfig(NetworkConfig config) {
        this.config = config;
    }

    /** Cuts the link {@code from -> to} only (the other direction keeps working). */
    public void cutOneWay(int from, int to) {
        checkNode(from);
        checkNode(to);
        cut[from][to] = true;
    }

    /** Cuts both directions between {@code a} and {@code b}. */
    public void cutTwoWay(int a, int b) {
        cutOneWay(a, b);
        cutOneWay(b, a);
    }

    /** Cuts both directions between every node of {@code side} and every node not in it. */
    public void partition(Collection<Integer> side) {
        for (int a : side) {
            checkNode(a);
            for (int b = 0; b < nodeCount; b++) {
                if (!side.contains(b)) {
                    cutTwoWay(a, b);
                }
            }
        }
    }

    /** Cuts {@code node} off from every other node, both ways. */
    public void isolate(int node) {
        for (int b = 0; b < nodeCount; b++) {
            if (b != node) {
                cutTwoWay(node, b);
            }
        }
    }

    /** Restores the link {@code from -> to}. */
    public void restoreOneWay(int from, int to) {
        checkNode(from);
        checkNode(to);
        cut[from][to] = false;
    }

    /** Restores every link (loss, duplication and reordering stay as configured). */
    public void heal() {
        for (boolean[] row : cut) {
            java.util.Arrays.fill(row, false);
        }
    }

    /** Whether the link {@code from -> to} is cut. */
    public boolean isCut(int from, int to) {
        return cut[from][to];
    }

    /** The number of nodes. */
    public int nodeCount() {
        return nodeCount;
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodeCount) {
            throw new IllegalArgumentException("expected a node in [0, " + nodeCount + "), got " + node);
        }
    }
}
