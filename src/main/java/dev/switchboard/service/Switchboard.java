package dev.switchboard.service;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayContext;
import dev.switchboard.gateway.admin.AdminApi;
import dev.switchboard.gateway.admin.AdminToken;
import dev.switchboard.metrics.BalanceSource;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.routing.HealthTracker;
import dev.switchboard.store.BalanceView;
import dev.switchboard.store.LiveSnapshot;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.Dialects;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.usage.UsageRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A running Switchboard: everything wired by constructors around one open store, started in dependency order
 * and closed in reverse, so that in-flight usage and health reach the database before its last checkpoint.
 * {@code serve}, the desktop app and end-to-end tests all start it the same way.
 */
public final class Switchboard implements AutoCloseable {
    /** How often another process's changes (a CLI run) are looked for. */
    static final long WATCH_MILLIS = 500;

    private final Store store;
    private final LiveSnapshot live;
    private final HealthTracker health;
    private final UpstreamClient upstream;
    private final UsageRecorder usage;
    private final Gateway gateway;
    private final BalanceSchedule balances;

    private Switchboard(Store store, LiveSnapshot live, HealthTracker health, UpstreamClient upstream,
                        UsageRecorder usage, Gateway gateway, BalanceSchedule balances) {
        this.store = store;
        this.live = live;
        this.health = health;
        this.upstream = upstream;
        this.usage = usage;
        this.gateway = gateway;
        this.balances = balances;
    }

    /**
     * Starts the gateway on {@code bind:port} (0 = any free port) over an open store. The store stays the
     * caller's to close, after this.
     *
     * @throws dev.switchboard.gateway.GatewayException when it cannot listen
     */
    public static Switchboard start(Store store, String bind, int port, String version, Clock clock) {
        var live = LiveSnapshot.follow(store, WATCH_MILLIS);
        var health = new HealthTracker(store.health(), clock);
        health.load(live.current());
        live.addListener(health::onSnapshot);
        var upstream = UpstreamClient.create();
        var usage = UsageRecorder.start(store.usage());
        var folder = store.database().file().getParent();
        var token = AdminToken.loadOrCreate(folder);
        // The catalog beside the database, override included, as the admin API and the window read it.
        var dialects = new Dialects(Catalog.load(folder));
        // Counted on the usage writer's thread; gauges read live health and the channels' last balance checks (kept
        // in the live snapshot) at scrape time, never the database or an upstream.
        var metrics = new GatewayMetrics(() -> health.overlay(live.current()), clock, () -> knownBalances(live.current()),
                usage::dropped, version);
        usage.addListener(metrics);
        var ctx = new GatewayContext(store, live, health, upstream, dialects, usage, version, token, clock, metrics);
        var gateway = Gateway.create(ctx, AdminApi.create(ctx), bind, port);
        try {
            gateway.start();
        } catch (RuntimeException e) {
            usage.close();
            upstream.close();
            health.close();
            live.close();
            throw e;
        }
        upstream.warmUp(); // TLS and the trust store load while the gateway already answers
        // balances are checked on their own thread, over the gateway's upstream client and the live snapshot
        var balances = new BalanceSchedule(new BalanceCheck(store, upstream, clock), live::current, clock).start();
        return new Switchboard(store, live, health, upstream, usage, gateway, balances);
    }

    /** The channels' last successful balance checks; a failed or missing one is left out, never exported as 0. */
    static List<BalanceSource.Balance> knownBalances(Snapshot snapshot) {
        var known = new ArrayList<BalanceSource.Balance>();
        for (var c : snapshot.channels()) {
            var b = c.balance();
            if (b == null || b.failed() || b.remaining() == null) {
                continue;
            }
            known.add(new BalanceSource.Balance(c.name(), b.remaining().doubleValue(),
                    b.total() == null ? null : b.total().doubleValue(), b.unit(),
                    BalanceView.state(c, snapshot.settings())));
        }
        return known;
    }

    public Gateway gateway() {
        return gateway;
    }

    public LiveSnapshot live() {
        return live;
    }

    public HealthTracker health() {
        return health;
    }

    public UsageRecorder usage() {
        return usage;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        balances.close();
        gateway.close();
        upstream.close();
        usage.close();
        health.close();
        live.close();
    }
}
