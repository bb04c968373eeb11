package io.tally.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one thread: takes {@link NodeEvent}s from one bounded queue and hands them to the
 * {@link EventHandler} (the {@link NodeCore}) in order. {@link #offer} may be called from any thread and never blocks (a full queue
 * refuses the event, so a Netty thread can answer 503 instead of waiting). {@link #stop} stops taking new
 * events, drains the ones already queued, then ends the thread.
 *
 * <p>An {@link IllegalStateException} from the core is an invariant violation: the loop stops and
 * reports it to {@code onFatal} (the runtime then exits) rather than go on with corrupt state. Any other
 * exception fails only the event's reply (if it has one) and is logged.
 */
public final class NodeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);

    private final EventHandler core;
    private final BlockingQueue<NodeEvent> queue;
    private final LongSupplier clockMs;
    private final Consumer<Throwable> onFatal;
    private final Thread thread;
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile boolean stopping;

    /**
     * @param capacity bound of the queue, in events
     * @param clockMs the node clock in milliseconds (monotonic)
     * @param onFatal called once, on the loop thread, if the core reports an invariant violation
     */
    public NodeLoop(String nodeId, int capacity, EventHandler core, LongSupplier clockMs, Consumer<Throwable> onFatal) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.core = core;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clockMs = clockMs;
        this.onFatal = onFatal;
        this.thread = new Thread(this::run, "node-" + nodeId);
    }

    /** Starts the core (on the loop thread, before any event) and the loop. */
    public void start() {
        thread.start();
    }

    /** Queues an event; false when the queue is full or the loop is stopping. Never blocks. */
    public boolean offer(NodeEvent event) {
        if (!accepting || !queue.offer(event)) {
            rejected.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Events now queued. */
    public int queued() {
        return queue.size();
    }

    /** Events refused so far (queue full or stopping). */
    public long rejected() {
        return rejected.get();
    }

    /**
     * Tells the core it is stopping, refuses new events, drains the queue and waits for the thread to end.
     *
     * @return true if the thread ended within the timeout
     */
    public boolean stop(long timeoutMs) throws InterruptedException {
        if (thread.isAlive() && accepting) {
            // Best effort: if the queue is full the core learns it when the drain reaches the end.
            queue.offer(new NodeEvent.Stopping());
        }
        accepting = false;
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        thread.join(timeoutMs);
        return !thread.isAlive();
    }

    /** Whether the loop thread is running. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        List<NodeEvent> batch = new ArrayList<>();
        int next = 0;
        try {
            core.start(clockMs.getAsLong());
            while (true) {
                NodeEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (next = 0; next < batch.size(); ) {
                    dispatch(batch.get(next++));
                }
                batch.clear();
            }
            core.handle(new NodeEvent.Stopping(), clockMs.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            LOG.error("node core invariant violated; stopping the node: {}", e.getMessage(), e);
            accepting = false;
            List<NodeEvent> rest = new ArrayList<>(batch.subList(Math.min(next, batch.size()), batch.size()));
            queue.drainTo(rest);
            for (NodeEvent pending : rest) {
                if (pending instanceof NodeEvent.ApiCall call) {
                    call.reply().completeExceptionally(e);
                }
            }
            onFatal.accept(e);
        }
    }

    private void dispatch(NodeEvent e) {
        try {
            core.handle(e, clockMs.getAsLong());
        } catch (IllegalStateException ise) {
            if (e instanceof NodeEvent.ApiCall call) {
                call.reply().completeExceptionally(ise);
            }
            throw ise;
        } catch (RuntimeException re) {
            LOG.warn("event {} failed: {}", e.getClass().getSimpleName(), re.toString(), re);
            if (e instanceof NodeEvent.ApiCall call) {
                call.reply().completeExceptionally(re);
            }
        }
    }
}
