package io.tally.storage.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A reference model of the log and helpers shared by the WAL tests. */
final class WalTestSupport {

    private WalTestSupport() {
    }

    /** Immutable snapshot of a log's observable state. */
    record State(long compactIndex, long compactTerm, List<WalRecord.Entry> entries, byte[] hardState) {
        long lastIndex() {
            return compactIndex + entries.size();
        }

        long term(long index) {
            return index == compactIndex ? compactTerm : entries.get((int) (index - compactIndex - 1)).term();
        }

        boolean sameAs(State o) {
            return compactIndex == o.compactIndex && compactTerm == o.compactTerm && entries.equals(o.entries)
                    && Arrays.equals(hardState, o.hardState);
        }

        State append(WalRecord.Entry e) {
            List<WalRecord.Entry> l = new ArrayList<>(entries);
            l.add(e);
            return new State(compactIndex, compactTerm, List.copyOf(l), hardState);
        }

        State truncate(long from) {
            return new State(compactIndex, compactTerm, List.copyOf(entries.subList(0, (int) (from - compactIndex - 1))), hardState);
        }

        State hardState(byte[] hs) {
            return new State(compactIndex, compactTerm, entries, hs);
        }

        State compact(long index, long term) {
            boolean keep = index <= lastIndex() && index > compactIndex && term(index) == term;
            List<WalRecord.Entry> l = keep ? List.copyOf(entries.subList((int) (index - compactIndex), entries.size())) : List.of();
            return new State(index, term, l, hardState);
        }

        static State empty() {
            return new State(0, 0, List.of(), null);
        }

        @Override
        public String toString() {
            return "State[compact=" + compactIndex + "@" + compactTerm + ", last=" + lastIndex() + ", hs=" + Arrays.toString(hardState) + "]";
        }
    }

    static State stateOf(Wal wal) throws IOException {
        List<WalRecord.Entry> entries = wal.lastIndex() >= wal.firstIndex()
                ? wal.entries(wal.firstIndex(), wal.lastIndex() + 1, Long.MAX_VALUE) : List.of();
        return new State(wal.compactIndex(), wal.compactTerm(), List.copyOf(entries), wal.hardState().orElse(null));
    }

    static WalRecord.Entry entry(long index, long term, Random random, int bytesMax) {
        byte[] data = new byte[random.nextInt(bytesMax + 1)];
        random.nextBytes(data);
        return new WalRecord.Entry(index, term, data);
    }

    static List<WalRecord.Entry> entries(long from, int count, long term, int bytes) {
        List<WalRecord.Entry> l = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] d = new byte[bytes];
            Arrays.fill(d, (byte) (from + i));
            l.add(new WalRecord.Entry(from + i, term, d));
        }
        return l;
    }
}
