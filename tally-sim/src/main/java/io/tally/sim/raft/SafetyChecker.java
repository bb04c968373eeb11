package io.tally.sim.raft;

import io.tally.raft.Entry;
import io.tally.raft.RaftNode;
import io.tally.raft.Role;
import io.tally.raft.session.SessionTable;
import io.tally.sim.disk.LogImage;
import io.tally.sim.kernel.SimRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Raft's safety properties (Figure 3 of the Raft paper), checked as the simulation runs; a
 * violation throws {@link SafetyViolation} with the details.
 * <ul>
 *   <li><b>Election safety</b>: at most one leader per term ({@link #afterEvent}).</li>
 *   <li><b>Log matching</b>: every entry written anywhere with the same (index, term) has the same
 *       content and the same predecessor term; by induction, logs sharing an (index, term) are
 *       identical up to it ({@link #entryWritten}).</li>
 *   <li><b>Leader completeness</b>: when a node is first seen leading a term, its log holds every
 *       entry applied anywhere so far (above its snapshot).</li>
 *   <li><b>State machine safety</b>: no two nodes apply different entries at the same index, and
 *       their state hashes agree after it ({@link #applied}); a restored snapshot matches too.</li>
 * </ul>
 * Simulation thread only.
 */
public final class SafetyChecker {
    private record EntryFacts(long contentHash, long prevTerm, String firstWriter) { }

    private record AppliedFacts(long term, long contentHash, long stateHash, long clientId, long sequence,
            String firstNode) { }

    private record IndexTerm(long index, long term) { }

    private final TreeMap<Long, String> leaderOfTerm = new TreeMap<>();
    private final Map<IndexTerm, EntryFacts> written = new HashMap<>();
    private final Map<Long, AppliedFacts> applied = new HashMap<>();
    private final Set<SessionOp> appliedOps = new HashSet<>();
    private long maxAppliedIndex;
    private long checks;

    /** A session write (client id, sequence) as applied by the state machine. */
    public record SessionOp(long clientId, long sequence) { }

    /** Checks the per-event invariants over all nodes. */
    public void afterEvent(List<SimNode> nodes) {
        checks++;
        for (SimNode n : nodes) {
            RaftNode r = n.raft();
            if (r == null || r.role() != Role.LEADER) {
                continue;
            }
            long term = r.term();
            String known = leaderOfTerm.putIfAbsent(term, n.id());
            if (known == null) {
                checkLeaderCompleteness(n, term);
            } else if (!known.equals(n.id())) {
                throw new SafetyViolation("election safety: two leaders in term " + term + ": " + known + " and "
                        + n.id());
            }
        }
    }

    private void checkLeaderCompleteness(SimNode n, long term) {
        LogImage log = n.disk().live();
        long from = log.snapshot().index() + 1;
        for (long i = from; i <= maxAppliedIndex; i++) {
            AppliedFacts a = applied.get(i);
            if (a == null) {
                continue;
            }
            Entry e = log.entryAt(i);
            if (e == null || e.term() != a.term() || contentHash(e) != a.contentHash()) {
                throw new SafetyViolation("leader completeness: " + n.id() + " leads term " + term
                        + " but its log has " + (e == null ? "no entry" : e) + " at index " + i
                        + " where the committed entry (term " + a.term() + ", first applied by " + a.firstNode()
                        + ") was applied");
            }
        }
    }

    /** Called for every entry a node writes to its log (after the write). */
    public void entryWritten(SimNode n, Entry e) {
        long prevTerm = n.disk().live().termAt(e.index() - 1);
        EntryFacts facts = new EntryFacts(contentHash(e), prevTerm, n.id());
        EntryFacts known = written.putIfAbsent(new IndexTerm(e.index(), e.term()), facts);
        if (known != null && (known.contentHash() != facts.contentHash()
                || (known.prevTerm() != prevTerm && prevTerm >= 0 && known.prevTerm() >= 0))) {
            throw new SafetyViolation("log matching: entry " + e + " written by " + n.id() + " with previous term "
                    + prevTerm + " but " + known.firstWriter() + " wrote (index " + e.index() + ", term " + e.term()
                    + ") with " + (known.contentHash() != facts.contentHash() ? "other content" : "previous term "
                    + known.prevTerm()));
        }
    }

    /** Called when a node's state machine applies an entry (first time on that node). */
    public void applied(SimNode n, Entry e, SessionTable.Outcome outcome, long stateHash) {
        AppliedFacts facts = new AppliedFacts(e.term(), contentHash(e), stateHash, e.clientId(), e.sequence(), n.id());
        AppliedFacts known = applied.putIfAbsent(e.index(), facts);
        if (known == null) {
            maxAppliedIndex = Math.max(maxAppliedIndex, e.index());
            if (outcome instanceof SessionTable.Outcome.Applied && e.hasSession()) {
                appliedOps.add(new SessionOp(e.clientId(), e.sequence()));
            }
            return;
        }
        if (known.term() != facts.term() || known.contentHash() != facts.contentHash()) {
            throw new SafetyViolation("state machine safety: " + n.id() + " applied " + e + " at index " + e.index()
                    + " but " + known.firstNode() + " applied an entry of term " + known.term() + " there");
        }
        if (known.stateHash() != stateHash) {
            throw new SafetyViolation("state machine safety: " + n.id() + " has a different state than "
                    + known.firstNode() + " after applying index " + e.index());
        }
    }

    /** Called when a node installs a snapshot: its state must equal what others had at that index. */
    public void snapshotRestored(SimNode n, long index, long stateHash) {
        AppliedFacts known = applied.get(index);
        if (known != null && known.stateHash() != stateHash) {
            throw new SafetyViolation("snapshot at index " + index + " installed on " + n.id()
                    + " does not match the state " + known.firstNode() + " had after applying that index");
        }
    }

    /** Whether a session write was applied (for the "no acknowledged write lost" check). */
    public boolean wasApplied(long clientId, long sequence) {
        return appliedOps.contains(new SessionOp(clientId, sequence));
    }

    /** The highest index applied by any node. */
    public long maxAppliedIndex() {
        return maxAppliedIndex;
    }

    /** The state hash after applying {@code index}, or 0 if nobody applied it. */
    public long stateHashAt(long index) {
        AppliedFacts a = applied.get(index);
        return a == null ? 0 : a.stateHash();
    }

    /** Terms that had a leader, and who. */
    public Map<Long, String> leaders() {
        return leaderOfTerm;
    }

    public long checks() {
        return checks;
    }

    static long contentHash(Entry e) {
        long h = SimRandom.mix64(e.type().ordinal() + 31L * e.clientId());
        h = SimRandom.mix64(h ^ e.sequence());
        return SimRandom.mix64(h ^ Arrays.hashCode(e.data()));
    }
}
