package io.tally.server.http;

import io.tally.server.core.ApiReply;
import io.tally.server.core.ApiRoute;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Passes an API call to the node core. Called on Netty threads; must never block.
 */
@FunctionalInterface
public interface ApiDispatcher {
    /** The future reply, or empty when the node cannot take the call now (its queue is full). */
    Optional<CompletableFuture<ApiReply>> submit(ApiRoute route);

    /**
     * Passes a data-route request (strong keyspaces) to the node; empty when the node cannot take it now. The
     * default answers nothing (a node without the data layer), which the HTTP layer turns into 503.
     */
    default Optional<CompletableFuture<ApiReply>> submitData(io.tally.server.raft.ClientRequest request) {
        return Optional.empty();
    }

    /** Passes a cluster administration operation to the node; empty when it cannot take it now (default: never). */
    default Optional<CompletableFuture<ApiReply>> submitAdmin(io.tally.server.raft.AdminOp op) {
        return Optional.empty();
    }
}
