package io.tally.sim.kernel;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The simulated clock and its event queue. Time is in simulated milliseconds and only moves when
 * an event runs. Events run in (time, sequence) order, so events scheduled for the same
 * millisecond run in the order they were scheduled: ties are deterministic. Each executed event's
 * time and label is folded into {@link #trace()}. Single-threaded: call it only from the thread
 * running the simulation (actions run on that thread too and may schedule more events).
 */
public final class Scheduler {
    /** A scheduled action; {@link #cancel()} stops it from running (and its repetitions). */
    public static final class Event {
        private final long atMs;
        private final long sequence;
        private final String label;
        private final Runnable action;
        private boolean cancelled;

        private Event(long atMs, long sequence, String label, Runnable action) {
            this.atMs = atMs;
            this.sequence = sequence;
            this.label = label;
            this.action = action;
        }

        /** Stops this event from running; harmless if it already ran. */
        public void cancel() {
            cancelled = true;
        }

        /** Whether {@link #cancel()} was called. */
        public boolean cancelled() {
            return cancelled;
        }

        /** When it runs, in simulated milliseconds. */
        public long atMs() {
            return atMs;
        }

        /** Its label (folded into the trace when it runs). */
        public String label() {
            return label;
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.atMs, b.atMs);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    });
    private final TraceHasher trace = new TraceHasher();
    private final int queuedEventsMax;
    private long nowMs;
    private long nextSequence;
    private long executedEvents;
    private Event current;
    private Runnable afterEvent = () -> { };
    private final String[] recent = new String[64];
    private long recentCount;

    /** @param queuedEventsMax bound on events waiting in the queue; exceeding it is a bug (throws) */
    public Scheduler(int queuedEventsMax) {
        if (queuedEventsMax <= 0) {
            throw new IllegalArgumentException("expected queuedEventsMax > 0, got " + queuedEventsMax);
        }
        this.queuedEventsMax = queuedEventsMax;
    }

    /** The simulated time now, in milliseconds since the start of the run. */
    public long nowMs() {
        return nowMs;
    }

    /** The trace hash of every event run so far. */
    public TraceHasher trace() {
        return trace;
    }

    /** How many events have run. */
    public long executedEvents() {
        return executedEvents;
    }

    /** The sequence number of the event running now (or of the last one run): a strict logical clock. */
    public long currentSequence() {
        return current == null ? -1 : current.sequence;
    }

    /** How many events wait in the queue (cancelled ones included until they are popped). */
    public int queuedEvents() {
        return queue.size();
    }

    /**
     * Sets a hook run after every executed event (e.g. invariant checks); it must not schedule
     * events it relies on running before the next one. Replaces any previous hook.
     */
    public void afterEachEvent(Runnable hook) {
        this.afterEvent = hook;
    }

    /** The last (up to 64) executed events, oldest first, as "time ms  label" lines. */
    public java.util.List<String> recentEvents() {
        java.util.List<String> out = new java.util.ArrayList<>();
        long from = Math.max(0, recentCount - recent.length);
        for (long i = from; i < recentCount; i++) {
            out.add(recent[(int) (i % recent.length)]);
        }
        return out;
    }

    /** Schedules {@code action} at absolute time {@code atMs} (not before now). */
    public Event at(long atMs, String label, Runnable action) {
        if (atMs < nowMs) {
            throw new IllegalArgumentException("expected atMs >= nowMs=" + nowMs + ", got " + atMs);
        }
        if (queue.size() >= queuedEventsMax) {
            throw new IllegalStateException("event queue full: " + queue.size() + " events queued (max "
                    + queuedEventsMax + ") at " + nowMs + " ms while scheduling '" + label + "'");
        }
        Event e = new Event(atMs, nextSequence++, label, action);
        queue.add(e);
        return e;
    }

    /** Schedules {@code action} {@code delayMs} (>= 0) from now. */
    public Event after(long delayMs, String label, Runnable action) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("expected delayMs >= 0, got " + delayMs);
        }
        return at(nowMs + delayMs, label, action);
    }

    /**
     * Runs {@code action} first at {@code firstDelayMs} from now, then every {@code periodMs}.
     * The returned handle cancels every future repetition.
     */
    public Event every(long firstDelayMs, long periodMs, String label, Runnable action) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("expected periodMs > 0, got " + periodMs);
        }
        Event handle = new Event(-1, -1, label, () -> { });
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (handle.cancelled) {
                return;
            }
            action.run();
            if (!handle.cancelled) {
                after(periodMs, label, self[0]);
            }
        };
        after(firstDelayMs, label, self[0]);
        return handle;
    }

    /** Runs the next event (skipping cancelled ones); returns false if the queue is empty. */
    public boolean step() {
        while (true) {
            Event e = queue.poll();
            if (e == null) {
                return false;
            }
            if (e.cancelled) {
                continue;
            }
            nowMs = e.atMs;
            current = e;
            executedEvents++;
            trace.fold(e.atMs);
            trace.fold(e.label);
            recent[(int) (recentCount++ % recent.length)] = e.atMs + " ms  " + e.label;
            e.action.run();
            afterEvent.run();
            return true;
        }
    }

    /** Runs every event due at or before {@code endMs}, then sets the clock to {@code endMs}. */
    public void runUntil(long endMs) {
        while (true) {
            Event next = peekLive();
            if (next == null || next.atMs > endMs) {
                break;
            }
            step();
        }
        if (endMs > nowMs) {
            nowMs = endMs;
        }
    }

    /**
     * Runs events while {@code condition} holds, up to {@code endMs} (inclusive). Returns true if it
     * stopped because the condition became false.
     */
    public boolean runWhile(BooleanSupplier condition, long endMs) {
        while (condition.getAsBoolean()) {
            Event next = peekLive();
            if (next == null || next.atMs > endMs) {
                if (endMs > nowMs) {
                    nowMs = endMs;
                }
                return false;
            }
            step();
        }
        return true;
    }

    private Event peekLive() {
        Event e = queue.peek();
        while (e != null && e.cancelled) {
            queue.poll();
            e = queue.peek();
        }
        return e;
    }
}
