package io.tally.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.tally.wire.proto.Envelope;
import java.nio.ByteBuffer;

/**
 * Length-prefixed framing on plain byte arrays, for tests, tools and benchmarks. The Netty transport
 * does the same with Netty's own codecs. Stateless; any thread.
 */
public final class Frames {
  private Frames() {}

  /**
   * Encodes one message as a frame: 4-byte big-endian body length, then the body.
   *
   * @throws IllegalArgumentException if the body is larger than {@code frameBytesMax}
   */
  public static byte[] encode(MessageLite message, int frameBytesMax) {
    int bodyBytes = message.getSerializedSize();
    if (bodyBytes > frameBytesMax) {
      throw new IllegalArgumentException(
          "frame body of " + bodyBytes + " bytes exceeds frameBytesMax " + frameBytesMax);
    }
    ByteBuffer out = ByteBuffer.allocate(WireProtocol.FRAME_LENGTH_BYTES + bodyBytes);
    out.putInt(bodyBytes);
    out.put(message.toByteArray());
    return out.array();
  }

  /**
   * Decodes one whole frame holding an {@link Envelope}.
   *
   * @throws IllegalArgumentException if the length prefix is missing, negative, larger than
   *     {@code frameBytesMax} or does not match the array, or the body is not an Envelope
   */
  public static Envelope decodeEnvelope(byte[] frame, int frameBytesMax) {
    if (frame.length < WireProtocol.FRAME_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "frame of " + frame.length + " bytes is shorter than its 4-byte length prefix");
    }
    int bodyBytes = ByteBuffer.wrap(frame).getInt();
    if (bodyBytes < 0 || bodyBytes > frameBytesMax) {
      throw new IllegalArgumentException(
          "frame length " + bodyBytes + " is outside 0.." + frameBytesMax);
    }
    if (bodyBytes != frame.length - WireProtocol.FRAME_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "frame length prefix says " + bodyBytes + " bytes but the body has "
              + (frame.length - WireProtocol.FRAME_LENGTH_BYTES));
    }
    try {
      return Envelope.parseFrom(
          ByteBuffer.wrap(frame, WireProtocol.FRAME_LENGTH_BYTES, bodyBytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("frame body is not an Envelope: " + e.getMessage(), e);
    }
  }
}
