package io.tally.server.core;

/**
 * What the {@link NodeLoop} drives: called only from the loop thread, in queue order, with the node
 * clock's time in milliseconds. Implemented by {@link NodeCore}.
 */
public interface EventHandler {
    /** Called once, on the loop thread, before the first event. */
    void start(long nowMs);

    /** Handles one event; an {@link IllegalStateException} means corrupt state and stops the node. */
    void handle(NodeEvent event, long nowMs);
}
