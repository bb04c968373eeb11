package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.cli.gossip.MemberViews;
import io.tally.cli.gossip.NetworkNamespaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --discover} between real {@code tally node} processes in a real broadcast domain: three network
 * namespaces joined by a bridge (addresses in 10.213.77.0/24, only inside those namespaces), one node per
 * namespace. n1 starts alone; n2 and n3 start with only {@code --discover} and must join it; n4, of another
 * cluster name, gets no answer and reports it after its discover-timeout. The
 * namespaces are removed after the test, also on failure. Skipped (with the reason) when not root or when
 * {@code ip} is missing. The nodes' HTTP APIs live inside the namespaces, so the test reads their logs.
 */
class GossipDiscoveryIT {

    private static final String PREFIX = "10.213.77.";
    private final List<Process> started = new ArrayList<>();
    private NetworkNamespaces net;

    @TempDir
    Path tmp;

    @BeforeEach
    void createNamespaces() throws IOException {
        String reason = NetworkNamespaces.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "skipping the --discover test: " + reason);
        String tag = "tg" + (ProcessHandle.current().pid() % 100_000);
        try {
            net = NetworkNamespaces.create(tag, PREFIX, 4);
        } catch (IOException e) {
            Assumptions.abort("skipping the --discover test: cannot create network namespaces here: " + e.getMessage());
        }
    }

    @AfterEach
    void stopNodesAndRemoveNamespaces() throws InterruptedException {
        try {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    private Path node(int i, Path config, String... extra) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        String id = "n" + (i + 1);
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar, "node", "--id", id, "--data-dir", tmp.resolve(id).toString(),
            "--http", net.address(i) + ":7001", "--peer", net.address(i) + ":7101", "--config", config.toString()));
        cmd.addAll(List.of(extra));
        Path log = tmp.resolve(id + ".log");
        started.add(new ProcessBuilder(net.exec(i, cmd)).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        return log;
    }

    private static boolean logHas(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void nodesStartedWithOnlyDiscoverFindTheClusterByBroadcastAndJoinIt() throws Exception {
        Path config = tmp.resolve("discover.yaml");
        Files.writeString(config, String.join("\n", "cluster: discit", "probe-interval: 200ms", "probe-timeout: 100ms",
            "discover-timeout: 30s", "fsync: false", ""), StandardCharsets.UTF_8);
        Path log1 = node(0, config);
        MemberViews.await("n1 answers discovery requests", Duration.ofSeconds(30),
            () -> logHas(log1, "discovery: answering requests of cluster discit"));
        Path log2 = node(1, config, "--discover");
        Path log3 = node(2, config, "--discover");

        MemberViews.await("n2 found n1 by discovery", Duration.ofSeconds(40),
            () -> logHas(log2, "discovery: n1 answered from " + PREFIX + "1:7101"));
        for (Path log : List.of(log1, log3)) {
            MemberViews.await(log.getFileName() + " sees n2 alive", Duration.ofSeconds(30),
                () -> logHas(log, "member n2 at " + PREFIX + "2:7101 is alive"));
        }
        for (Path log : List.of(log1, log2)) {
            MemberViews.await(log.getFileName() + " sees n3 alive", Duration.ofSeconds(30),
                () -> logHas(log, "member n3 at " + PREFIX + "3:7101 is alive"));
        }
        MemberViews.await("n3 sees n1 alive", Duration.ofSeconds(30),
            () -> logHas(log3, "member n1 at " + PREFIX + "1:7101 is alive"));
        assertThat(Files.readString(log2)).doesNotContain("discovery found no member");

        // A node of another cluster name gets no answer and says so once discover-timeout passes.
        Path lonelyConfig = tmp.resolve("lonely.yaml");
        Files.writeString(lonelyConfig, "cluster: lonely\ndiscover-timeout: 2s\nfsync: false\n", StandardCharsets.UTF_8);
        Path log4 = node(3, lonelyConfig, "--discover");
        MemberViews.await("n4 reports that no member of its cluster answered", Duration.ofSeconds(30),
            () -> logHas(log4, "discovery found no member of cluster 'lonely' within 2000 ms"));
        assertThat(Files.readString(log4)).doesNotContain("answered from");
    }
}
