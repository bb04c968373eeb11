package io.tally.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the quorum maths: majority and joint commit index, vote counting, quorum activity. */
class QuorumPropertiesTest {

    @Property
    void majorityIndexIsTheLargestValueAMajorityHasReached(
            @ForAll @Size(min = 1, max = 9) List<@LongRange(min = 0, max = 50) Long> matches) {
        long[] v = matches.stream().mapToLong(Long::longValue).toArray();
        long r = Quorum.majorityIndex(v);
        int majority = v.length / 2 + 1;
        assertThat(countAtLeast(v, r)).isGreaterThanOrEqualTo(majority);
        assertThat(countAtLeast(v, r + 1)).isLessThan(majority);
    }

    @Property
    void jointCommitIndexNeedsAMajorityOfBothHalves(
            @ForAll @Size(min = 1, max = 7) List<@LongRange(min = 0, max = 30) Long> incoming,
            @ForAll @Size(min = 0, max = 7) List<@LongRange(min = 0, max = 30) Long> outgoing) {
        Map<String, Long> match = new TreeMap<>();
        TreeSet<String> in = new TreeSet<>();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < incoming.size(); i++) {
            in.add("i" + i);
            match.put("i" + i, incoming.get(i));
        }
        for (int i = 0; i < outgoing.size(); i++) {
            out.add("o" + i);
            match.put("o" + i, outgoing.get(i));
        }
        Configuration c = new Configuration(in, out, new TreeSet<>());
        long r = Quorum.quorumIndex(c, match::get);
        assertThat(countAtLeast(in, match, r)).isGreaterThanOrEqualTo(in.size() / 2 + 1);
        if (!out.isEmpty()) {
            assertThat(countAtLeast(out, match, r)).isGreaterThanOrEqualTo(out.size() / 2 + 1);
        }
        boolean higherReachedByBoth = countAtLeast(in, match, r + 1) >= in.size() / 2 + 1
                && (out.isEmpty() || countAtLeast(out, match, r + 1) >= out.size() / 2 + 1);
        assertThat(higherReachedByBoth).isFalse();
    }

    @Property
    void aWonElectionHasAMajorityInEveryHalfAndNeverTurnsLostWithMoreGrants(
            @ForAll @IntRange(min = 1, max = 7) int nIn, @ForAll @IntRange(min = 0, max = 7) int nOut,
            @ForAll @Size(max = 14) List<Boolean> answers) {
        List<String> ids = new ArrayList<>();
        TreeSet<String> in = new TreeSet<>();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < nIn; i++) {
            in.add("i" + i);
            ids.add("i" + i);
        }
        for (int i = 0; i < nOut; i++) {
            out.add("o" + i);
            ids.add("o" + i);
        }
        Configuration c = new Configuration(in, out, new TreeSet<>());
        Map<String, Boolean> votes = new TreeMap<>();
        for (int i = 0; i < Math.min(ids.size(), answers.size()); i++) {
            votes.put(ids.get(i), answers.get(i));
        }
        Quorum.VoteResult r = Quorum.vote(c, votes);
        long grantedIn = in.stream().filter(id -> Boolean.TRUE.equals(votes.get(id))).count();
        long grantedOut = out.stream().filter(id -> Boolean.TRUE.equals(votes.get(id))).count();
        boolean wonIn = grantedIn >= in.size() / 2 + 1;
        boolean wonOut = out.isEmpty() || grantedOut >= out.size() / 2 + 1;
        assertThat(r == Quorum.VoteResult.WON).isEqualTo(wonIn && wonOut);
        if (r == Quorum.VoteResult.LOST) {
            // granting every missing vote still cannot win
            Map<String, Boolean> all = new TreeMap<>(votes);
            for (String id : ids) {
                all.putIfAbsent(id, true);
            }
            assertThat(Quorum.vote(c, all)).isEqualTo(Quorum.VoteResult.LOST);
        }
        if (r == Quorum.VoteResult.PENDING) {
            Map<String, Boolean> all = new TreeMap<>(votes);
            for (String id : ids) {
                all.putIfAbsent(id, true);
            }
            assertThat(Quorum.vote(c, all)).isEqualTo(Quorum.VoteResult.WON);
        }
    }

    @Property
    void isQuorumAgreesWithVoteCounting(@ForAll @IntRange(min = 1, max = 7) int n,
                                        @ForAll @Size(max = 7) List<Boolean> active) {
        TreeSet<String> voters = new TreeSet<>();
        Map<String, Boolean> votes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            voters.add("v" + i);
            votes.put("v" + i, i < active.size() && active.get(i));
        }
        Configuration c = new Configuration(voters, new TreeSet<>(), new TreeSet<>());
        assertThat(Quorum.isQuorum(c, votes::get)).isEqualTo(Quorum.vote(c, votes) == Quorum.VoteResult.WON);
    }

    private static int countAtLeast(long[] v, long x) {
        int n = 0;
        for (long a : v) {
            if (a >= x) {
                n++;
            }
        }
        return n;
    }

    private static int countAtLeast(TreeSet<String> ids, Map<String, Long> match, long x) {
        int n = 0;
        for (String id : ids) {
            if (match.get(id) >= x) {
                n++;
            }
        }
        return n;
    }
}
