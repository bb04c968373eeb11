package io.tally.wire.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.SnapshotMetadata;
import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.AppendEntriesResponse;
import io.tally.raft.message.Heartbeat;
import io.tally.raft.message.HeartbeatResponse;
import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.InstallSnapshotResponse;
import io.tally.raft.message.PreVote;
import io.tally.raft.message.PreVoteResponse;
import io.tally.raft.message.RaftMessage;
import io.tally.raft.message.ReadIndexRequest;
import io.tally.raft.message.ReadIndexResponse;
import io.tally.raft.message.RequestVote;
import io.tally.raft.message.RequestVoteResponse;
import io.tally.raft.message.TimeoutNow;
import io.tally.wire.proto.Envelope;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every Raft message survives encode, serialize, parse and decode unchanged (byte arrays by content). */
class RaftCodecRoundTripPropertiesTest {

    @Property(tries = 300)
    void everyMessageRoundTrips(@ForAll("messages") RaftMessage m) throws Exception {
        byte[] wire = RaftCodec.envelope(m).toByteArray();
        RaftMessage back = RaftCodec.decode(Envelope.parseFrom(wire).getRaft());
        assertThat(normalize(back)).isEqualTo(normalize(m));
    }

    /** Records holding arrays compare by identity; compare their string form with arrays rendered by content. */
    private static String normalize(RaftMessage m) {
        return switch (m) {
            case AppendEntries a -> a.from() + a.to() + a.term() + "/" + a.prevLogIndex() + "/" + a.prevLogTerm() + "/" + a.leaderCommit()
                    + a.entries().stream().map(e -> e.index() + ":" + e.term() + ":" + e.type() + ":" + e.clientId() + ":"
                            + e.sequence() + ":" + e.logTimeMs() + ":" + Arrays.toString(e.data())).toList();
            case InstallSnapshot s -> s.from() + s.to() + s.term() + s.metadata() + s.offset() + Arrays.toString(s.chunk()) + s.done();
            default -> m.toString();
        };
    }

    @Provide
    Arbitrary<RaftMessage> messages() {
        Arbitrary<String> ids = Arbitraries.of("n1", "n2", "n3", "node-with-a-long-name");
        Arbitrary<Long> nat = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> any = Arbitraries.longs();
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Entry> entry = Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.of(EntryType.class), any, nat, nat, bytes).as(Entry::new);
        Arbitrary<Set<String>> idSet = ids.set().ofMaxSize(3);
        Arbitrary<SnapshotMetadata> meta = Combinators.combine(nat, nat, idSet, idSet)
                .as((i, t, v, l) -> {
                    java.util.TreeSet<String> learners = new java.util.TreeSet<>(l);
                    learners.removeAll(v);
                    return new SnapshotMetadata(i, t, Configuration.of(v, learners));
                });
        return Arbitraries.oneOf(List.of(
                Combinators.combine(ids, ids, nat, any, any).as(PreVote::new),
                Combinators.combine(ids, ids, nat, bool).as(PreVoteResponse::new),
                Combinators.combine(ids, ids, nat, any, any, bool).as(RequestVote::new),
                Combinators.combine(ids, ids, nat, bool).as(RequestVoteResponse::new),
                Combinators.combine(ids, ids, nat, any, any, entry.list().ofMaxSize(5), any).as(AppendEntries::new),
                Combinators.combine(ids, ids, nat, bool, any, any, any).as(AppendEntriesResponse::new),
                Combinators.combine(ids, ids, nat, any, any).as(Heartbeat::new),
                Combinators.combine(ids, ids, nat, any).as(HeartbeatResponse::new),
                Combinators.combine(ids, ids, nat, meta, nat, bytes, bool).as(InstallSnapshot::new),
                Combinators.combine(ids, ids, nat, any, any, bool, bool).as(InstallSnapshotResponse::new),
                Combinators.combine(ids, ids, nat, any).as(ReadIndexRequest::new),
                Combinators.combine(ids, ids, nat, any, any, bool).as(ReadIndexResponse::new),
                Combinators.combine(ids, ids, nat).as(TimeoutNow::new)));
    }
}
