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
}
