/**
 * The HTTP data routes of the strong keyspaces ({@code /v1/counters}, {@code /v1/kv}, {@code /v1/items}, their
 * {@code /v1/ks/{keyspace}/...} forms and the seed routes): {@link io.tally.server.data.DataRequests} parses a
 * request into a {@link io.tally.server.raft.ClientRequest} or an error reply, {@link io.tally.server.data.DataReplies}
 * renders the outcome as JSON (or a value's raw body). Stateless; Netty threads. See docs/strong.md.
 */
package io.tally.server.data;
