package io.tally.gossip;

import java.util.List;
import java.util.Objects;

/** Something the runtime must send for the core: a datagram (UDP) or a stream message (TCP). */
public sealed interface Outbound {

    /** Peer address (host:port) to send to. */
    String toAddress();

    /**
     * One compound datagram: its messages in order (probe messages first, then piggybacked
     * updates). {@code sizeBytes} is the estimated encoded size, never above
     * {@link SwimConfig#datagramBytesMax()} unless a single message is larger.
     */
    record Datagram(String toAddress, List<Message> messages, int sizeBytes) implements Outbound {
        public Datagram {
            Objects.requireNonNull(toAddress, "toAddress");
            messages = List.copyOf(messages);
        }
    }

    /** A full-state push-pull to be sent over a stream (TCP) connection. */
    record Stream(String toAddress, Message.PushPull message) implements Outbound {
        public Stream {
            Objects.requireNonNull(toAddress, "toAddress");
            Objects.requireNonNull(message, "message");
        }

        /** Estimated encoded size in bytes. */
        public int sizeBytes() {
            return message.sizeBytes();
        }
    }
}
