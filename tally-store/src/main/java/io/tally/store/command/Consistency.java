package io.tally.store.command;

/** A keyspace's guarantee: Raft-replicated (strong) or leaderless gossip with CRDTs (eventual). */
public enum Consistency {
    STRONG,
    EVENTUAL
}
