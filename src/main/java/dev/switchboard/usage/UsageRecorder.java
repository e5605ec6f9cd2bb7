package dev.switchboard.usage;

import dev.switchboard.store.UsageRecord;
import dev.switchboard.store.UsageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records requests off the request path: {@link #record} only offers to a bounded queue (never blocks, never
 * throws); one daemon thread drains it in batches into the database, and then writes each request's line to the
 * log file ({@link RequestLines}), so that the request thread never formats or writes one either. A full queue
 * (the disk stalled, or a flood of requests) drops the record and counts the drop, rather than slow down or fail
 * a request: usage is bookkeeping, the answer is not. Memory stays bounded too: at most {@value #CAPACITY} records
 * wait, and what the gateway records of a request is bounded.
 *
 * <p>Listeners ({@link #addListener}) see each batch on the same writer thread once it is written: whatever they do
 * with a record (the Prometheus counters count it) costs the request thread nothing.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UsageRecorder.class.getName());
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;

    private final UsageStore store;
    private final BlockingQueue<UsageRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    /** Records queued so far; with {@link #written} it tells what {@link #flush} waits for. */
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private final Object flushed = new Object();
    private final List<Consumer<List<UsageRecord>>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    private UsageRecorder(UsageStore store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::drain, "switchboard-usage");
        this.writer.setDaemon(true);
    }

    public static UsageRecorder start(UsageStore store) {
        return start(store, CAPACITY);
    }

    /** With room for {@code capacity} waiting records: tests fill a small queue to see it drop rather than wait. */
    static UsageRecorder start(UsageStore store, int capacity) {
        var r = new UsageRecorder(store, capacity);
        r.writer.start();
        return r;
    }

    /** Queues a record; returns at once. */
    public void record(UsageRecord record) {
        if (queue.offer(record)) {
            accepted.incrementAndGet();
        } else {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "The usage log cannot keep up; " + n + " records dropped so far.");
            }
        }
    }

    /**
     * Hands every batch to {@code listener} after it is written (to the database, or at least to the log file), on
     * the writer thread, before {@link #flush} returns for it. The list is the writer's own and is reused: read it
     * during the call, never keep it. A listener that throws is logged and does not stop the others.
     */
    public void addListener(Consumer<List<UsageRecord>> listener) {
        listeners.add(listener);
    }

    public long dropped() {
        return dropped.get();
    }

    /** Records written so far. */
    public long written() {
        return written.get();
    }

    /**
     * Waits until everything queued before this call is written, to the database and as lines to the log (tests,
     * shutdown).
     */
    public void flush() throws InterruptedException {
        // Not written + queue.size(): a batch the writer has taken off the queue but not yet written is in neither.
        long target = accepted.get();
        synchronized (flushed) {
            while (written.get() < target && writer.isAlive()) {
                flushed.wait(1000);
            }
        }
    }

    private void drain() {
        var batch = new ArrayList<UsageRecord>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                var first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                store.insert(batch);
            } catch (InterruptedException e) {
                if (closing) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not write " + batch.size() + " usage records: "
                        + e.getMessage());
            }
            // Also when the database refused them: then the log file is all that is left of these requests.
            RequestLines.log(batch);
            tell(batch);
            written.addAndGet(batch.size());
            batch.clear();
            synchronized (flushed) {
                flushed.notifyAll();
            }
        }
    }

    private void tell(List<UsageRecord> batch) {
        var view = Collections.unmodifiableList(batch);
        for (var l : listeners) {
            try {
                l.accept(view);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A usage listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
