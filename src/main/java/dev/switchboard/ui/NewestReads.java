package dev.switchboard.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How a live view reads in the background: only the newest read's answer is shown (a slow read that a range or
 * filter change overtook is dropped, with its failure), and a timer tick starts no read while the last one still
 * runs (a slow disk must not pile reads up). Answers come on the event thread, as {@link Background} gives them.
 */
final class NewestReads<T> {
    private final Background background;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private long started;

    NewestReads(Background background) {
        this.background = background;
    }

    /**
     * Starts a read; {@code show} or {@code failed} runs only if no later read was started meanwhile.
     *
     * @return completes once the answer was handled (or dropped)
     */
    CompletableFuture<Void> read(Callable<T> read, Consumer<T> show, Consumer<Exception> failed) {
        long seq = ++started;
        last = background.run(read, answer -> {
            if (seq == started) {
                show.accept(answer);
            }
        }, e -> {
            if (seq == started) {
                failed.accept(e);
            }
        });
        return last;
    }

    /** Whether the last read is done: a timer tick reads again only then. */
    boolean idle() {
        return last.isDone();
    }

    /** The last read started. */
    CompletableFuture<Void> last() {
        return last;
    }
}
