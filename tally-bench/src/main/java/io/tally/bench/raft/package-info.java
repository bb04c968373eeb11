/** JMH benchmarks of the Raft core alone (no I/O): three in-memory nodes pumped in one thread. */
package io.tally.bench.raft;
