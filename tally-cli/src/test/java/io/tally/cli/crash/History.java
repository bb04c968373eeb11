package io.tally.cli.crash;

import io.tally.sim.linearizability.KvOp;
import io.tally.sim.linearizability.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recorded client history of the crash loop in {@link KvOp} form (times in microseconds since the loop began), with the sums the final-value check needs and a text form for files. Not thread-safe: each client thread
 * records its own list and the lists are merged once the clients are done.
 */
public final class History {
    private final List<Operation<KvOp.Input, KvOp.Output>> ops = new ArrayList<>();

    /** Adds one client's operations. */
    public void addAll(List<Operation<KvOp.Input, KvOp.Output>> more) {
        ops.addAll(more);
    }

    /** Adds one operation. */
    public void add(Operation<KvOp.Input, KvOp.Output> op) {
        ops.add(op);
    }

    /** All operations, in the order they were added. */
    public List<Operation<KvOp.Input, KvOp.Output>> operations() {
        return List.copyOf(ops);
    }

    /** How many operations are complete writes (increments, puts, compare-and-sets). */
    public long completedWrites() {
        return ops.stream().filter(o -> !o.pending() && !(o.input() instanceof KvOp.Read)).count();
    }

    /** How many operations are pending (outcome unknown). */
    public long pending() {
        return ops.stream().filter(Operation::pending).count();
    }

    /** Per counter key, the sum of the acknowledged increments' deltas. */
    public Map<String, Long> ackedDeltaSums() {
        Map<String, Long> out = new TreeMap<>();
        for (Operation<KvOp.Input, KvOp.Output> o : ops) {
            if (o.input() instanceof KvOp.Increment inc && !o.pending()) {
                out.merge(o.key(), inc.delta(), Long::sum);
            }
        }
        return out;
    }

    /** Per counter key, the deltas of the increments whose outcome is unknown. */
    public Map<String, List<Long>> unknownDeltas() {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Operation<KvOp.Input, KvOp.Output> o : ops) {
            if (o.input() instanceof KvOp.Increment inc && o.pending()) {
                out.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(inc.delta());
            }
        }
        return out;
    }

    /**
     * Writes the history to {@code file}, one operation a line sorted by key then invoke time: invoke and complete
     * time in milliseconds ({@code ?} when pending), client, key, input and output.
     */
    public void save(Path file) throws IOException {
        List<Operation<KvOp.Input, KvOp.Output>> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparing((Operation<KvOp.Input, KvOp.Output> o) -> o.key()).thenComparingLong(Operation::invokeTime));
        StringBuilder b = new StringBuilder("# invoke_ms complete_ms client key input -> output (? = unknown)\n");
        for (Operation<KvOp.Input, KvOp.Output> o : sorted) {
            b.append(String.format(Locale.ROOT, "%.3f %s client%d %s %s -> %s%n", o.invokeTime() / 1e3,
                    o.pending() ? "?" : String.format(Locale.ROOT, "%.3f", o.completeTime() / 1e3),
                    o.clientId(), o.key(), o.input(), o.pending() ? "?" : o.output()));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b);
    }
}
