package io.tally.raft;

/**
 * Membership changes of one {@link RaftNode} (leader side): proposes a change (joint consensus when the voters
 * change: C_old,new, then C_new appended automatically once the joint entry commits), one change at a time; keeps
 * the leader's progress map in line with the latest configuration; steps a removed leader down once C_new commits.
 * A configuration takes effect when appended ({@link RaftLog#config()}). Single-threaded, called only by its node.
 */
final class Membership {
    private final RaftNode node;

    Membership(RaftNode node) {
        this.node = node;
    }

    ProposeResult propose(ConfChange change) {
        if (!(node.role instanceof LeaderState ls)) {
            return new ProposeResult.NotLeader(node.leaderId());
        }
        if (ls.transferTarget != null) {
            return new ProposeResult.Dropped("leadership transfer to " + ls.transferTarget + " in progress");
        }
        if (ls.pendingConfIndex > node.log.committed()) {
            return new ProposeResult.Dropped("a configuration change at index " + ls.pendingConfIndex
                    + " is not committed yet (commit index " + node.log.committed() + ")");
        }
        Configuration current = node.log.config();
        if (current.isJoint()) {
            return new ProposeResult.Dropped("still leaving the joint configuration " + current);
        }
        Configuration target;
        try {
            target = change.target(current);
        } catch (IllegalArgumentException e) {
            return new ProposeResult.Dropped(e.getMessage());
        }
        Configuration next = target.voters().equals(current.voters()) ? target
                : new Configuration(target.voters(), current.voters(), target.learners());
        long index = appendConfig(ls, next);
        node.replication.broadcastAppend(ls, false);
        return new ProposeResult.Accepted(index, node.term);
    }

    long appendConfig(LeaderState ls, Configuration next) {
        long index = node.log.lastIndex() + 1;
        node.appendLocal(ls, new Entry(index, node.term, EntryType.CONFIG, 0, 0, node.log.lastLogTimeMs(), next.encode()));
        ls.pendingConfIndex = index;
        return index;
    }

    /** Makes the progress map match the latest configuration (plus this node). */
    void syncProgress(LeaderState ls) {
        Configuration config = node.log.config();
        for (String member : config.allMembers()) {
            ls.progress.computeIfAbsent(member, k -> new Progress(node.log.lastIndex() + 1, node.cfg.maxInflightMessages(),
                    node.cfg.maxInflightBytes()));
        }
        ls.progress.computeIfAbsent(node.id, k -> new Progress(node.log.lastIndex() + 1, 1, 1));
        ls.progress.keySet().removeIf(peer -> !peer.equals(node.id) && !config.contains(peer));
        if (ls.transferTarget != null && !config.isVoter(ls.transferTarget)) {
            ls.transferTarget = null;
        }
    }

    /**
     * Called after the commit index advanced: leaves a committed joint configuration, or steps down if a committed
     * configuration no longer has this leader as a voter. Returns false if the node stepped down.
     */
    boolean afterCommit(LeaderState ls, Configuration config) {
        if (node.log.configIndex() > node.log.committed()) {
            return true;
        }
        if (config.isJoint()) {
            appendConfig(ls, config.leaveJoint());
        } else if (!config.isVoter(node.id)) {
            node.replication.broadcastAppend(ls, true);
            node.becomeFollower(node.term, null);
            return false;
        }
        return true;
    }
}
