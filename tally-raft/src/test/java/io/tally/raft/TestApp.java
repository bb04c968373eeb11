package io.tally.raft;

import io.tally.raft.session.SessionTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test state machine: a counter that adds the decimal number in each command (non-numbers are appended to a list),
 * with an embedded session table. Snapshots encode counter, list and sessions.
 */
final class TestApp {
    long counter;
    final List<String> applied = new ArrayList<>();
    /** (index, term) of every applied entry, in order, including no-ops/configs: for safety checks. */
    final List<long[]> appliedIds = new ArrayList<>();
    long appliedIndex;
    SessionTable sessions = new SessionTable(10_000, 1000);
    /** clientId/sequence -> response of the last command, as answered to the client. */
    final java.util.Map<String, String> responses = new java.util.TreeMap<>();

    void apply(Entry e) {
        if (e.index() != appliedIndex + 1) {
            throw new IllegalStateException("applied " + e.index() + " after " + appliedIndex);
        }
        appliedIndex = e.index();
        appliedIds.add(new long[] {e.index(), e.term()});
        if (e.type() != EntryType.NORMAL) {
            return;
        }
        SessionTable.Outcome out = sessions.apply(e, data -> {
            String cmd = new String(data, StandardCharsets.UTF_8);
            applied.add(cmd);
            try {
                counter += Long.parseLong(cmd);
            } catch (NumberFormatException ignored) {
                // not a number: only recorded
            }
            return Long.toString(counter).getBytes(StandardCharsets.UTF_8);
        });
        if (e.hasSession()) {
            String resp = switch (out) {
                case SessionTable.Outcome.Applied a -> new String(a.response(), StandardCharsets.UTF_8);
                case SessionTable.Outcome.Duplicate d -> new String(d.response(), StandardCharsets.UTF_8);
                case SessionTable.Outcome.Stale s -> "stale";
                case SessionTable.Outcome.Expired x -> "expired";
            };
            responses.put(e.clientId() + "/" + e.sequence(), resp);
        }
    }

    byte[] snapshot() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bos);
            out.writeLong(counter);
            out.writeLong(appliedIndex);
            out.writeInt(applied.size());
            for (String s : applied) {
                out.writeUTF(s);
            }
            byte[] st = sessions.encode();
            out.writeInt(st.length);
            out.write(st);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void restore(Snapshot s) {
        applied.clear();
        appliedIds.clear();
        if (s.data().length == 0) {
            counter = 0;
            appliedIndex = s.index();
            sessions = new SessionTable(10_000, 1000);
            return;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(s.data()));
            counter = in.readLong();
            in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                applied.add(in.readUTF());
            }
            byte[] st = new byte[in.readInt()];
            in.readFully(st);
            sessions = SessionTable.decode(st, 10_000, 1000);
            appliedIndex = s.index();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
