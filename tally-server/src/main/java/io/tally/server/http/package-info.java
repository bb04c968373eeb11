/**
 * The HTTP/JSON API on Netty: {@link io.tally.server.http.HttpApiServer} binds the port, aggregates
 * requests up to the body limit, maps paths to {@link io.tally.server.core.ApiRoute}s and passes them to
 * the node core through an {@link io.tally.server.http.ApiDispatcher}; replies come back on the Netty
 * thread of the connection. Errors are JSON {@code {"error":{"code":..,"message":..}}}.
 */
package io.tally.server.http;
