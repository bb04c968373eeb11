package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuMeterTest {

    @Test
    void processTicksAreUtimePlusStimeCountedAfterTheCommandName() {
        String stat = "4242 (java (tally) x) S 1 4242 4242 0 -1 4194560 27000 0 12 0 1500 250 0 0 20 0 40 0 100 0 0";
        assertThat(CpuMeter.processTicks(stat)).isEqualTo(1750);
        assertThat(CpuMeter.processTicks("garbage")).isEqualTo(-1);
        assertThat(CpuMeter.processTicks(null)).isEqualTo(-1);
    }

    @Test
    void busyTicksLeaveOutIdleAndIowait() {
        String stat = "cpu  100 5 50 9000 300 7 3 2 0 0\ncpu0 50 2 25 4500 150 3 1 1 0 0\n";
        assertThat(CpuMeter.busyTicks(stat)).isEqualTo(100 + 5 + 50 + 7 + 3 + 2);
        assertThat(CpuMeter.busyTicks("intr 1 2 3")).isEqualTo(-1);
    }

    @Test
    void coresAreCpuSecondsPerWallSecondAndOtherIsTheRest() {
        CpuMeter.Sample a = new CpuMeter.Sample(0, 0, 0, 0);
        CpuMeter.Sample b = new CpuMeter.Sample(2_000_000_000L, 1_000_000_000L, 2_000_000_000L, 3_600_000_000L);
        assertThat(CpuMeter.cores(a, b)).containsExactly(new double[] {0.5, 1.0, 0.3}, org.assertj.core.data.Offset.offset(1e-9));
        CpuMeter.Sample unknown = new CpuMeter.Sample(2_000_000_000L, 1_000_000_000L, -1, -1);
        assertThat(CpuMeter.cores(a, unknown)[1]).isNaN();
    }

    @Test
    void serverCpuSumsThePidsAndAGoneServerCountsAsZero(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("11"));
        Files.writeString(proc.resolve("11/stat"), "11 (java) S 1 1 1 0 -1 0 0 0 0 0 30 20 0 0 20 0 1 0 1 0 0");
        Files.writeString(proc.resolve("stat"), "cpu  1 0 0 0 0 0 0 0 0 0\n");
        CpuMeter.Sample s = new CpuMeter(List.of(11L, 99L), proc).sample();
        assertThat(s.serverCpuNanos()).isEqualTo(50 * 10_000_000L);
        assertThat(s.busyCpuNanos()).isEqualTo(10_000_000L);
        assertThat(new CpuMeter(List.of(), proc).sample().serverCpuNanos()).isEqualTo(-1);
    }
}
