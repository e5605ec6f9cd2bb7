package dev.switchboard.service;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import dev.switchboard.update.Updater;
import dev.switchboard.upstream.UpstreamClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The desktop app's gateway: one open store, and a {@link Switchboard} over it that can be paused and resumed
 * (the tray's Pause / Resume) or restarted after the port or bind address changed. The store outlives every
 * start, so the window keeps working while the gateway is stopped. Listeners hear every state change, on the
 * thread that caused it.
 *
 * <p>What only the command line knows (the data folder it chose, how this installation updates itself) is handed
 * in by {@code app}, which wires it.
 */
public final class Lifecycle implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final Store store;
    private final Path folder;
    private final String version;
    private final Clock clock;
    private final Integer portOverride;
    private final String bindOverride;
    private final Function<String, Updater> updaters;
    private final UpstreamClient tools = UpstreamClient.create();
    private final List<Consumer<GatewayState>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean restartRequested;
    // Written under this object's lock (start, pause, restart); read without it, so that the window, built while
    // the gateway starts, never waits for the start to read the state or the snapshot.
    private volatile Switchboard running;
    private volatile GatewayState state = new GatewayState.Paused();

    /**
     * @param folder       the data folder the store is in
     * @param portOverride {@code --port} for this run, or null for the {@code port} setting
     * @param bindOverride {@code --bind} for this run, or null for the {@code bind} setting
     * @param updaters     this installation's updater for a value of the {@code update-url} setting (null: where
     *                     this build's releases are published)
     */
    public Lifecycle(Store store, Path folder, String version, Clock clock, Integer portOverride,
                     String bindOverride, Function<String, Updater> updaters) {
        this.store = store;
        this.folder = folder;
        this.version = version;
        this.clock = clock;
        this.portOverride = portOverride;
        this.bindOverride = bindOverride;
        this.updaters = updaters;
        // The window shows a CLI run's changes even while the gateway is paused.
        store.database().watch(Switchboard.WATCH_MILLIS);
    }

    /** Starts the gateway if it is not running; a failure becomes {@link GatewayState.Failed}, never an exception. */
    public synchronized GatewayState start() {
        if (running != null) {
            return state;
        }
        var settings = store.settings().load();
        int port = portOverride != null ? portOverride : settings.port();
        var bind = bindOverride != null ? bindOverride : settings.bind();
        if (!BindAddress.isLoopback(bind) && store.accessKeys().list().isEmpty()) {
            return publish(new GatewayState.Failed("Listening on " + bind + " would let other machines spend your"
                    + " keys, and no client access key exists. Create one under Settings → Access keys, or set"
                    + " the `" + Setting.BIND.key() + "` setting back to 127.0.0.1."));
        }
        try {
            running = Switchboard.start(store, bind, port, version, clock);
            return publish(new GatewayState.Running(running.gateway().baseUrl()));
        } catch (GatewayException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            return publish(new GatewayState.Failed(e.getMessage()));
        }
    }

    /** Stops answering clients; in-flight usage and health are written before this returns. */
    public synchronized GatewayState pause() {
        if (running != null) {
            running.close();
            running = null;
        }
        return publish(new GatewayState.Paused());
    }

    /** Stops and starts again, picking up a changed port or bind address. */
    public synchronized GatewayState restart() {
        pause();
        return start();
    }

    public GatewayState state() {
        return state;
    }

    /** The running gateway, if any. */
    public Optional<Switchboard> switchboard() {
        return Optional.ofNullable(running);
    }

    /**
     * The configuration with live health: the running gateway's in-memory cooldowns when it runs, the stored
     * health when it does not.
     */
    public Snapshot snapshot() {
        var sb = switchboard();
        if (sb.isPresent()) {
            return sb.get().health().overlay(sb.get().live().current());
        }
        return store.snapshot();
    }

    public void addListener(Consumer<GatewayState> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<GatewayState> listener) {
        listeners.remove(listener);
    }

    public Store store() {
        return store;
    }

    /** The data folder the store is in. */
    public Path folder() {
        return folder;
    }

    public String version() {
        return version;
    }

    public Clock clock() {
        return clock;
    }

    /** An upstream client for the window's own calls (detection, model lists, the speed test), paused or not. */
    public UpstreamClient upstream() {
        return tools;
    }

    /** Self-update for this installation, from the releases the {@code update-url} setting (or the pom) names. */
    public Updater updater() {
        return updaters.apply(store.settings().load().updateUrl());
    }

    /** Asks that, once the window has quit and everything is closed, Switchboard starts again (Restart now). */
    public void requestRestart() {
        restartRequested = true;
    }

    public boolean restartRequested() {
        return restartRequested;
    }

    /** Stops the gateway and the window's client; the store stays the caller's to close (it checkpoints). */
    @Override
    public synchronized void close() {
        pause();
        tools.close();
    }

    private GatewayState publish(GatewayState next) {
        state = next;
        for (var l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A gateway state listener failed", e);
            }
        }
        return next;
    }
}
