package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.cli.bench.LoadRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchCommandTest {

    private static LoadRun.Spec spec(String... args) {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.spec();
    }

    @Test
    void defaultsMatchThePeersSetupExceptTheDurations() {
        LoadRun.Spec s = spec("--endpoints", "127.0.0.1:7001,http://127.0.0.1:7002/");
        assertThat(s.target()).isEqualTo(LoadRun.TargetKind.TALLY);
        assertThat(s.endpoints()).containsExactly("127.0.0.1:7001", "127.0.0.1:7002");
        assertThat(s.workload()).isEqualTo(LoadRun.Workload.COUNTER);
        assertThat(s.clients()).isEqualTo(64);
        assertThat(s.valueBytes()).isEqualTo(16);
        assertThat(s.warmupMs()).isEqualTo(5_000);
        assertThat(s.durationMs()).isEqualTo(10_000);
        assertThat(s.timeoutMs()).isEqualTo(15_000);
        assertThat(s.keyPrefix()).matches("b[0-9a-f]+");
    }

    @Test
    void etcdTargetAndTheRestOfTheOptionsAreTaken() {
        LoadRun.Spec s = spec("--target", "etcd", "-e", "127.0.0.1:22379", "--workload", "value", "--reads", "1", "--keys", "10000",
            "--warmup", "10s", "--duration", "15s", "--key-prefix", "key", "--server-pids", "11,12,13", "--io-threads", "2");
        assertThat(s.target()).isEqualTo(LoadRun.TargetKind.ETCD);
        assertThat(s.reads()).isEqualTo(1.0);
        assertThat(s.warmupMs()).isEqualTo(10_000);
        assertThat(s.keyPrefix()).isEqualTo("key");
        assertThat(s.serverPids()).containsExactly(11L, 12L, 13L);
        assertThat(s.ioThreads()).isEqualTo(2);
        assertThat(spec("--warmup", "0s").warmupMs()).isZero();
    }

    @Test
    void badOptionsSayWhatWasExpected() {
        assertThatThrownBy(() -> spec("--target", "redis")).isInstanceOf(ParameterException.class)
            .hasMessage("--target: expected tally or etcd, got redis");
        assertThatThrownBy(() -> spec("--workload", "files")).hasMessage("--workload: expected counter, value or items, got files");
        assertThatThrownBy(() -> spec("--target", "etcd", "--workload", "items")).hasMessageContaining("items have no etcd equivalent");
        assertThatThrownBy(() -> spec("--clients", "0")).hasMessage("expected --clients 1-4096, got 0");
        assertThatThrownBy(() -> spec("--keys", "0")).hasMessage("expected --keys 1-100000000, got 0");
        assertThatThrownBy(() -> spec("--reads", "1.5")).hasMessage("expected --reads 0.0-1.0, got 1.5");
        assertThatThrownBy(() -> spec("--reads", "NaN")).hasMessage("expected --reads 0.0-1.0, got NaN");
        assertThatThrownBy(() -> spec("--value-size", "-1")).hasMessageContaining("--value-size 0-1048576");
        assertThatThrownBy(() -> spec("--ops-max", "0")).hasMessage("expected --ops-max >= 1, got 0");
        assertThatThrownBy(() -> spec("--duration", "10")).hasMessageStartingWith("--duration: expected a duration with a unit");
        assertThatThrownBy(() -> spec("--duration", "50ms")).hasMessageStartingWith("--duration: expected a duration between");
        assertThatThrownBy(() -> spec("--warmup", "soon")).hasMessageStartingWith("--warmup:");
        assertThatThrownBy(() -> spec("--key-prefix", "a/b")).hasMessageContaining("--key-prefix of 1-64 characters");
        assertThatThrownBy(() -> spec("--io-threads", "0")).hasMessage("expected --io-threads 1-64, got 0");
        assertThatThrownBy(() -> spec("--endpoints", "nohost")).hasMessageStartingWith("--endpoints: expected endpoints as host:port");
    }

    @Test
    void aBadOptionExitsTwoBeforeAnyLoad() {
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            assertThat(Main.run("bench", "--target", "etcd", "--workload", "items")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void serverPidsAreOptional() {
        assertThat(spec().serverPids()).isEqualTo(List.of());
    }
}
