package io.tally.storage.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests of the WAL record decoder and the snapshot readers. By default (CI) each runs its
 * seed corpus under src/test/resources/io/tally/storage/fuzz/StorageDecoderFuzzTestInputs as a regression
 * test; with {@code JAZZER_FUZZ=1} it fuzzes (see docs/storage.md). Only {@code WalCorruptionException}
 * may come out.
 */
class StorageDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void walRecordDecoder(byte[] input) {
        StorageDecoders.walRecords(input);
    }

    @FuzzTest(maxDuration = "60s")
    void snapshotArchiveReader(byte[] input) {
        StorageDecoders.snapshotArchive(input);
    }

    @FuzzTest(maxDuration = "60s")
    void snapshotFileReader(byte[] input) {
        StorageDecoders.snapshotFile(input);
    }
}
