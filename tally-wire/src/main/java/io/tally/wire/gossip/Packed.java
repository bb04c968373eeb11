package io.tally.wire.gossip;

import io.tally.gossip.Message;
import java.util.List;

/**
 * Messages packed into datagrams of at most the requested size.
 *
 * @param datagrams encoded datagrams, in order; each at most the size asked for
 * @param tooLarge messages that could not fit even alone in a datagram (the caller counts them;
 *     they never go out over UDP)
 */
public record Packed(List<byte[]> datagrams, List<Message> tooLarge) {
    public Packed {
        datagrams = List.copyOf(datagrams);
        tooLarge = List.copyOf(tooLarge);
    }
}
