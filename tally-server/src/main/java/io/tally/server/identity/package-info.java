/**
 * The node's data directory: its exclusive lock (held for the life of the process) and its identity file
 * (node id, cluster name and cluster id), written atomically on the first start and checked on every
 * restart. Called once at start-up from the starting thread.
 */
package io.tally.server.identity;
