package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MembershipLifecycleTest {
    private final SwimConfig config = SwimConfig.defaults().withLifetimes(30_000, 10_000, 20_000);

    @Test
    void aJoinerLearnsEveryMemberAtOnceAndEveryoneLearnsTheJoiner() {
        TestCluster c = TestCluster.of(config, 5);
        c.runUntil(5_000, 10);
        SwimNode joiner = c.add("n6", 6);
        joiner.join(c.nowMs, List.of("n3"));
        c.deliver();
        assertThat(joiner.members()).extracting(Member::id).containsExactly("n1", "n2", "n3", "n4", "n5", "n6");
        c.runUntil(10_000, 10);
        for (SwimNode n : c.nodes.values()) {
            assertThat(n.liveCount()).as(n.selfId()).isEqualTo(6);
        }
    }

    @Test
    void aCrashedMemberIsSuspectedThenDeclaredDeadByEveryone() {
        TestCluster c = TestCluster.of(config, 5);
        c.runUntil(3_000, 10);
        c.down.add("n4");
        c.runUntil(60_000, 10);
        for (String observer : List.of("n1", "n2", "n3", "n5")) {
            assertThat(c.stateAt(observer, "n4")).as(observer).isIn(MemberState.DEAD, null);
        }
        assertThat(c.eventLog).contains("n1:SUSPECT:n4", "n1:DEAD:n4");
    }

    @Test
    void aLeavingMemberIsMarkedLeftAndNotDead() {
        TestCluster c = TestCluster.of(config, 5);
        c.runUntil(3_000, 10);
        SwimNode n2 = c.nodes.get("n2");
        n2.leave(c.nowMs);
        c.runUntil(c.nowMs + 3_000, 10);
        assertThat(n2.leaveDisseminated()).isTrue();
        for (String observer : List.of("n1", "n3", "n4", "n5")) {
            assertThat(c.stateAt(observer, "n2")).as(observer).isEqualTo(MemberState.LEFT);
        }
        assertThat(c.eventLog).noneMatch(e -> e.endsWith(":DEAD:n2"));
        assertThat(n2.incarnation()).isZero();
    }

    @Test
    void deadMembersAreReapedSoStateCannotGrowForever() {
        TestCluster c = TestCluster.of(config, 4);
        c.runUntil(2_000, 10);
        c.nodes.get("n3").leave(c.nowMs);
        c.runUntil(c.nowMs + 2_000, 10);
        c.down.add("n3");
        assertThat(c.nodes.get("n1").member("n3")).isPresent();
        c.runUntil(c.nowMs + config.deadReapMs() + 1_000, 10);
        assertThat(c.nodes.get("n1").member("n3")).isEmpty();
        assertThat(c.eventLog).contains("n1:REAPED:n3");
    }

    @Test
    void aReapedMemberThatComesBackIsAcceptedWithItsNewIncarnation() {
        TestCluster c = TestCluster.of(config, 4);
        c.runUntil(2_000, 10);
        c.down.add("n4");
        c.runUntil(c.nowMs + 120_000, 10);
        assertThat(c.nodes.get("n1").member("n4")).isEmpty();
        c.down.remove("n4");
        SwimNode reborn = new SwimNode(config, "n4", "n4", NodeMeta.EMPTY, 7, new Random(44), c.nowMs);
        c.nodes.put("n4", reborn);
        reborn.join(c.nowMs, List.of("n1"));
        c.deliver();
        c.runUntil(c.nowMs + 5_000, 10);
        for (String observer : List.of("n1", "n2", "n3")) {
            Member m = c.nodes.get(observer).member("n4").orElseThrow();
            assertThat(m.state()).as(observer).isEqualTo(MemberState.ALIVE);
            assertThat(m.incarnation()).isEqualTo(7);
        }
    }

    @Test
    void aMemberRestartedBeforeItWasReapedRefutesItsOwnDeathThroughPushPull() {
        TestCluster c = TestCluster.of(config.withLifetimes(30_000, 10_000, 600_000), 4);
        c.runUntil(2_000, 10);
        c.down.add("n4");
        c.runUntil(c.nowMs + 60_000, 10);
        assertThat(c.stateAt("n1", "n4")).isEqualTo(MemberState.DEAD);
        long deadAt = c.nodes.get("n1").member("n4").orElseThrow().incarnation();
        c.down.remove("n4");
        SwimNode restarted = new SwimNode(c.config, "n4", "n4", NodeMeta.EMPTY, 0, new Random(45), c.nowMs);
        c.nodes.put("n4", restarted);
        restarted.join(c.nowMs, List.of("n2"));
        c.deliver();
        c.runUntil(c.nowMs + 5_000, 10);
        assertThat(restarted.incarnation()).isGreaterThan(deadAt);
        for (String observer : List.of("n1", "n2", "n3")) {
            assertThat(c.stateAt(observer, "n4")).as(observer).isEqualTo(MemberState.ALIVE);
        }
    }

    @Test
    void newMetadataSpreadsWithAHigherIncarnation() {
        TestCluster c = TestCluster.of(config, 4);
        NodeMeta meta = new NodeMeta("127.0.0.1:7001", "127.0.0.1:7201", true, "0.1.0");
        c.nodes.get("n2").updateMeta(c.nowMs, meta);
        c.runUntil(3_000, 10);
        for (SwimNode n : c.nodes.values()) {
            assertThat(n.member("n2").orElseThrow().meta()).as(n.selfId()).isEqualTo(meta);
        }
        assertThat(c.eventLog).contains("n1:UPDATED:n2");
    }

    @Test
    void aStaticallyKnownMemberIsAddedWithoutAnnouncingIt() {
        SwimNode a = new SwimNode(config, "a", "a", NodeMeta.EMPTY, 0, new Random(1), 0);
        a.addKnownMember(0, "b", "b", NodeMeta.EMPTY);
        a.addKnownMember(0, "b", "b", NodeMeta.EMPTY);
        assertThat(a.liveCount()).isEqualTo(2);
        assertThat(a.takeOutput().events()).extracting(MemberEvent::kind).containsExactly(MemberEvent.Kind.JOINED);
        // Only this node's own alive announcement is queued.
        assertThat(a.queuedBroadcasts()).isEqualTo(1);
    }

    @Test
    void aPartitionLongerThanTheReapTimeHealsThroughReconnect() {
        TestCluster c = TestCluster.of(config, 5);
        c.runUntil(2_000, 10);
        c.partitioned.addAll(List.of("n4", "n5"));
        c.runUntil(c.nowMs + 120_000, 10);
        // Each side has declared the other dead and forgotten it...
        assertThat(c.nodes.get("n1").member("n4")).isEmpty();
        assertThat(c.nodes.get("n4").member("n1")).isEmpty();
        c.partitioned.clear();
        // ...and within two push-pull periods after the partition heals, everyone is back.
        c.runUntil(c.nowMs + 2 * config.pushPullIntervalMs() + 5_000, 10);
        for (SwimNode n : c.nodes.values()) {
            assertThat(n.liveCount()).as(n.selfId()).isEqualTo(5);
        }
    }

    @Test
    void withReconnectDisabledAForgottenSideStaysForgotten() {
        TestCluster c = TestCluster.of(config.withReconnectTimeout(0), 5);
        c.runUntil(2_000, 10);
        c.partitioned.addAll(List.of("n4", "n5"));
        c.runUntil(c.nowMs + 120_000, 10);
        c.partitioned.clear();
        c.runUntil(c.nowMs + 2 * config.pushPullIntervalMs() + 5_000, 10);
        assertThat(c.nodes.get("n1").liveCount()).isEqualTo(3);
        assertThat(c.nodes.get("n4").liveCount()).isEqualTo(2);
    }

    @Test
    void timeGoingBackwardsIsRejected() {
        SwimNode a = new SwimNode(config, "a", "a", NodeMeta.EMPTY, 0, new Random(1), 100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.tick(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backwards");
    }
}
