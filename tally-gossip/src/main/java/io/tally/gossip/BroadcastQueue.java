package io.tally.gossip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The transmit-limited queue of updates waiting to be piggybacked. Owned by one {@link SwimNode};
 * single-threaded.
 *
 * <p>Rules: an update about a key (a member id, or one application broadcast) replaces the queued
 * update about the same key; {@link #take} hands out the least-sent first and, among equals, the
 * newest first, as many as fit in the byte budget; an update sent {@code limit} times leaves the
 * queue; when the queue holds more than {@code countMax} updates or {@code bytesMax} bytes, the
 * oldest are dropped first and counted in {@link #dropped()}.
 */
public final class BroadcastQueue {
    private static final Comparator<Item> SEND_ORDER =
            Comparator.comparingInt((Item i) -> i.transmits).thenComparing(i -> -i.seq);

    private final int countMax;
    private final int bytesMax;
    private final TreeSet<Item> sendOrder = new TreeSet<>(SEND_ORDER);
    private final TreeMap<Long, Item> bySeq = new TreeMap<>();
    private final Map<String, Item> byKey = new HashMap<>();
    private long nextSeq;
    private long bytes;
    private long dropped;
    private long invalidated;

    /** A queue holding at most {@code countMax} updates and {@code bytesMax} bytes. */
    public BroadcastQueue(int countMax, int bytesMax) {
        if (countMax < 1 || bytesMax < 1) {
            throw new IllegalArgumentException("countMax and bytesMax must be >= 1, got " + countMax + ", " + bytesMax);
        }
        this.countMax = countMax;
        this.bytesMax = bytesMax;
    }

    /** Queues {@code message} under {@code key}, replacing an older update with the same key. */
    public void enqueue(String key, Message message) {
        Item old = byKey.remove(key);
        if (old != null) {
            unlink(old);
            invalidated++;
        }
        Item item = new Item(key, message, message.sizeBytes(), nextSeq++);
        byKey.put(key, item);
        sendOrder.add(item);
        bySeq.put(item.seq, item);
        bytes += item.sizeBytes;
        while (byKey.size() > countMax || bytes > bytesMax) {
            Item oldest = bySeq.firstEntry().getValue();
            byKey.remove(oldest.key);
            unlink(oldest);
            dropped++;
        }
    }

    /**
     * Takes updates for one datagram: least-sent first, newest first among equals, each costing
     * its framed size, as many as fit in {@code budgetBytes}. Each taken update counts one more
     * transmission and leaves the queue once sent {@code limit} times.
     */
    public List<Message> take(int budgetBytes, int limit) {
        List<Item> picked = new ArrayList<>();
        int remaining = budgetBytes;
        for (Item item : sendOrder) {
            if (remaining < 3) {
                break;
            }
            int cost = Sizes.framed(item.sizeBytes);
            if (cost <= remaining) {
                picked.add(item);
                remaining -= cost;
            }
        }
        List<Message> out = new ArrayList<>(picked.size());
        for (Item item : picked) {
            out.add(item.message);
            sendOrder.remove(item);
            item.transmits++;
            if (item.transmits >= limit) {
                byKey.remove(item.key);
                bySeq.remove(item.seq);
                bytes -= item.sizeBytes;
            } else {
                sendOrder.add(item);
            }
        }
        return out;
    }

    /** Whether an update with this key is still queued. */
    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** Updates queued. */
    public int size() {
        return byKey.size();
    }

    /** Bytes queued (sum of message sizes). */
    public long bytes() {
        return bytes;
    }

    /** Updates dropped because the queue was full (oldest first). */
    public long dropped() {
        return dropped;
    }

    /** Updates replaced by a newer one about the same key before they finished sending. */
    public long invalidated() {
        return invalidated;
    }

    private void unlink(Item item) {
        sendOrder.remove(item);
        bySeq.remove(item.seq);
        bytes -= item.sizeBytes;
    }

    private static final class Item {
        final String key;
        final Message message;
        final int sizeBytes;
        final long seq;
        int transmits;

        Item(String key, Message message, int sizeBytes, long seq) {
            this.key = key;
            this.message = message;
            this.sizeBytes = sizeBytes;
            this.seq = seq;
        }
    }
}
