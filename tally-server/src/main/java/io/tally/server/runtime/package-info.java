/**
 * Assembly of a running node ({@link io.tally.server.runtime.TallyNode}): data dir, metrics, node loop,
 * peer transport ({@link io.tally.server.runtime.TransportBridge}) and HTTP server, started in order and
 * stopped in reverse.
 */
package io.tally.server.runtime;
