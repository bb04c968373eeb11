package io.tally.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The final-value check of the crash loop accepts exactly the sums of subsets of the unknown deltas. */
class SubsetSumsProperties {

    @Property
    void theSumOfAnyChosenSubsetIsReachable(@ForAll @Size(max = 12) List<@LongRange(min = 1, max = 9) Long> deltas,
            @ForAll long mask) {
        long sum = 0;
        for (int i = 0; i < deltas.size(); i++) {
            if ((mask >>> i & 1) == 1) {
                sum += deltas.get(i);
            }
        }
        assertThat(SubsetSums.reachable(sum, deltas)).isTrue();
    }

    @Property
    void aValueIsReachableOnlyIfSomeSubsetSumsToIt(@ForAll @Size(max = 10) List<@LongRange(min = 1, max = 9) Long> deltas,
            @ForAll @IntRange(min = -3, max = 95) int extra) {
        boolean bySearch = false;
        for (long mask = 0; mask < 1L << deltas.size() && !bySearch; mask++) {
            long sum = 0;
            for (int i = 0; i < deltas.size(); i++) {
                if ((mask >>> i & 1) == 1) {
                    sum += deltas.get(i);
                }
            }
            bySearch = sum == extra;
        }
        assertThat(SubsetSums.reachable(extra, deltas)).isEqualTo(bySearch);
    }
}
