package io.tally.sim.raft;

import io.tally.raft.ConfChange;
import io.tally.raft.Configuration;
import io.tally.raft.ProposeResult;
import io.tally.raft.Role;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The membership fault family of a run: at random times the current leader is asked to add a learner, promote one,
 * add or remove a voter, remove a learner, or hand leadership to another voter. Voter changes run joint consensus in
 * the core; a quarter of them are followed by a crash of the leader a few milliseconds later, so the crash lands in
 * the middle of the change (C_old,new appended but C_new not yet committed). Candidates for adding are the spare
 * nodes and nodes removed earlier. The voter count stays within [max(1, initial - 2), initial + spares]. Every action
 * and the core's answer are folded into the trace. Simulation thread only.
 */
final class MembershipFaults {
    private final List<SimNode> nodes;
    private final int initialVoters;
    private final Scheduler scheduler;
    private final Random faults;
    private final long latencyMs;
    private final Consumer<SimNode> crash;
    private long actions;
    private long accepted;
    private long midChangeCrashes;

    /**
     * @param crash crashes the given node (and schedules its restart), as the crash fault family does
     */
    MembershipFaults(List<SimNode> nodes, int initialVoters, Scheduler scheduler, Random faults, long latencyMs,
                     Consumer<SimNode> crash) {
        this.nodes = nodes;
        this.initialVoters = initialVoters;
        this.scheduler = scheduler;
        this.faults = faults;
        this.latencyMs = latencyMs;
        this.crash = crash;
    }

    /** One membership action on the current leader (nothing if there is none able to act). */
    void act() {
        SimNode leader = leader();
        if (leader == null || leader.paused()) {
            return;
        }
        Configuration c = leader.raft().configuration();
        List<String> voters = new ArrayList<>(c.voters());
        List<String> learners = new ArrayList<>(c.learners());
        List<String> outsiders = new ArrayList<>();
        for (SimNode n : nodes) {
            if (!c.contains(n.id())) {
                outsiders.add(n.id());
            }
        }
        int minVoters = Math.max(1, initialVoters - 2);
        int kind = faults.nextInt(6);
        ConfChange change = switch (kind) {
            case 0 -> outsiders.isEmpty() ? null : ConfChange.of(ConfChange.Type.ADD_LEARNER, pick(outsiders));
            case 1 -> learners.isEmpty() ? null : ConfChange.of(ConfChange.Type.PROMOTE, pick(learners));
            case 2 -> outsiders.isEmpty() ? null : ConfChange.of(ConfChange.Type.ADD_VOTER, pick(outsiders));
            case 3 -> voters.size() <= minVoters ? null : ConfChange.of(ConfChange.Type.REMOVE, pick(voters));
            case 4 -> learners.isEmpty() ? null : ConfChange.of(ConfChange.Type.REMOVE, pick(learners));
            default -> null;
        };
        if (kind == 5) {
            voters.remove(leader.id());
            if (voters.isEmpty()) {
                return;
            }
            String target = pick(voters);
            boolean started = leader.transferLeadership(target);
            note(leader, "transfer to " + target + (started ? " started" : " refused"));
            return;
        }
        if (change == null) {
            return;
        }
        ProposeResult r = leader.proposeConfChange(change);
        note(leader, change.changes() + " -> " + r);
        if (r instanceof ProposeResult.Accepted) {
            accepted++;
        }
        boolean votersChange = kind == 1 || kind == 2 || kind == 3;
        if (r instanceof ProposeResult.Accepted && votersChange && faults.nextInt(4) == 0) {
            long delay = SimRandom.between(faults, 0, 2 * latencyMs + 5);
            scheduler.after(delay, "fault crash " + leader.id() + " mid joint consensus", () -> {
                if (leader.up()) {
                    midChangeCrashes++;
                    crash.accept(leader);
                }
            });
        }
    }

    /** How many membership actions reached a leader. */
    long actions() {
        return actions;
    }

    /** How many changes the leader accepted. */
    long accepted() {
        return accepted;
    }

    /** How many leaders were crashed right after accepting a voter change. */
    long midChangeCrashes() {
        return midChangeCrashes;
    }

    private void note(SimNode leader, String what) {
        actions++;
        scheduler.trace().fold("membership " + leader.id() + ": " + what);
    }

    private String pick(List<String> ids) {
        return ids.get(faults.nextInt(ids.size()));
    }

    private SimNode leader() {
        SimNode best = null;
        for (SimNode n : nodes) {
            if (n.raft() != null && n.raft().role() == Role.LEADER
                    && (best == null || n.raft().term() > best.raft().term())) {
                best = n;
            }
        }
        return best;
    }
}
