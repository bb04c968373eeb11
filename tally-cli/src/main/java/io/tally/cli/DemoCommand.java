package io.tally.cli;

import io.tally.server.config.ConfigValues;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code tally demo}: starts a local cluster of {@code tally node} child processes on 127.0.0.1 (every node
 * with {@code --bootstrap-expect N}, n2..nN joining through n1), waits until every node lists all the others
 * as alive and all report the same Raft leader, prints each node's role, term, commit and applied index and
 * endpoints, runs the {@link DemoWorkload} (unless {@code --workload none}), then runs until Ctrl-C or
 * {@code --duration} and stops the children cleanly (SIGTERM, wait, then kill only its own processes). Exit
 * code 0 after a clean run, 1 when the cluster did not form or the workload failed. Runs on the main thread.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Start a local Tally cluster (child processes on 127.0.0.1), wait for its Raft leader, and run a short sample workload.")
final class DemoCommand implements Callable<Integer> {

    static final long FORM_TIMEOUT_MS = 60_000;
    static final long WORKLOAD_TIMEOUT_MS = 60_000;
    static final long STOP_GRACE_MS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Number of nodes, 1-15 (default 3).")
    int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "0",
        description = "HTTP ports PORT.., peer ports PORT+100.. (default: free ports).")
    int basePort;

    @Option(names = "--duration", paramLabel = "DURATION",
        description = "Stop after this long, e.g. 10s or 5m (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--workload", paramLabel = "sample|none", defaultValue = "sample",
        description = "sample (default): counter increments, values and items over every node; none: only the cluster.")
    String workload;

    @Option(names = "--keep-data", description = "Keep the data dirs and logs after stopping.")
    boolean keepData;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 15) {
            throw new ParameterException(spec.commandLine(), "--nodes: expected 1 to 15, got " + nodes);
        }
        if (basePort != 0 && (basePort < 1024 || basePort + 100 + nodes > 65535)) {
            throw new ParameterException(spec.commandLine(),
                "--base-port: expected 1024 to " + (65435 - nodes) + " (HTTP ports PORT.., peer ports PORT+100..), got " + basePort);
        }
        if (!workload.equals("sample") && !workload.equals("none")) {
            throw new ParameterException(spec.commandLine(), "--workload: expected sample or none, got '" + workload + "'");
        }
        long durationMs = 0;
        if (duration != null) {
            try {
                durationMs = ConfigValues.durationMs(duration, 1, 7L * 24 * 3_600_000);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
            }
        }
        Path dir = Files.createTempDirectory("tally-demo-");
        LocalCluster cluster = new LocalCluster();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination("demo-stop", () -> {
            stop.countDown();
            cluster.stopAll(STOP_GRACE_MS);
        });
        try {
            return run(cluster, dir, durationMs, stop);
        } finally {
            TreeMap<String, Integer> codes = cluster.stopAll(STOP_GRACE_MS);
            if (!codes.isEmpty()) {
                out.println();
                out.println("Stopped " + describe(codes) + ".");
            }
            if (keepData) {
                out.println("Data and logs kept in " + dir);
            } else {
                deleteTree(dir);
            }
        }
    }

    private int run(LocalCluster cluster, Path dir, long durationMs, CountDownLatch stop) throws Exception {
        List<LocalCluster.Spec> specs = LocalCluster.plan(nodes, basePort, dir);
        LocalCluster.Spec first = specs.get(0);
        out.printf("Starting a %d-node Tally cluster on 127.0.0.1 ...%n", nodes);
        long startNanos = System.nanoTime();
        long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(FORM_TIMEOUT_MS);
        // All at once: the joiners' transports retry (with backoff) until n1 listens.
        List<String> expect = List.of("--bootstrap-expect", Integer.toString(nodes));
        cluster.start(first, expect);
        for (LocalCluster.Spec s : specs.subList(1, specs.size())) {
            List<String> args = new ArrayList<>(expect);
            args.addAll(List.of("--join", first.peer().toString()));
            cluster.start(s, args);
        }
        Map<String, LocalCluster.View> views = new TreeMap<>();
        while (true) {
            if (failedEarly(cluster)) {
                return 1;
            }
            views.clear();
            for (LocalCluster.Spec s : specs) {
                cluster.view(s).ifPresent(v -> views.put(s.id(), v));
            }
            if (allKnowEachOther(views, specs) && agreedLeader(views).isPresent()) {
                break;
            }
            if (timedOut(deadline, allKnowEachOther(views, specs) ? "the nodes did not agree on a Raft leader"
                    : "the nodes did not all learn each other", specs)) {
                printTable(cluster, views);
                printLogTails(specs);
                return 1;
            }
            if (stop.await(100, TimeUnit.MILLISECONDS)) {
                return 0;
            }
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        out.println();
        printTable(cluster, views);
        out.println();
        LocalCluster.View leader = views.get(agreedLeader(views).orElseThrow());
        out.printf("Leader %s (term %d), agreed by %s; cluster formed in %.1f s.%n", leader.self(), leader.term(),
            nodes == 1 ? "the only node" : "all " + nodes + " nodes", tookMs / 1000.0);
        out.println();
        if (workload.equals("sample")) {
            try {
                if (!new DemoWorkload(specs, out, WORKLOAD_TIMEOUT_MS, stop).run()) {
                    printLogTails(specs);
                    return 1;
                }
            } catch (DemoWorkload.Stopped e) {
                return 0;
            } catch (IOException e) {
                if (stop.getCount() == 0) {
                    return 0;
                }
                out.println("The sample workload failed: " + e.getMessage());
                printLogTails(specs);
                return 1;
            }
            out.println();
        }
        String base = "http://" + specs.get(specs.size() - 1).http();
        out.println("Try (any node takes any request):");
        out.println("  curl -X POST " + base + "/v1/counters/hits -d '{\"delta\":5}'");
        out.println("  curl " + base + "/v1/counters/" + DemoWorkload.COUNTER);
        out.println("  curl -X PUT " + base + "/v1/kv/greeting -H 'Content-Type: text/plain' -d 'hi'");
        out.println("  curl -i " + base + "/v1/kv/greeting");
        out.println("  curl -X POST " + base + "/v1/items -d '[{\"id\":7,\"tenant\":\"acme\"}]'");
        out.println("  curl " + base + "/v1/items/acme/count");
        out.println("  curl -T README.md " + base + "/v1/files/readme.md   # then: curl -H 'Range: bytes=0-99' " + base + "/v1/files/readme.md");
        out.println("  curl " + base + "/v1/cluster");
        out.println();
        out.println("Dashboard (every node serves one): " + base + "/");
        out.println();
        out.println("Node logs: " + dir + "/n*.log" + (keepData ? "" : " (removed on exit; --keep-data keeps them)"));
        out.println(durationMs > 0 ? "Running for " + ConfigValues.formatMs(durationMs) + " (Ctrl-C stops earlier) ..."
            : "Running until Ctrl-C ...");
        long end = durationMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs) : Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            if (stop.await(Math.min(500, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))),
                    TimeUnit.MILLISECONDS)) {
                break;
            }
            Optional<LocalCluster.Node> gone = cluster.exited();
            if (gone.isPresent()) {
                out.printf("%s exited unexpectedly (code %d); its log: %s%n", gone.get().spec().id(),
                    gone.get().process().exitValue(), gone.get().spec().log());
                return 1;
            }
        }
        return 0;
    }

    private static boolean allKnowEachOther(Map<String, LocalCluster.View> views, List<LocalCluster.Spec> specs) {
        if (views.size() < specs.size()) {
            return false;
        }
        for (LocalCluster.View v : views.values()) {
            for (LocalCluster.Spec s : specs) {
                if (!"alive".equals(v.states().get(s.id()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The id of the leader when every node names the same one, that node says it leads and has all nodes
     * as voters, and every node has committed and applied the same (non-zero) index, so the leader's first
     * entry reached everyone; empty otherwise.
     */
    private Optional<String> agreedLeader(Map<String, LocalCluster.View> views) {
        if (views.size() < nodes) {
            return Optional.empty();
        }
        String leader = views.values().iterator().next().leader();
        if (leader.isEmpty() || views.values().stream().anyMatch(v -> !v.leader().equals(leader))) {
            return Optional.empty();
        }
        LocalCluster.View lv = views.get(leader);
        boolean settled = lv != null && lv.commitIndex() > 0 && views.values().stream()
            .allMatch(v -> v.commitIndex() == lv.commitIndex() && v.appliedIndex() == lv.commitIndex());
        return settled && lv.role().equals("leader") && lv.voters() == nodes ? Optional.of(leader) : Optional.empty();
    }

    private void printLogTails(List<LocalCluster.Spec> specs) throws IOException {
        for (LocalCluster.Spec s : specs) {
            out.printf("Last lines of %s (%s):%n", s.id(), s.log());
            List<String> lines = Files.exists(s.log()) ? Files.readAllLines(s.log()) : List.of();
            for (String l : lines.subList(Math.max(0, lines.size() - 15), lines.size())) {
                out.println("  | " + l);
            }
        }
    }

    private boolean failedEarly(LocalCluster cluster) throws IOException {
        Optional<LocalCluster.Node> gone = cluster.exited();
        if (gone.isEmpty()) {
            return false;
        }
        LocalCluster.Node n = gone.get();
        out.printf("%s exited with code %d while starting. Its log (%s):%n", n.spec().id(), n.process().exitValue(), n.spec().log());
        List<String> lines = Files.readAllLines(n.spec().log());
        for (String l : lines.subList(Math.max(0, lines.size() - 20), lines.size())) {
            out.println("  | " + l);
        }
        return true;
    }

    private boolean timedOut(long deadlineNanos, String what, List<LocalCluster.Spec> specs) {
        if (System.nanoTime() < deadlineNanos) {
            return false;
        }
        out.printf("Gave up after %d s: %s. Node logs: %s%n", FORM_TIMEOUT_MS / 1000, what,
            specs.get(0).log().getParent().resolve("n*.log"));
        return true;
    }

    private void printTable(LocalCluster cluster, Map<String, LocalCluster.View> views) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "ROLE", "TERM", "COMMIT/APPLIED", "HTTP API", "PEER (TCP+UDP)", "PID"});
        for (LocalCluster.Node n : cluster.nodes()) {
            LocalCluster.View v = views.get(n.spec().id());
            String role = v == null ? "(not answering)" : v.role().isEmpty() ? "(no raft yet)" : v.role();
            String term = v == null ? "-" : Long.toString(v.term());
            String index = v == null ? "-" : v.commitIndex() + "/" + v.appliedIndex();
            rows.add(new String[] {n.spec().id(), role, term, index, "http://" + n.spec().http(),
                n.spec().peer().toString(), Long.toString(n.process().pid())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 3) + "s", r[i]));
            }
            out.println(sb);
        }
    }

    private static String describe(TreeMap<String, Integer> codes) {
        List<String> parts = new ArrayList<>();
        codes.forEach((id, code) -> parts.add(id + (code == 0 ? " (clean)" : " (exit " + code + ")")));
        return String.join(", ", parts);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
