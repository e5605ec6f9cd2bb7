package dev.switchboard.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The current {@link Snapshot}, reloaded whenever the database changes: by this process, or by another one
 * such as a CLI run beside a running gateway ({@link Database#watch}). Readers never touch the database.
 */
public final class LiveSnapshot implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveSnapshot.class.getName());

    private final Store store;
    private final AtomicReference<Snapshot> current;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable onChange = this::reload;

    private LiveSnapshot(Store store) {
        this.store = store;
        this.current = new AtomicReference<>(store.snapshot());
    }

    /** Loads the first snapshot and follows changes, polling for other processes' commits every period. */
    public static LiveSnapshot follow(Store store, long pollMillis) {
        var live = new LiveSnapshot(store);
        store.database().addChangeListener(live.onChange);
        store.database().watch(pollMillis);
        return live;
    }

    public Snapshot current() {
        return current.get();
    }

    /** Called with each new snapshot after a reload. */
    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Reads the database again; a failed read keeps the previous snapshot (the gateway keeps serving). */
    public synchronized void reload() {
        Snapshot next;
        try {
            next = store.snapshot();
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not reload the configuration; keeping the previous one: "
                    + e.getMessage());
            return;
        }
        current.set(next);
        for (var l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A snapshot listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        store.database().removeChangeListener(onChange);
    }
}
