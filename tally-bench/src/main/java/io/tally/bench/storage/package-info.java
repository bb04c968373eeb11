/**
 * JMH benchmarks of durable storage: WAL appends without sync, group commit with 1, 16 and 256 appenders,
 * and RocksDB counter applies. Figures and commands are in docs/storage.md.
 */
package io.tally.bench.storage;
