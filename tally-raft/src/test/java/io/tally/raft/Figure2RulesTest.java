package io.tally.raft;

import static io.tally.raft.Solo.committed;
import static io.tally.raft.Solo.entry;
import static io.tally.raft.Solo.sent;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.AppendEntriesResponse;
import io.tally.raft.message.Heartbeat;
import io.tally.raft.message.RequestVote;
import io.tally.raft.message.RequestVoteResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per rule of Figure 2 of the Raft paper, named after the rule. */
class Figure2RulesTest {

    @Nested
    class AllServers {
        @Test
        void ifCommitIndexGreaterThanLastAppliedApply() {
            Solo s = Solo.withLog(1, 1, 1, 1);
            List<Ready> rs = s.step(new AppendEntries("n2", "n1", 1, 3, 1, List.of(), 2));
            assertThat(committed(rs)).extracting(Entry::index).containsExactly(1L, 2L);
            assertThat(s.node.appliedIndex()).isEqualTo(2);
        }

        @Test
        void ifRpcTermGreaterThanCurrentTermSetTermAndConvertToFollower() {
            Solo s = Solo.fresh();
            s.becomeLeader();
            assertThat(s.node.role()).isEqualTo(Role.LEADER);
            s.step(new AppendEntriesResponse("n3", "n1", 5, false, 0, 0, 0));
            assertThat(s.node.term()).isEqualTo(5);
            assertThat(s.node.role()).isEqualTo(Role.FOLLOWER);
        }
    }

    @Nested
    class Followers {
        @Test
        void respondToRpcsFromCandidatesAndLeaders() {
            Solo s = Solo.fresh();
            List<Ready> vote = s.step(new RequestVote("n2", "n1", 1, 0, 0, false));
            assertThat(sent(vote, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isTrue());
            List<Ready> app = s.step(new AppendEntries("n2", "n1", 1, 0, 0, List.of(entry(1, 1, "x")), 0));
            assertThat(sent(app, AppendEntriesResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.success()).isTrue());
        }

        @Test
        void ifElectionTimeoutElapsesWithoutContactConvertToCandidate() {
            Solo s = Solo.fresh();
            List<Ready> rs = s.tick(20); // timeout is randomised in [10, 20)
            assertThat(s.node.role()).isEqualTo(Role.CANDIDATE);
            assertThat(sent(rs, RequestVote.class)).extracting(RequestVote::to).containsExactlyInAnyOrder("n2", "n3");
        }

        @Test
        void contactFromLeaderResetsElectionTimeout() {
            Solo s = Solo.fresh();
            for (int i = 0; i < 10; i++) {
                s.tick(5);
                s.step(new Heartbeat("n2", "n1", 1, 0, i + 1));
            }
            assertThat(s.node.role()).isEqualTo(Role.FOLLOWER);
            assertThat(s.node.leaderId()).isEqualTo("n2");
        }
    }

    @Nested
    class Candidates {
        @Test
        void onConversionIncrementTermVoteForSelfAndSendRequestVote() {
            Solo s = Solo.fresh();
            List<Ready> rs = s.tick(20);
            assertThat(s.node.term()).isEqualTo(1);
            assertThat(s.node.hardState().votedFor()).isEqualTo("n1");
            assertThat(sent(rs, RequestVote.class)).allSatisfy(rv -> assertThat(rv.term()).isEqualTo(1));
        }

        @Test
        void ifVotesReceivedFromMajorityBecomeLeader() {
            Solo s = Solo.fresh();
            s.tick(20);
            s.step(new RequestVoteResponse("n3", "n1", 1, true));
            assertThat(s.node.role()).isEqualTo(Role.LEADER);
        }

        @Test
        void ifAppendEntriesReceivedFromNewLeaderConvertToFollower() {
            Solo s = Solo.fresh();
            s.tick(20);
            s.step(new AppendEntries("n2", "n1", 1, 0, 0, List.of(), 0));
            assertThat(s.node.role()).isEqualTo(Role.FOLLOWER);
            assertThat(s.node.leaderId()).isEqualTo("n2");
        }

