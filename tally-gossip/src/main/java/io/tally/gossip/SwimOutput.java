package io.tally.gossip;

import java.util.ArrayList;
import java.util.List;

/**
 * One batch of what the core produced since the last {@link SwimNode#takeOutput()}: sends (in
 * order), membership events (in order) and application broadcasts delivered to this node.
 * The runtime sends, notifies and then drops the batch. Single-threaded.
 */
public final class SwimOutput {
    private final List<Outbound> sends = new ArrayList<>();
    private final List<MemberEvent> events = new ArrayList<>();
    private final List<Message.UserBroadcast> delivered = new ArrayList<>();

    /** Datagrams and stream sends, in the order they were produced. */
    public List<Outbound> sends() {
        return sends;
    }

    /** Membership changes, in order. */
    public List<MemberEvent> events() {
        return events;
    }

    /** Application broadcasts received for the first time (this node's own are not included). */
    public List<Message.UserBroadcast> delivered() {
        return delivered;
    }

    /** Whether the batch holds nothing. */
    public boolean isEmpty() {
        return sends.isEmpty() && events.isEmpty() && delivered.isEmpty();
    }
}
