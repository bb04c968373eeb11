package io.tally.wire.data;

import com.google.protobuf.ByteString;
import io.tally.store.codec.CodecException;
import io.tally.store.codec.CommandCodec;
import io.tally.store.codec.ResultCodec;
import io.tally.store.command.Command;
import io.tally.store.command.Result;
import io.tally.wire.proto.DataForward;
import io.tally.wire.proto.DataForwardBatch;
import io.tally.wire.proto.DataForwardReplyBatch;
import java.util.List;
import io.tally.wire.proto.DataForwardReply;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.ForwardStatus;

/**
 * Envelopes of write forwarding: a {@link DataForward} carries a command in tally-store's binary format with its
 * client session, a {@link DataForwardReply} its result. Decoding checks the command and result bytes with the
 * store's codec and throws {@link IllegalArgumentException} with the reason when they do not decode. Stateless;
 * any thread.
 */
public final class DataCodec {
    private DataCodec() {
    }

    /**
     * A decoded forward: the request id, the command (and the bytes it was decoded from, which the leader proposes
     * as they are) and its session ({@code clientId} 0 = none).
     */
    public record Forward(long requestId, Command command, byte[] encodedCommand, long clientId, long sequence) {
    }

    /** Forwards ({@link #forwardMessage}) in one envelope; the caller keeps the batch under the frame limit. */
    public static Envelope forwardBatch(List<DataForward> forwards) {
        return Envelope.newBuilder().setDataForwardBatch(DataForwardBatch.newBuilder().addAllForwards(forwards)).build();
    }

    /** Replies ({@link #okReply}, {@link #failedReply}) in one envelope. */
    public static Envelope replyBatch(List<DataForwardReply> replies) {
        return Envelope.newBuilder().setDataForwardReplyBatch(DataForwardReplyBatch.newBuilder().addAllReplies(replies)).build();
    }

    /** One forward of {@code command} (for {@link #forwardBatch}). */
    public static DataForward forwardMessage(long requestId, byte[] encodedCommand, long clientId, long sequence) {
        return DataForward.newBuilder().setRequestId(requestId).setCommand(ByteString.copyFrom(encodedCommand))
                .setClientId(clientId).setSequence(sequence).build();
    }

    /** One reply carrying a result (for {@link #replyBatch}). */
    public static DataForwardReply okReply(long requestId, Result result) {
        return DataForwardReply.newBuilder().setRequestId(requestId).setStatus(ForwardStatus.FORWARD_OK)
                .setResult(ByteString.copyFrom(ResultCodec.encode(result))).build();
    }

    /** One reply saying the command was not applied (for {@link #replyBatch}). */
    public static DataForwardReply failedReply(long requestId, ForwardStatus status, String leaderHint, String message) {
        return DataForwardReply.newBuilder().setRequestId(requestId).setStatus(status)
                .setLeaderHint(leaderHint == null ? "" : leaderHint).setMessage(message).build();
    }

    /** The envelope forwarding {@code command} to the leader. */
    public static Envelope forward(long requestId, Command command, long clientId, long sequence) {
        return Envelope.newBuilder().setDataForward(DataForward.newBuilder().setRequestId(requestId)
                .setCommand(ByteString.copyFrom(CommandCodec.encode(command))).setClientId(clientId).setSequence(sequence)).build();
    }

    /** Decodes a forward; throws IllegalArgumentException when the command does not decode or the session is invalid. */
    public static Forward decode(DataForward f) {
        if (f.getClientId() != 0 && f.getSequence() < 1) {
            throw new IllegalArgumentException("expected sequence >= 1 for client " + f.getClientId() + ", got " + f.getSequence());
        }
        try {
            byte[] bytes = f.getCommand().toByteArray();
            return new Forward(f.getRequestId(), CommandCodec.decode(bytes), bytes, f.getClientId(), f.getSequence());
        } catch (CodecException e) {
            throw new IllegalArgumentException("expected an encoded command in forward " + f.getRequestId() + ": " + e.getMessage(), e);
        }
    }

    /** The reply carrying a result. */
    public static Envelope ok(long requestId, Result result) {
        return Envelope.newBuilder().setDataForwardReply(DataForwardReply.newBuilder().setRequestId(requestId)
                .setStatus(ForwardStatus.FORWARD_OK).setResult(ByteString.copyFrom(ResultCodec.encode(result)))).build();
    }

    /** A reply saying the command was not applied. */
    public static Envelope failed(long requestId, ForwardStatus status, String leaderHint, String message) {
        return Envelope.newBuilder().setDataForwardReply(DataForwardReply.newBuilder().setRequestId(requestId)
                .setStatus(status).setLeaderHint(leaderHint == null ? "" : leaderHint).setMessage(message)).build();
    }

    /** The result of an OK reply; throws IllegalArgumentException when it does not decode. */
    public static Result result(DataForwardReply r) {
        try {
            return ResultCodec.decode(r.getResult().toByteArray());
        } catch (CodecException e) {
            throw new IllegalArgumentException("expected an encoded result in forward reply " + r.getRequestId() + ": " + e.getMessage(), e);
        }
    }
}
