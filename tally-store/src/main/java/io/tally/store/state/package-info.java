/**
 * The replicated state machine of the strong keyspaces. {@link io.tally.store.state.DataStateMachine} applies one
 * committed command at a time: it reads the current state through {@link io.tally.store.state.StateReader}
 * (ordered byte keys in the {@link io.tally.store.state.Family} column families) and returns the
 * {@link io.tally.store.state.Write}s to commit atomically with the applied index, together with the
 * {@link io.tally.store.command.Result}. {@link io.tally.store.state.Queries} answers reads from the same state;
 * {@link io.tally.store.state.MemoryState} is the in-memory store for tests and the simulator. Key encoding:
 * {@link io.tally.store.state.Keys} and docs/data-model.md. Single-threaded: the node's apply thread.
 */
package io.tally.store.state;
