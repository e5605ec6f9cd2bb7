package dev.switchboard.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/**
 * Runs the window's slow work (the database, the network) off the event thread and hands the result back on it,
 * so that the window never freezes. Threads are daemons: a Quit never waits for a probe to time out.
 */
public final class Background implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Background.class.getName());
    private final ExecutorService pool;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Background() {
        var n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "switchboard-ui-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} in the background; {@code done} or {@code failed} then runs on the event thread. The
     * future completes after that callback has run (tests wait on it; the window need not).
     */
    public <T> CompletableFuture<Void> run(Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        var finished = new CompletableFuture<Void>();
        inFlight.incrementAndGet();
        finished.whenComplete((v, e) -> inFlight.decrementAndGet());
        pool.execute(() -> {
            try {
                var result = work.call();
                SwingUtilities.invokeLater(() -> complete(finished, () -> done.accept(result)));
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Background work failed", e);
                SwingUtilities.invokeLater(() -> complete(finished, () -> failed.accept(e)));
            }
        });
        return finished;
    }

    private static void complete(CompletableFuture<Void> finished, Runnable callback) {
        try {
            callback.run();
            finished.complete(null);
        } catch (RuntimeException e) {
            finished.completeExceptionally(e);
            throw e;
        }
    }

    /** Runs {@code work} in the background, for work that reports its own progress. */
    public void execute(Runnable work) {
        inFlight.incrementAndGet();
        pool.execute(() -> {
            try {
                work.run();
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** How much work is running or waiting for its callback (the screenshot tour waits for none). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
