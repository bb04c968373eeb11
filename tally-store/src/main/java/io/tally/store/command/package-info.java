/**
 * Commands a client sends to a strong keyspace and the results the state machine answers with: sealed
 * interfaces of records ({@link io.tally.store.command.Command}, {@link io.tally.store.command.Result}),
 * stable {@link io.tally.store.command.ErrorCode}s with their HTTP statuses, {@link io.tally.store.command.Limits}
 * and {@link io.tally.store.command.Validation}. Immutable values; any thread.
 */
package io.tally.store.command;
