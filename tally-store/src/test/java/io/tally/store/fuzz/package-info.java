/**
 * Robustness of the data layer against any input: jqwik properties that feed arbitrary commands (any field
 * values the codec can carry) and mutated command bytes to the state machine, which must answer every one.
 */
package io.tally.store.fuzz;