        @Test
        void ifElectionTimeoutElapsesStartNewElection() {
            Solo s = Solo.fresh();
            s.tick(20);
            assertThat(s.node.term()).isEqualTo(1);
            List<Ready> rs = s.tick(20);
            assertThat(s.node.role()).isEqualTo(Role.CANDIDATE);
            assertThat(s.node.term()).isEqualTo(2);
            assertThat(sent(rs, RequestVote.class)).anySatisfy(rv -> assertThat(rv.term()).isEqualTo(2));
        }
    }

    @Nested
    class Leaders {
        @Test
        void uponElectionSendInitialAppendEntriesAndRepeatDuringIdle() {
            Solo s = Solo.fresh();
            List<Ready> rs = s.becomeLeader();
            assertThat(sent(rs, AppendEntries.class)).extracting(AppendEntries::to).contains("n2", "n3");
            List<Ready> idle = s.tick(2);
            assertThat(sent(idle, Heartbeat.class)).extracting(Heartbeat::to).containsExactlyInAnyOrder("n2", "n3");
        }

        @Test
        void ifCommandReceivedAppendToLocalLogAndRespondAfterApplied() {
            Solo s = Solo.fresh();
            s.becomeLeader(); // no-op at index 1
            ProposeResult r = s.node.propose(Proposal.of("cmd".getBytes()));
            assertThat(r).isEqualTo(new ProposeResult.Accepted(2, 1));
            assertThat(s.drain()).flatExtracting(Ready::entries).extracting(Entry::index).containsExactly(2L);
            List<Ready> ack = s.step(new AppendEntriesResponse("n2", "n1", 1, true, 2, 0, 0));
            assertThat(committed(ack)).extracting(Entry::index).containsExactly(1L, 2L);
        }

        @Test
        void ifLastLogIndexAtLeastNextIndexSendEntriesStartingAtNextIndex() {
            Solo s = Solo.withLog(1, 1, 1);
            s.becomeLeader(); // term 2, no-op at 3; followers probed at next = 3
            List<Ready> rs = s.step(new AppendEntriesResponse("n3", "n1", 2, false, 2, 2, 0));
            AppendEntries ae = sent(rs, AppendEntries.class).get(0);
            assertThat(ae.prevLogIndex()).isEqualTo(1);
            assertThat(ae.entries()).extracting(Entry::index).containsExactly(2L, 3L);
        }

        @Test
        void ifSuccessfulUpdateNextIndexAndMatchIndexForFollower() {
            Solo s = Solo.fresh();
            s.becomeLeader();
            s.node.propose(Proposal.of("a".getBytes()));
            s.drain();
            s.step(new AppendEntriesResponse("n3", "n1", 1, true, 2, 0, 0));
            assertThat(s.node.commitIndex()).isEqualTo(2);
            s.node.propose(Proposal.of("b".getBytes()));
            AppendEntries next = sent(s.drain(), AppendEntries.class).stream()
                    .filter(m -> m.to().equals("n3")).findFirst().orElseThrow();
            assertThat(next.prevLogIndex()).isEqualTo(2);
        }

