package io.tally.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A membership configuration. Outside a change, {@code outgoingVoters} is empty and decisions need a majority of
 * {@code voters}. During a joint-consensus change ({@link #isJoint()}), decisions need a majority of {@code voters}
 * (the incoming set) AND a majority of {@code outgoingVoters} (the old set). Learners receive the log but never vote
 * and never count toward a quorum. A node id is in at most one of voters-or-outgoing and learners.
 *
 * <p>Immutable; sets are sorted so iteration order is deterministic.
 */
public record Configuration(SortedSet<String> voters, SortedSet<String> outgoingVoters, SortedSet<String> learners) {

    /** The configuration of a node that has not joined any cluster yet. */
    public static final Configuration EMPTY = new Configuration(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());

    public Configuration {
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        outgoingVoters = Collections.unmodifiableSortedSet(new TreeSet<>(outgoingVoters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        for (String l : learners) {
            if (voters.contains(l) || outgoingVoters.contains(l)) {
                throw new IllegalArgumentException("node " + l + " is both a learner and a voter in " + voters);
            }
        }
    }

    /** A simple (non-joint) configuration of the given voters and no learners. */
    public static Configuration ofVoters(String... ids) {
        return new Configuration(new TreeSet<>(List.of(ids)), new TreeSet<>(), new TreeSet<>());
    }

    /** A simple configuration with the given voters and learners. */
    public static Configuration of(java.util.Collection<String> voters, java.util.Collection<String> learners) {
        return new Configuration(new TreeSet<>(voters), new TreeSet<>(), new TreeSet<>(learners));
    }

    /** True while a joint-consensus change is in progress. */
    public boolean isJoint() {
        return !outgoingVoters.isEmpty();
    }

    /** True if {@code id} votes in either half of the configuration. */
    public boolean isVoter(String id) {
        return voters.contains(id) || outgoingVoters.contains(id);
    }

    public boolean isLearner(String id) {
        return learners.contains(id);
    }

    /** True if {@code id} is a voter or a learner. */
    public boolean contains(String id) {
        return isVoter(id) || learners.contains(id);
    }

    /** Every voter (both halves) and learner, sorted. */
    public SortedSet<String> allMembers() {
        TreeSet<String> all = new TreeSet<>(voters);
        all.addAll(outgoingVoters);
        all.addAll(learners);
        return all;
    }

    /** Every voter of either half, sorted. */
    public SortedSet<String> allVoters() {
        TreeSet<String> all = new TreeSet<>(voters);
        all.addAll(outgoingVoters);
        return all;
    }

    /** The configuration that ends a joint change: the incoming voters and the learners, no outgoing set. */
    public Configuration leaveJoint() {
        return new Configuration(voters, new TreeSet<>(), learners);
    }

    /** Compact binary form stored in CONFIG entries and snapshots. */
    public byte[] encode() {
        List<byte[]> parts = new ArrayList<>();
        int size = 12;
        for (SortedSet<String> set : List.of(voters, outgoingVoters, learners)) {
            for (String id : set) {
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                parts.add(b);
                size += 4 + b.length;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        int i = 0;
        for (SortedSet<String> set : List.of(voters, outgoingVoters, learners)) {
            buf.putInt(set.size());
            for (int k = 0; k < set.size(); k++) {
                byte[] b = parts.get(i++);
                buf.putInt(b.length).put(b);
            }
        }
        return buf.array();
    }

    /** Inverse of {@link #encode()}; rejects malformed input with IllegalArgumentException. */
    public static Configuration decode(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            List<TreeSet<String>> sets = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int n = buf.getInt();
                if (n < 0 || n > 10_000) {
                    throw new IllegalArgumentException("expected a member count in [0, 10000], got " + n);
                }
                TreeSet<String> set = new TreeSet<>();
                for (int k = 0; k < n; k++) {
                    int len = buf.getInt();
                    if (len < 0 || len > buf.remaining()) {
                        throw new IllegalArgumentException("expected a node id length <= " + buf.remaining() + ", got " + len);
                    }
                    byte[] b = new byte[len];
                    buf.get(b);
                    set.add(new String(b, StandardCharsets.UTF_8));
                }
                sets.add(set);
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("expected end of configuration, " + buf.remaining() + " bytes left");
            }
            return new Configuration(sets.get(0), sets.get(1), sets.get(2));
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated configuration of " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return "Config[voters=" + voters + (isJoint() ? ", outgoing=" + outgoingVoters : "")
                + (learners.isEmpty() ? "" : ", learners=" + learners) + "]";
    }
}
