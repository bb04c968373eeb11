package io.tally.raft;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A requested membership change: one or more single-node changes applied together. If the voter set changes the
 * leader runs joint consensus (C_old,new then C_new, the second appended automatically once the first commits);
 * a change that only adds or removes learners is applied directly.
 */
public record ConfChange(List<Change> changes) {

    /** What to do with one node. */
    public enum Type {
        /** Add a voter (a new node; better add as learner first and promote once caught up). */
        ADD_VOTER,
        /** Add a non-voting learner. */
        ADD_LEARNER,
        /** Turn a learner into a voter. */
        PROMOTE,
        /** Remove a voter or learner. */
        REMOVE
    }

    /** One single-node change. */
    public record Change(Type type, String nodeId) {
        public Change {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    public ConfChange {
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a ConfChange needs at least one change");
        }
    }

    public static ConfChange of(Type type, String nodeId) {
        return new ConfChange(List.of(new Change(type, nodeId)));
    }

    /**
     * The target simple configuration after applying the changes to {@code current} (which must not be joint).
     *
     * @throws IllegalArgumentException if a change does not fit the current membership
     */
    public Configuration target(Configuration current) {
        if (current.isJoint()) {
            throw new IllegalArgumentException("cannot start a change while joint: " + current);
        }
        TreeSet<String> voters = new TreeSet<>(current.voters());
        TreeSet<String> learners = new TreeSet<>(current.learners());
        for (Change c : changes) {
            String id = c.nodeId();
            switch (c.type()) {
                case ADD_VOTER -> {
                    if (voters.contains(id)) {
                        throw new IllegalArgumentException("expected a non-voter for ADD_VOTER, " + id + " is a voter");
                    }
                    learners.remove(id);
                    voters.add(id);
                }
                case ADD_LEARNER -> {
                    if (voters.contains(id) || learners.contains(id)) {
                        throw new IllegalArgumentException("expected a new node for ADD_LEARNER, " + id + " is a member");
                    }
                    learners.add(id);
                }
                case PROMOTE -> {
                    if (!learners.remove(id)) {
                        throw new IllegalArgumentException("expected a learner for PROMOTE, " + id + " is not one");
                    }
                    voters.add(id);
                }
                case REMOVE -> {
                    if (!voters.remove(id) && !learners.remove(id)) {
                        throw new IllegalArgumentException("expected a member for REMOVE, " + id + " is not one");
                    }
                }
            }
        }
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one voter");
        }
        return new Configuration(voters, new TreeSet<>(), learners);
    }
}
