package io.tally.server.core;

import io.tally.server.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Membership by exchange of member lists, until SWIM lands. Deterministic: no clock, threads or
 * randomness; time comes in as {@code nowMs}.
 *
 * <p>Rules:
 * <table>
 *   <caption>Events and what they do</caption>
 *   <tr><th>event</th><th>effect</th></tr>
 *   <tr><td>start</td><td>Connect to every configured member; Join every {@code --join} address that
 *       is neither ours nor a configured member's</td></tr>
 *   <tr><td>peer up</td><td>the member becomes alive (learned if new: Connect to it, and tell the
 *       other connected peers); the peer is sent every member we know</td></tr>
 *   <tr><td>peer down</td><td>the member becomes suspect; dead after {@code deadAfterMs}</td></tr>
 *   <tr><td>member list</td><td>unknown members are learned: Connect to each, and if any was new,
 *       send the list to every other connected peer</td></tr>
 * </table>
 * A member is never forgotten; states are alive (connected), suspect (not connected for less than
 * {@code deadAfterMs}) and dead. At most {@link #MEMBERS_MAX} members are kept; more are ignored.
 * Only the node loop thread may call it.
 */
public final class MemberListMembership implements Membership {

    /** Bound on the number of members kept. */
    public static final int MEMBERS_MAX = 4_096;

    private static final class Entry {
        MemberInfo info;
        boolean connected;
        long sinceMs;

        Entry(MemberInfo info, long sinceMs) {
            this.info = info;
            this.sinceMs = sinceMs;
        }
    }

    private final MemberInfo self;
    private final List<MemberInfo> configured;
    private final List<HostPort> joins;
    private final long deadAfterMs;
    private final Map<String, Entry> others = new TreeMap<>();

    /**
     * @param self this node
     * @param configured initial members from the config (may include this node)
     * @param joins addresses to join through
     * @param deadAfterMs how long a member may stay unconnected before it counts as dead
     */
    public MemberListMembership(MemberInfo self, List<MemberInfo> configured, List<HostPort> joins, long deadAfterMs) {
        if (deadAfterMs <= 0) {
            throw new IllegalArgumentException("deadAfterMs must be > 0, got " + deadAfterMs);
        }
        this.self = self;
        this.configured = List.copyOf(configured);
        this.joins = List.copyOf(joins);
        this.deadAfterMs = deadAfterMs;
    }

    @Override
    public List<MembershipAction> start(long nowMs) {
        List<MembershipAction> out = new ArrayList<>();
        for (MemberInfo m : configured) {
            if (!m.id().equals(self.id()) && learn(m, nowMs)) {
                out.add(new MembershipAction.Connect(m.id(), m.peer()));
            }
        }
        for (HostPort j : joins) {
            boolean known = j.equals(self.peer()) || others.values().stream().anyMatch(e -> e.info.peer().equals(j));
            if (!known) {
                out.add(new MembershipAction.Join(j));
            }
        }
        return out;
    }

    @Override
    public List<MembershipAction> onPeerUp(MemberInfo peer, long nowMs) {
        List<MembershipAction> out = new ArrayList<>();
        if (peer.id().equals(self.id())) {
            return out;
        }
        boolean isNew = !others.containsKey(peer.id());
        if (isNew) {
            if (!learn(peer, nowMs)) {
                return out;
            }
            out.add(new MembershipAction.Connect(peer.id(), peer.peer()));
        }
        Entry e = others.get(peer.id());
        if (!isNew) {
            // The handshake is the member's own word on its addresses; keep a RESP address learned earlier.
            e.info = new MemberInfo(peer.id(), peer.peer(), peer.http().or(() -> e.info.http()),
                peer.resp().or(() -> e.info.resp()));
        }
        if (!e.connected) {
            e.connected = true;
            e.sinceMs = nowMs;
        }
        List<MemberInfo> known = known();
        out.add(new MembershipAction.SendMembers(peer.id(), known));
        if (isNew) {
            tellConnected(known, peer.id(), out);
        }
        return out;
    }

    @Override
    public List<MembershipAction> onPeerDown(String nodeId, long nowMs) {
        Entry e = others.get(nodeId);
        if (e != null && e.connected) {
            e.connected = false;
            e.sinceMs = nowMs;
        }
        return List.of();
    }

    @Override
    public List<MembershipAction> onMemberList(String fromNodeId, List<MemberInfo> members, long nowMs) {
        List<MembershipAction> out = new ArrayList<>();
        boolean changed = false;
        for (MemberInfo m : members) {
            if (m.id().equals(self.id())) {
                continue;
            }
            Entry e = others.get(m.id());
            if (e == null) {
                if (learn(m, nowMs)) {
                    out.add(new MembershipAction.Connect(m.id(), m.peer()));
                    changed = true;
                }
            } else if (m.id().equals(fromNodeId) || (e.info.resp().isEmpty() && m.resp().isPresent())) {
                // A member's own entry is authoritative for its RESP address (not in the handshake).
                e.info = new MemberInfo(e.info.id(), e.info.peer(), e.info.http().or(m::http),
                    m.id().equals(fromNodeId) ? m.resp().or(() -> e.info.resp()) : m.resp());
            }
        }
        if (changed) {
            tellConnected(known(), fromNodeId, out);
        }
        return out;
    }

    @Override
    public List<MemberView> members(long nowMs) {
        List<MemberView> out = new ArrayList<>();
        out.add(new MemberView(self, MemberState.ALIVE, true, 0));
        for (Entry e : others.values()) {
            MemberState state = e.connected ? MemberState.ALIVE
                : nowMs - e.sinceMs < deadAfterMs ? MemberState.SUSPECT : MemberState.DEAD;
            long since = state == MemberState.DEAD ? e.sinceMs + deadAfterMs : e.sinceMs;
            out.add(new MemberView(e.info, state, false, since));
        }
        return out;
    }

    /** Whether {@code nodeId} has an open connection, as far as this membership knows. */
    public boolean isConnected(String nodeId) {
        Entry e = others.get(nodeId);
        return e != null && e.connected;
    }

    private boolean learn(MemberInfo m, long nowMs) {
        if (others.containsKey(m.id())) {
            return false;
        }
        if (others.size() + 1 >= MEMBERS_MAX) {
            return false;
        }
        others.put(m.id(), new Entry(m, nowMs));
        return true;
    }

    private List<MemberInfo> known() {
        List<MemberInfo> out = new ArrayList<>();
        out.add(self);
        for (Entry e : others.values()) {
            out.add(e.info);
        }
        return out;
    }

    private void tellConnected(List<MemberInfo> known, String except, List<MembershipAction> out) {
        for (Entry e : others.values()) {
            if (e.connected && !e.info.id().equals(except)) {
                out.add(new MembershipAction.SendMembers(e.info.id(), known));
            }
        }
    }

    /** The member with this id, if known (this node included). */
    public Optional<MemberInfo> member(String id) {
        if (id.equals(self.id())) {
            return Optional.of(self);
        }
        Entry e = others.get(id);
        return e == null ? Optional.empty() : Optional.of(e.info);
    }
}
