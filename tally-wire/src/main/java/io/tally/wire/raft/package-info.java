/** Protobuf codec of tally-raft's messages ({@link io.tally.wire.raft.RaftCodec}), carried in {@code Envelope.raft}. */
package io.tally.wire.raft;
