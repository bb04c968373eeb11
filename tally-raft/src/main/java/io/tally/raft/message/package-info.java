/**
 * Raft peer messages: one sealed interface of records. Every message carries the sender, the receiver and the
 * sender's term. Transports serialise them (tally-wire); the core handles them with an exhaustive switch.
 */
package io.tally.raft.message;