        @Test
        void ifAppendEntriesFailsBecauseOfInconsistencyDecrementNextIndexAndRetry() {
            Solo s = Solo.withLog(3, 1, 1, 2, 3, 3);
            s.becomeLeader(); // term 4, no-op at 6, both followers probed at prev 5
            // n3 holds only index 1: "too short, my last index is 1"
            List<Ready> rs = s.step(new AppendEntriesResponse("n3", "n1", 4, false, 5, 2, 0));
            assertThat(sent(rs, AppendEntries.class)).singleElement()
                    .satisfies(ae -> assertThat(ae.prevLogIndex()).isEqualTo(1));
            // n2 holds [1,1,2,2,2]: "term 2 at index 5, my first term-2 entry is 3"; the leader's last term-2 is 3
            rs = s.step(new AppendEntriesResponse("n2", "n1", 4, false, 5, 3, 2));
            assertThat(sent(rs, AppendEntries.class)).singleElement().satisfies(ae -> {
                assertThat(ae.prevLogIndex()).isEqualTo(3);
                assertThat(ae.entries()).extracting(Entry::index).containsExactly(4L, 5L, 6L);
            });
            s.step(new AppendEntriesResponse("n2", "n1", 4, true, 6, 0, 0));
            assertThat(s.node.commitIndex()).isEqualTo(6);
        }

        @Test
        void commitOnlyEntriesOfCurrentTermReplicatedOnMajority() {
            Solo s = Solo.withLog(2, 1, 2);
            s.becomeLeader(); // term 3, no-op at 3
            s.step(new AppendEntriesResponse("n2", "n1", 3, true, 2, 0, 0));
            assertThat(s.node.commitIndex()).as("index 2 of term 2 on a majority is not committed").isZero();
            s.step(new AppendEntriesResponse("n2", "n1", 3, true, 3, 0, 0));
            assertThat(s.node.commitIndex()).isEqualTo(3);
        }
    }

    @Nested
    class AppendEntriesReceiver {
        @Test
        void replyFalseIfTermLessThanCurrentTerm() {
            Solo s = Solo.withLog(3, 1);
            List<Ready> rs = s.step(new AppendEntries("n2", "n1", 2, 1, 1, List.of(), 0));
            assertThat(sent(rs, AppendEntriesResponse.class)).singleElement().satisfies(r -> {
                assertThat(r.success()).isFalse();
                assertThat(r.term()).isEqualTo(3);
            });
        }

        @Test
        void replyFalseIfLogDoesNotContainEntryAtPrevLogIndexMatchingPrevLogTerm() {
            Solo s = Solo.withLog(2, 1, 1);
            List<Ready> rs = s.step(new AppendEntries("n2", "n1", 2, 2, 2, List.of(entry(3, 2, "x")), 0));
            assertThat(sent(rs, AppendEntriesResponse.class)).singleElement().satisfies(r -> {
                assertThat(r.success()).isFalse();
                assertThat(r.conflictTerm()).isEqualTo(1);
                assertThat(r.conflictIndex()).isEqualTo(1);
            });
            assertThat(s.node.lastIndex()).isEqualTo(2);
        }

        @Test
        void ifExistingEntryConflictsDeleteItAndAllThatFollow() {
            Solo s = Solo.withLog(2, 1, 1, 1, 1);
            s.step(new AppendEntries("n2", "n1", 2, 1, 1, List.of(entry(2, 2, "new")), 0));
            assertThat(s.node.lastIndex()).isEqualTo(2);
            assertThat(s.node.termAt(2)).isEqualTo(2);
            assertThat(s.disk.entries()).extracting(Entry::term).containsExactly(1L, 2L);
        }

        @Test
        void appendAnyNewEntriesNotAlreadyInLog() {
            Solo s = Solo.withLog(1, 1, 1);
            List<Ready> rs = s.step(new AppendEntries("n2", "n1", 1, 0, 0,
                    List.of(entry(1, 1, "e1"), entry(2, 1, "e2"), entry(3, 1, "e3")), 0));
            assertThat(rs).flatExtracting(Ready::entries).extracting(Entry::index).containsExactly(3L);
            assertThat(s.node.lastIndex()).isEqualTo(3);
        }

        @Test
        void ifLeaderCommitGreaterThanCommitIndexSetCommitIndexToMinOfLeaderCommitAndLastNewEntry() {
            Solo s = Solo.withLog(1, 1, 1, 1, 1);
            s.step(new AppendEntries("n2", "n1", 1, 1, 1, List.of(entry(2, 1, "e2")), 4));
            assertThat(s.node.commitIndex()).isEqualTo(2);
            s.step(new AppendEntries("n2", "n1", 1, 4, 1, List.of(), 3));
            assertThat(s.node.commitIndex()).isEqualTo(3);
        }
    }

