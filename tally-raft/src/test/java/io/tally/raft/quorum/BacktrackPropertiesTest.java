package io.tally.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fast backtracking converges on exactly the longest common prefix of the two logs, in at most one round per
 * distinct divergent term (plus one), for logs shaped like Raft logs (a shared prefix, then suffixes written by
 * different leaders, so no (index, term) pair is shared after the prefix).
 */
class BacktrackPropertiesTest {

    @Property
    void probingFindsTheCommonPrefixInFewRounds(
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 2) Integer> prefixSteps,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 2) Integer> leaderSteps,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 2) Integer> followerSteps,
            @ForAll boolean leaderContinuesPrefixTerm) {
        List<Long> prefix = terms(prefixSteps, 1, 1);
        long tp = prefix.isEmpty() ? 0 : prefix.get(prefix.size() - 1);
        // suffix terms: leader uses even terms > tp, follower odd terms > tp; one side may continue tp
        List<Long> leader = new ArrayList<>(prefix);
        leader.addAll(suffix(leaderSteps, tp, 0, leaderContinuesPrefixTerm && tp > 0));
        List<Long> follower = new ArrayList<>(prefix);
        follower.addAll(suffix(followerSteps, tp, 1, !leaderContinuesPrefixTerm && tp > 0));
        int lcp = prefix.size();

        long next = leader.size() + 1;
        int rounds = 0;
        TreeSet<Long> divergentTerms = new TreeSet<>(follower.subList(lcp, follower.size()));
        divergentTerms.addAll(leader.subList(lcp, leader.size()));
        while (true) {
            long prev = next - 1;
            if (prev == 0 || (prev <= follower.size() && term(follower, prev) == term(leader, prev))) {
                break;
            }
            long[] hint = Backtrack.followerHint(prev, follower.size(), 0, i -> term(follower, i));
            long newNext = Backtrack.nextIndexAfterReject(prev, hint[0], hint[1], 0, 0, leader.size(),
                    i -> term(leader, i));
            assertThat(newNext).isLessThan(next).isGreaterThanOrEqualTo(1);
            assertThat(newNext - 1).as("never skips below the common prefix").isGreaterThanOrEqualTo(lcp);
            next = newNext;
            rounds++;
            assertThat(rounds).isLessThanOrEqualTo(divergentTerms.size() + 2);
        }
        assertThat(next - 1).isEqualTo(lcp);
    }

    private static long term(List<Long> log, long index) {
        return index == 0 ? 0 : log.get((int) index - 1);
    }

    private static List<Long> terms(List<Integer> steps, long start, long stepUnit) {
        List<Long> out = new ArrayList<>();
        long t = start;
        for (int s : steps) {
            t += s * stepUnit;
            out.add(t);
        }
        return out;
    }

    private static List<Long> suffix(List<Integer> steps, long tp, int parity, boolean continuePrefixTerm) {
        List<Long> out = new ArrayList<>();
        long t = continuePrefixTerm ? tp : nextWithParity(tp, parity);
        for (int s : steps) {
            for (int k = 0; k < s; k++) {
                t = nextWithParity(t, parity);
            }
            out.add(t);
        }
        return out;
    }

    private static long nextWithParity(long t, int parity) {
        long n = t + 1;
        while (n % 2 != parity) {
            n++;
        }
        return n;
    }
}
