package io.tally.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A few nodes wired together with instant delivery, for unit tests. Ids equal addresses. */
final class TestCluster {
    final TreeMap<String, SwimNode> nodes = new TreeMap<>();
    final Set<String> down = new TreeSet<>();
    /** One side of a network partition: messages between it and the other nodes are lost. */
    final Set<String> partitioned = new TreeSet<>();
    final List<MemberEvent> events = new ArrayList<>();
    final List<String> eventLog = new ArrayList<>();
    final SwimConfig config;
    long nowMs;
    /** Probability that a datagram is lost (streams are reliable), drawn from {@link #lossRandom}. */
    double loss;
    Random lossRandom = new Random(0);
    /** Tick a node only when its {@link SwimNode#nextDeadlineMs()} is reached (else at every step). */
    boolean tickOnlyWhenDue;

    TestCluster(SwimConfig config) {
        this.config = config;
    }

    SwimNode add(String id, long seed) {
        SwimNode n = new SwimNode(config, id, id, NodeMeta.EMPTY, 0, new Random(seed), nowMs);
        nodes.put(id, n);
        return n;
    }

    /** Creates nodes n1..nCount, all knowing each other through a join at n1, and settles them. */
    static TestCluster of(SwimConfig config, int count) {
        TestCluster c = new TestCluster(config);
        for (int i = 1; i <= count; i++) {
            c.add("n" + i, i);
        }
        for (int i = 2; i <= count; i++) {
            c.nodes.get("n" + i).join(0, List.of("n1"));
        }
        c.deliver();
        return c;
    }

    /** Delivers every pending output (and what it causes) instantly, skipping down nodes. */
    void deliver() {
        Deque<Object[]> queue = new ArrayDeque<>();
        for (int round = 0; round < 10_000; round++) {
            for (SwimNode n : nodes.values()) {
                SwimOutput out = n.takeOutput();
                for (MemberEvent e : out.events()) {
                    events.add(e);
                    eventLog.add(n.selfId() + ":" + e.kind() + ":" + e.member().id());
                }
                for (Outbound o : out.sends()) {
                    queue.add(new Object[] {n.selfId(), o});
                }
            }
            if (queue.isEmpty()) {
                return;
            }
            while (!queue.isEmpty()) {
                Object[] item = queue.poll();
                String from = (String) item[0];
                Outbound o = (Outbound) item[1];
                SwimNode to = nodes.get(o.toAddress());
                if (to == null || down.contains(from) || down.contains(o.toAddress())) {
                    continue;
                }
                if (partitioned.contains(from) != partitioned.contains(o.toAddress())) {
                    continue;
                }
                if (loss > 0 && o instanceof Outbound.Datagram && lossRandom.nextDouble() < loss) {
                    continue;
                }
                switch (o) {
                    case Outbound.Datagram d -> to.receive(nowMs, from, d.messages());
                    case Outbound.Stream s -> to.step(nowMs, from, s.message());
                }
            }
        }
        throw new IllegalStateException("messages kept flowing for 10000 rounds");
    }

    /** Advances time in steps of {@code stepMs} up to {@code untilMs}, ticking live nodes and delivering. */
    void runUntil(long untilMs, long stepMs) {
        while (nowMs < untilMs) {
            nowMs = Math.min(untilMs, nowMs + stepMs);
            for (SwimNode n : nodes.values()) {
                if (!down.contains(n.selfId()) && (!tickOnlyWhenDue || nowMs >= n.nextDeadlineMs())) {
                    n.tick(nowMs);
                }
            }
            deliver();
        }
    }

    MemberState stateAt(String observer, String member) {
        return nodes.get(observer).member(member).map(Member::state).orElse(null);
    }
}
