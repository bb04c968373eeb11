/** Fuzz and random-bytes property tests of the storage decoders: only WalCorruptionException may come out. */
package io.tally.storage.fuzz;