    @Nested
    class RequestVoteReceiver {
        @Test
        void replyFalseIfTermLessThanCurrentTerm() {
            Solo s = Solo.withLog(3);
            List<Ready> rs = s.step(new RequestVote("n2", "n1", 2, 5, 2, false));
            assertThat(sent(rs, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isFalse());
        }

        @Test
        void ifVotedForIsNullOrCandidateAndLogUpToDateGrantVote() {
            Solo s = Solo.withLog(1, 1, 1);
            List<Ready> rs = s.step(new RequestVote("n2", "n1", 2, 2, 1, false));
            assertThat(sent(rs, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isTrue());
            rs = s.step(new RequestVote("n2", "n1", 2, 2, 1, false)); // retry from the same candidate
            assertThat(sent(rs, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isTrue());
        }

        @Test
        void refuseIfAlreadyVotedForAnotherCandidateInTerm() {
            Solo s = Solo.fresh();
            s.step(new RequestVote("n2", "n1", 1, 0, 0, false));
            List<Ready> rs = s.step(new RequestVote("n3", "n1", 1, 0, 0, false));
            assertThat(sent(rs, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isFalse());
        }

        @Test
        void refuseIfCandidateLogIsLessUpToDate() {
            Solo s = Solo.withLog(2, 1, 2);
            List<Ready> shorter = s.step(new RequestVote("n2", "n1", 3, 5, 1, false));
            assertThat(sent(shorter, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isFalse());
            List<Ready> sameTermShorter = s.step(new RequestVote("n3", "n1", 3, 1, 2, false));
            assertThat(sent(sameTermShorter, RequestVoteResponse.class)).singleElement()
                    .satisfies(r -> assertThat(r.granted()).isFalse());
        }
    }

    @Nested
    class PersistentStateBeforeResponding {
        @Test
        void voteIsDurableBeforeTheGrantLeaves() {
            Solo s = Solo.fresh();
            List<Ready> rs = s.step(new RequestVote("n2", "n1", 1, 0, 0, false));
            Ready r = rs.get(0);
            assertThat(r.hardState()).isEqualTo(new HardState(1, "n2", 0));
            assertThat(r.mustSync()).isTrue();
            assertThat(r.messages()).isEmpty();
            assertThat(r.messagesAfterPersist()).hasSize(1);
        }

        @Test
        void appendAcknowledgementLeavesOnlyAfterEntriesAreDurable() {
            Solo s = Solo.fresh();
            List<Ready> rs = s.step(new AppendEntries("n2", "n1", 1, 0, 0, List.of(entry(1, 1, "x")), 0));
            Ready r = rs.get(0);
            assertThat(r.entries()).hasSize(1);
            assertThat(r.mustSync()).isTrue();
            assertThat(r.messages()).isEmpty();
            assertThat(r.messagesAfterPersist()).singleElement().isInstanceOf(AppendEntriesResponse.class);
        }

        @Test
        void leaderReplicatesInParallelWithItsOwnDiskWrite() {
            Solo s = Solo.fresh();
            s.becomeLeader();
            s.step(new AppendEntriesResponse("n2", "n1", 1, true, 1, 0, 0)); // n2 now in replicate state
            s.node.propose(Proposal.of("x".getBytes()));
            Ready r = s.node.ready();
            assertThat(r.entries()).extracting(Entry::index).containsExactly(2L);
            assertThat(r.messages()).hasOnlyElementsOfType(AppendEntries.class).isNotEmpty();
            s.disk.persist(r);
            s.node.advance(r);
            assertThat(s.node.commitIndex()).as("n2 has not acknowledged index 2 yet").isEqualTo(1);
        }
    }
}
