package io.tally.gossip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The members one node knows (itself included), the shuffled round-robin probe order, and random
 * member selection. Owned by one {@link SwimNode}; single-threaded. Iteration is in id order and
 * every random choice draws from the node's seeded {@link Random}, so runs are reproducible.
 */
final class MemberTable {
    /** Mutable state of one member. */
    static final class Entry {
        final String id;
        String address;
        NodeMeta meta;
        long incarnation;
        MemberState state;
        long stateChangeMs;

        Entry(String id, String address, NodeMeta meta, long incarnation, MemberState state, long nowMs) {
            this.id = id;
            this.address = address;
            this.meta = meta;
            this.incarnation = incarnation;
            this.state = state;
            this.stateChangeMs = nowMs;
        }

        Member snapshot() {
            return new Member(id, address, meta, incarnation, state, stateChangeMs);
        }
    }

    private final String selfId;
    private final Random random;
    private final TreeMap<String, Entry> byId = new TreeMap<>();
    /** The same entries hashed, for lookups (iteration always goes through the sorted map). */
    private final Map<String, Entry> index = new HashMap<>();
    /** Ids in a random-access list for O(1) random picks; positions tracked for O(1) removal. */
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final List<String> probeOrder = new ArrayList<>();
    private int probeIndex;
    private int liveCount;
    private int goneCount;

    MemberTable(String selfId, Random random) {
        this.selfId = selfId;
        this.random = random;
    }

    Entry get(String id) {
        return index.get(id);
    }

    Collection<Entry> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    /** Members dead or left (waiting to be reaped). */
    int goneCount() {
        return goneCount;
    }

    /** Members alive or suspect, this node included. */
    int liveCount() {
        return liveCount;
    }

    void add(Entry e) {
        if (byId.putIfAbsent(e.id, e) != null) {
            throw new IllegalStateException("member " + e.id + " is already in the table");
        }
        index.put(e.id, e);
        positions.put(e.id, ids.size());
        ids.add(e.id);
        if (e.state.isLive()) {
            liveCount++;
        } else {
            goneCount++;
        }
        if (!e.id.equals(selfId)) {
            // A new member joins the probe order at a random position (as in memberlist).
            int at = probeOrder.isEmpty() ? 0 : random.nextInt(probeOrder.size() + 1);
            probeOrder.add(at, e.id);
            if (at < probeIndex) {
                probeIndex++;
            }
        }
    }

    void setState(Entry e, MemberState state, long nowMs) {
        if (e.state.isLive() && !state.isLive()) {
            liveCount--;
            goneCount++;
        } else if (!e.state.isLive() && state.isLive()) {
            liveCount++;
            goneCount--;
        }
        e.state = state;
        e.stateChangeMs = nowMs;
    }

    void remove(Entry e) {
        byId.remove(e.id);
        index.remove(e.id);
        int pos = positions.remove(e.id);
        String last = ids.remove(ids.size() - 1);
        if (!last.equals(e.id)) {
            ids.set(pos, last);
            positions.put(last, pos);
        }
        if (e.state.isLive()) {
            liveCount--;
        } else {
            goneCount--;
        }
    }

    /**
     * The next live member in the shuffled round-robin order; when the order is used up it is
     * rebuilt from the current members and reshuffled. Null if there is no other live member.
     */
    Entry nextProbeTarget() {
        for (int attempts = 0; attempts <= probeOrder.size() + 1; attempts++) {
            if (probeIndex >= probeOrder.size()) {
                probeOrder.clear();
                for (Entry e : byId.values()) {
                    if (!e.id.equals(selfId) && e.state.isLive()) {
                        probeOrder.add(e.id);
                    }
                }
                Collections.shuffle(probeOrder, random);
                probeIndex = 0;
                if (probeOrder.isEmpty()) {
                    return null;
                }
            }
            Entry e = index.get(probeOrder.get(probeIndex++));
            if (e != null && e.state.isLive()) {
                return e;
            }
        }
        return null;
    }

    /**
     * Up to {@code count} distinct random members (never this node) accepted by {@code filter}:
     * random draws first, then, if draws keep missing, a shuffled scan of all members.
     */
    List<Entry> randomMembers(int count, Predicate<Entry> filter) {
        List<Entry> out = new ArrayList<>(count);
        if (count <= 0 || ids.size() <= 1) {
            return out;
        }
        int drawsMax = 4 * count + 8;
        for (int draw = 0; draw < drawsMax && out.size() < count; draw++) {
            Entry e = index.get(ids.get(random.nextInt(ids.size())));
            if (!e.id.equals(selfId) && filter.test(e) && !out.contains(e)) {
                out.add(e);
            }
        }
        if (out.size() < count) {
            List<Entry> rest = new ArrayList<>();
            for (Entry e : byId.values()) {
                if (!e.id.equals(selfId) && filter.test(e) && !out.contains(e)) {
                    rest.add(e);
                }
            }
            Collections.shuffle(rest, random);
            for (int i = 0; i < rest.size() && out.size() < count; i++) {
                out.add(rest.get(i));
            }
        }
        return out;
    }
}
