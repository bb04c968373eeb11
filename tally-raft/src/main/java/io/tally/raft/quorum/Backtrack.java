package io.tally.raft.quorum;

import java.util.function.LongUnaryOperator;

/**
 * Fast log backtracking (Raft paper §5.3, "the follower can include the term of the conflicting entry and the
 * first index it stores for that term"): one round trip per conflicting term instead of per entry.
 */
public final class Backtrack {
    private Backtrack() {
    }

    /**
     * The follower's hint after rejecting an append whose prevLogIndex is {@code prevIndex}.
     *
     * @param lastIndex  follower's last log index
     * @param floorIndex lowest index whose term the follower knows (its snapshot index or commit index): the scan
     *                   stops above it
     * @param termAt     follower's term at an index in [floorIndex, lastIndex]
     * @return {conflictIndex, conflictTerm}: {lastIndex + 1, 0} if the log is too short, else the term at prevIndex
     *         and the first index holding it (not below floorIndex + 1)
     */
    public static long[] followerHint(long prevIndex, long lastIndex, long floorIndex, LongUnaryOperator termAt) {
        if (prevIndex > lastIndex) {
            return new long[] {lastIndex + 1, 0};
        }
        long term = termAt.applyAsLong(prevIndex);
        long first = prevIndex;
        while (first - 1 > floorIndex && termAt.applyAsLong(first - 1) == term) {
            first--;
        }
        return new long[] {first, term};
    }

    /**
     * The leader's next index for a follower after a rejection.
     *
     * @param rejectedIndex the prevLogIndex the follower rejected
     * @param matchIndex    the follower's known match index
     * @param leaderFloor   lowest index whose term the leader knows (its snapshot index)
     * @param leaderLast    leader's last index
     * @param leaderTermAt  leader's term at an index in [leaderFloor, leaderLast]
     * @return the next index, in [matchIndex + 1, rejectedIndex]
     */
    public static long nextIndexAfterReject(long rejectedIndex, long conflictIndex, long conflictTerm,
                                            long matchIndex, long leaderFloor, long leaderLast,
                                            LongUnaryOperator leaderTermAt) {
        long next = conflictIndex;
        if (conflictTerm > 0) {
            long i = Math.min(rejectedIndex, leaderLast);
            while (i > leaderFloor) {
                long t = leaderTermAt.applyAsLong(i);
                if (t == conflictTerm) {
                    next = i + 1;
                    break;
                }
                if (t < conflictTerm) {
                    break;
                }
                i--;
            }
        }
        return Math.max(matchIndex + 1, Math.min(next, rejectedIndex));
    }
}
