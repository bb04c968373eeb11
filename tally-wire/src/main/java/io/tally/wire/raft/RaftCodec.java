package io.tally.wire.raft;

import com.google.protobuf.ByteString;
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
import io.tally.wire.proto.AppendEntriesMsg;
import io.tally.wire.proto.AppendEntriesResponseMsg;
import io.tally.wire.proto.ConfigurationMsg;
import io.tally.wire.proto.EntryKind;
import io.tally.wire.proto.EntryMsg;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.HeartbeatMsg;
import io.tally.wire.proto.HeartbeatResponseMsg;
import io.tally.wire.proto.InstallSnapshotMsg;
import io.tally.wire.proto.InstallSnapshotResponseMsg;
import io.tally.wire.proto.PreVoteMsg;
import io.tally.wire.proto.RaftMsg;
import io.tally.wire.proto.ReadIndexRequestMsg;
import io.tally.wire.proto.ReadIndexResponseMsg;
import io.tally.wire.proto.RequestVoteMsg;
import io.tally.wire.proto.SnapshotMetadataMsg;
import io.tally.wire.proto.TimeoutNowMsg;
import io.tally.wire.proto.VoteResponseMsg;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts tally-raft's {@link RaftMessage} records to the Protobuf {@link RaftMsg} and back. {@link #decode}
 * rejects what the core would choke on (a missing kind, an entry with index or term below 1, negative snapshot
 * positions) with an {@link IllegalArgumentException} naming what was expected, so the transport thread drops a bad
 * frame and the node core only sees valid records. Stateless; any thread.
 */
public final class RaftCodec {
    private RaftCodec() {
    }

    /** The envelope carrying {@code m}. */
    public static Envelope envelope(RaftMessage m) {
        return Envelope.newBuilder().setRaft(encode(m)).build();
    }

    /** Encodes one message. */
    public static RaftMsg encode(RaftMessage m) {
        RaftMsg.Builder b = RaftMsg.newBuilder().setFrom(m.from()).setTo(m.to()).setTerm(m.term());
        switch (m) {
            case PreVote p -> b.setPreVote(PreVoteMsg.newBuilder().setLastLogIndex(p.lastLogIndex()).setLastLogTerm(p.lastLogTerm()));
            case PreVoteResponse p -> b.setPreVoteResponse(VoteResponseMsg.newBuilder().setGranted(p.granted()));
            case RequestVote r -> b.setRequestVote(RequestVoteMsg.newBuilder().setLastLogIndex(r.lastLogIndex())
                    .setLastLogTerm(r.lastLogTerm()).setTransfer(r.transfer()));
            case RequestVoteResponse r -> b.setRequestVoteResponse(VoteResponseMsg.newBuilder().setGranted(r.granted()));
            case AppendEntries a -> {
                AppendEntriesMsg.Builder ab = AppendEntriesMsg.newBuilder().setPrevLogIndex(a.prevLogIndex())
                        .setPrevLogTerm(a.prevLogTerm()).setLeaderCommit(a.leaderCommit());
                for (Entry e : a.entries()) {
                    ab.addEntries(entry(e));
                }
                b.setAppendEntries(ab);
            }
            case AppendEntriesResponse a -> b.setAppendEntriesResponse(AppendEntriesResponseMsg.newBuilder()
                    .setSuccess(a.success()).setMatchIndex(a.matchIndex()).setConflictIndex(a.conflictIndex())
                    .setConflictTerm(a.conflictTerm()));
            case Heartbeat h -> b.setHeartbeat(HeartbeatMsg.newBuilder().setCommitIndex(h.commitIndex()).setSequence(h.sequence()));
            case HeartbeatResponse h -> b.setHeartbeatResponse(HeartbeatResponseMsg.newBuilder().setSequence(h.sequence()));
            case InstallSnapshot s -> b.setInstallSnapshot(InstallSnapshotMsg.newBuilder().setMetadata(metadata(s.metadata()))
                    .setOffset(s.offset()).setChunk(ByteString.copyFrom(s.chunk())).setDone(s.done()));
            case InstallSnapshotResponse s -> b.setInstallSnapshotResponse(InstallSnapshotResponseMsg.newBuilder()
                    .setSnapshotIndex(s.snapshotIndex()).setNextOffset(s.nextOffset()).setDone(s.done()).setRejected(s.rejected()));
            case ReadIndexRequest r -> b.setReadIndexRequest(ReadIndexRequestMsg.newBuilder().setRequestId(r.requestId()));
            case ReadIndexResponse r -> b.setReadIndexResponse(ReadIndexResponseMsg.newBuilder().setRequestId(r.requestId())
                    .setReadIndex(r.readIndex()).setOk(r.ok()));
            case TimeoutNow t -> b.setTimeoutNow(TimeoutNowMsg.getDefaultInstance());
        }
        return b.build();
    }

