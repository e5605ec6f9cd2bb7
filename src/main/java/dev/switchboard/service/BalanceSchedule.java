package dev.switchboard.service;

import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks balances while Switchboard runs: every {@code balance-check-minutes} (default 30) for each channel that has
 * a balance query, is switched on and has its secrets. Whether a channel is due is a question of the clock and of
 * its last check ({@link #due}), so a restart does not check again what was checked a minute ago, a check from the
 * CLI counts too, and a failed check waits for the next period like any other (a provider that is down is not asked
 * every minute).
 *
 * <p>A single daemon thread looks every {@link #TICK} for what is due; the checks run one after another on it, off
 * every request's path. {@link #runDue} is that look, callable with any clock (tests use a fixed one).
 */
public final class BalanceSchedule implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BalanceSchedule.class.getName());
    /** How often the thread looks for due checks; also the delay of the first look after start. */
    static final Duration TICK = Duration.ofMinutes(1);

    private final BalanceCheck check;
    private final Supplier<Snapshot> snapshot;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public BalanceSchedule(BalanceCheck check, Supplier<Snapshot> snapshot, Clock clock) {
        this.check = check;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    /** Starts the thread that runs {@link #runDue} every {@link #TICK}; {@link #close} stops it. */
    public synchronized BalanceSchedule start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                var t = new Thread(r, "switchboard-balance");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::runQuietly, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
        }
        return this;
    }

    private void runQuietly() {
        try {
            runDue();
        } catch (RuntimeException e) {
            // a store that is busy or gone: the next tick tries again; the thread must not die of it
            LOG.log(System.Logger.Level.WARNING, "Balance checks failed: " + e.getMessage());
        }
    }

    /** Checks every channel due now; returns their names, in the order checked. */
    public List<String> runDue() {
        var now = clock.instant();
        var s = snapshot.get();
        var out = new ArrayList<String>();
        for (var c : due(s, now, s.settings().balanceCheckInterval())) {
            try {
                check.checkAndRecord(c);
                out.add(c.name());
            } catch (StoreException e) {
                // removed or changed meanwhile, or the store is busy: the others are still checked
                LOG.log(System.Logger.Level.DEBUG, "Balance of " + c.name() + " not stored: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The channels to check at {@code now}: those with a query that are on and have their secrets, never checked or
     * last checked at least {@code interval} ago. None when the interval is zero (checks only on demand).
     */
    static List<Channel> due(Snapshot s, Instant now, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return List.of();
        }
        var out = new ArrayList<Channel>();
        for (var c : s.channels()) {
            if (c.balanceQuery() == null || !c.enabled() || c.needsSecrets()) {
                continue;
            }
            var last = c.balance();
            if (last == null || !last.checkedAt().plus(interval).isAfter(now)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
