/**
 * Client sessions for exactly-once commands (Raft dissertation §6.3): a deterministic table the application's
 * state machine embeds and includes in its snapshots.
 */
package io.tally.raft.session;