    /**
     * Decodes one message.
     *
     * @throws IllegalArgumentException if the message is incomplete or out of range
     */
    public static RaftMessage decode(RaftMsg m) {
        String from = m.getFrom();
        String to = m.getTo();
        long term = m.getTerm();
        if (from.isEmpty() || to.isEmpty()) {
            throw new IllegalArgumentException("expected a Raft message with from and to node ids, got from '" + from + "' to '" + to + "'");
        }
        if (term < 0) {
            throw new IllegalArgumentException("expected a term >= 0 in a Raft message from " + from + ", got " + term);
        }
        return switch (m.getKindCase()) {
            case PRE_VOTE -> new PreVote(from, to, term, m.getPreVote().getLastLogIndex(), m.getPreVote().getLastLogTerm());
            case PRE_VOTE_RESPONSE -> new PreVoteResponse(from, to, term, m.getPreVoteResponse().getGranted());
            case REQUEST_VOTE -> new RequestVote(from, to, term, m.getRequestVote().getLastLogIndex(),
                    m.getRequestVote().getLastLogTerm(), m.getRequestVote().getTransfer());
            case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, m.getRequestVoteResponse().getGranted());
            case APPEND_ENTRIES -> {
                AppendEntriesMsg a = m.getAppendEntries();
                List<Entry> entries = new ArrayList<>(a.getEntriesCount());
                for (EntryMsg e : a.getEntriesList()) {
                    entries.add(entry(e));
                }
                yield new AppendEntries(from, to, term, a.getPrevLogIndex(), a.getPrevLogTerm(), entries, a.getLeaderCommit());
            }
            case APPEND_ENTRIES_RESPONSE -> {
                AppendEntriesResponseMsg a = m.getAppendEntriesResponse();
                yield new AppendEntriesResponse(from, to, term, a.getSuccess(), a.getMatchIndex(), a.getConflictIndex(), a.getConflictTerm());
            }
            case HEARTBEAT -> new Heartbeat(from, to, term, m.getHeartbeat().getCommitIndex(), m.getHeartbeat().getSequence());
            case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, m.getHeartbeatResponse().getSequence());
            case INSTALL_SNAPSHOT -> {
                InstallSnapshotMsg s = m.getInstallSnapshot();
                if (!s.hasMetadata() || s.getOffset() < 0) {
                    throw new IllegalArgumentException("expected an InstallSnapshot with metadata and offset >= 0 from " + from);
                }
                yield new InstallSnapshot(from, to, term, metadata(s.getMetadata()), s.getOffset(), s.getChunk().toByteArray(), s.getDone());
            }
            case INSTALL_SNAPSHOT_RESPONSE -> {
                InstallSnapshotResponseMsg s = m.getInstallSnapshotResponse();
                yield new InstallSnapshotResponse(from, to, term, s.getSnapshotIndex(), s.getNextOffset(), s.getDone(), s.getRejected());
            }
            case READ_INDEX_REQUEST -> new ReadIndexRequest(from, to, term, m.getReadIndexRequest().getRequestId());
            case READ_INDEX_RESPONSE -> new ReadIndexResponse(from, to, term, m.getReadIndexResponse().getRequestId(),
                    m.getReadIndexResponse().getReadIndex(), m.getReadIndexResponse().getOk());
            case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
            case KIND_NOT_SET -> throw new IllegalArgumentException("expected a Raft message kind from " + from + ", got none");
        };
    }

    private static EntryMsg entry(Entry e) {
        return EntryMsg.newBuilder().setIndex(e.index()).setTerm(e.term()).setKind(switch (e.type()) {
            case NORMAL -> EntryKind.ENTRY_NORMAL;
            case NOOP -> EntryKind.ENTRY_NOOP;
            case CONFIG -> EntryKind.ENTRY_CONFIG;
        }).setClientId(e.clientId()).setSequence(e.sequence()).setLogTimeMs(e.logTimeMs())
                .setData(ByteString.copyFrom(e.data())).build();
    }

    private static Entry entry(EntryMsg e) {
        EntryType type = switch (e.getKind()) {
            case ENTRY_NORMAL -> EntryType.NORMAL;
            case ENTRY_NOOP -> EntryType.NOOP;
            case ENTRY_CONFIG -> EntryType.CONFIG;
            case UNRECOGNIZED -> throw new IllegalArgumentException("expected entry kind NORMAL, NOOP or CONFIG, got " + e.getKindValue());
        };
        // Entry's constructor rejects index/term < 1 with a message naming the field.
        return new Entry(e.getIndex(), e.getTerm(), type, e.getClientId(), e.getSequence(), e.getLogTimeMs(), e.getData().toByteArray());
    }

    private static SnapshotMetadataMsg metadata(SnapshotMetadata m) {
        Configuration c = m.configuration();
        return SnapshotMetadataMsg.newBuilder().setIndex(m.index()).setTerm(m.term()).setConfiguration(ConfigurationMsg.newBuilder()
                .addAllVoters(c.voters()).addAllOutgoingVoters(c.outgoingVoters()).addAllLearners(c.learners())).build();
    }

    private static SnapshotMetadata metadata(SnapshotMetadataMsg m) {
        ConfigurationMsg c = m.getConfiguration();
        return new SnapshotMetadata(m.getIndex(), m.getTerm(), new Configuration(new java.util.TreeSet<>(c.getVotersList()),
                new java.util.TreeSet<>(c.getOutgoingVotersList()), new java.util.TreeSet<>(c.getLearnersList())));
    }
}
