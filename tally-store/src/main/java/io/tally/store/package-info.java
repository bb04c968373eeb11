/**
 * The data layer of Tally's strong keyspaces, as pure deterministic code (no I/O, clock, threads or
 * unseeded randomness): {@link io.tally.store.command} (commands, results, error codes, limits and
 * validation), {@link io.tally.store.codec} (their compact versioned binary form, carried inside Raft log
 * entries) and {@link io.tally.store.state} (the replicated state machine over ordered byte keys in named
 * families, and an in-memory store for tests and the simulator). See docs/data-model.md.
 */
package io.tally.store;
