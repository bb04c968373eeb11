package io.tally.raft;

import io.tally.raft.message.RaftMessage;
import io.tally.raft.storage.RecoveredState;
import java.util.Random;

/**
 * One Raft node as a pure state machine. Not thread-safe: exactly one thread (the node's event loop, or the
 * simulator) calls every method. Time advances only through {@link #tick()}; randomness comes only from the seeded
 * {@link Random} passed in.
 *
 * <p>Driving loop: feed events ({@link #tick()}, {@link #step}, {@link #propose}, {@link #readIndex}, ...), then
 * while {@link #hasReady()}: take {@link #ready()}, handle it as documented on {@link Ready}, call
 * {@link #advance(Ready)}.
 */
public final class RaftNode {

    /**
     * Creates a node from its recovered durable state.
     *
     * @param config    tunables (id, timeouts in ticks, limits)
     * @param recovered what the node's storage returned ({@link RecoveredState#bootstrap} for a new cluster member)
     * @param random    the node's seeded generator (election timeouts); owned by this node from now on
     */
    public RaftNode(RaftConfig config, RecoveredState recovered, Random random) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Advances logical time by one tick (elections, heartbeats, check-quorum, lease, transfer timeout). */
    public void tick() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Handles one message from a peer; messages addressed to another node are rejected. */
    public void step(RaftMessage message) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Proposes a command; only a leader accepts it. */
    public ProposeResult propose(Proposal proposal) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Proposes a membership change (joint consensus when voters change); only one change at a time. */
    public ProposeResult proposeConfChange(ConfChange change) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Requests a linearizable read. The answer comes later as a {@link ReadState} with the same id (serve once
     * applied up to its index) or in {@link Ready#failedReads()}.
     */
    public void readIndex(long requestId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Asks the leader to hand leadership to {@code targetId}; returns false if this node cannot start it. */
    public boolean transferLeadership(String targetId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts an election now (tests, or a runtime that wants a fast first election). Ignored on leaders. */
    public void campaign() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The application took a snapshot of its state at {@code index} (<= applied index): the core keeps it to send to
     * lagging followers, discards its log up to {@code index}, and hands it out in {@link Ready#localSnapshot()}.
     */
    public void compact(long index, byte[] snapshotData) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The transport could not reach {@code peerId}: the leader returns that follower to probing. */
    public void reportUnreachable(String peerId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** True if {@link #ready()} would return a non-empty batch and no Ready is outstanding. */
    public boolean hasReady() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Collects the output batch; call {@link #advance(Ready)} once it is handled. */
    public Ready ready() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Acknowledges that {@code ready} was persisted, sent and applied. */
    public void advance(Ready ready) {
        throw new UnsupportedOperationException("not yet");
    }

    public String id() {
        throw new UnsupportedOperationException("not yet");
    }

    public Role role() {
        throw new UnsupportedOperationException("not yet");
    }

    public long term() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The leader this node knows of in its current term, or null. */
    public String leaderId() {
        throw new UnsupportedOperationException("not yet");
    }

    public long commitIndex() {
        throw new UnsupportedOperationException("not yet");
    }

    public long lastIndex() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The membership in effect (the latest configuration in the log, committed or not). */
    public Configuration configuration() {
        throw new UnsupportedOperationException("not yet");
    }
}
