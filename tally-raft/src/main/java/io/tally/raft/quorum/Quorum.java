package io.tally.raft.quorum;

import io.tally.raft.Configuration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Pure quorum maths for simple and joint configurations. A joint configuration needs a majority of the incoming
 * voters AND a majority of the outgoing voters; an empty half imposes no constraint.
 */
public final class Quorum {

    /** Outcome of counting votes. */
    public enum VoteResult { WON, LOST, PENDING }

    private Quorum() {
    }

    /**
     * The largest value that at least a majority of {@code values} are >= (e.g. the highest index replicated on a
     * majority when values are match indexes). Returns {@link Long#MAX_VALUE} for no values (no constraint).
     */
    public static long majorityIndex(long[] values) {
        if (values.length == 0) {
            return Long.MAX_VALUE;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** {@link #majorityIndex} over the given voters' values. */
    public static long majorityIndex(Collection<String> voters, ToLongFunction<String> value) {
        long[] v = new long[voters.size()];
        int i = 0;
        for (String id : voters) {
            v[i++] = value.applyAsLong(id);
        }
        return majorityIndex(v);
    }

    /**
     * The largest value a quorum of {@code config} has reached: the minimum over both halves of a joint
     * configuration. 0 if the configuration has no voters at all.
     */
    public static long quorumIndex(Configuration config, ToLongFunction<String> value) {
        if (config.voters().isEmpty() && config.outgoingVoters().isEmpty()) {
            return 0;
        }
        return Math.min(majorityIndex(config.voters(), value), majorityIndex(config.outgoingVoters(), value));
    }

    /** Counts a simple-majority election: {@code votes} maps voter id to granted (true) or refused (false). */
    public static VoteResult majorityVote(Collection<String> voters, Map<String, Boolean> votes) {
        if (voters.isEmpty()) {
            return VoteResult.WON;
        }
        int granted = 0;
        int refused = 0;
        for (String id : voters) {
            Boolean v = votes.get(id);
            if (v == null) {
                continue;
            }
            if (v) {
                granted++;
            } else {
                refused++;
            }
        }
        int need = voters.size() / 2 + 1;
        if (granted >= need) {
            return VoteResult.WON;
        }
        if (voters.size() - refused < need) {
            return VoteResult.LOST;
        }
        return VoteResult.PENDING;
    }

    /** Counts an election in a possibly joint configuration: both halves must be won. */
    public static VoteResult vote(Configuration config, Map<String, Boolean> votes) {
        VoteResult in = majorityVote(config.voters(), votes);
        VoteResult out = majorityVote(config.outgoingVoters(), votes);
        if (in == VoteResult.LOST || out == VoteResult.LOST) {
            return VoteResult.LOST;
        }
        if (in == VoteResult.WON && out == VoteResult.WON) {
            return VoteResult.WON;
        }
        return VoteResult.PENDING;
    }

    /** True if the voters for which {@code active} holds form a quorum of {@code config}. */
    public static boolean isQuorum(Configuration config, Predicate<String> active) {
        return countsMajority(config.voters(), active) && countsMajority(config.outgoingVoters(), active);
    }

    private static boolean countsMajority(Collection<String> voters, Predicate<String> active) {
        if (voters.isEmpty()) {
            return true;
        }
        int n = 0;
        for (String id : voters) {
            if (active.test(id)) {
                n++;
            }
        }
        return n >= voters.size() / 2 + 1;
    }
}
