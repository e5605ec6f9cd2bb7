package dev.switchboard.routing;

import dev.switchboard.routing.Outcome.ClientError;
import dev.switchboard.routing.Outcome.Credential;
import dev.switchboard.routing.Outcome.MissingModel;
import dev.switchboard.routing.Outcome.Success;
import dev.switchboard.routing.Outcome.Transient;
import dev.switchboard.store.Health;
import dev.switchboard.store.HealthStore;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The authority on entry health while the gateway runs (DESIGN §3). Outcomes change health in memory at once,
 * so the very next request routes around a failing entry; the database is written behind, on one writer, so a
 * request never waits for SQLite and a failing disk never fails a request (it is logged).
 *
 * <p>What each outcome does ({@link #record}):
 * <ul>
 *   <li>{@link Success}: cooldown, failure count and last error cleared, latency recorded. A system disable
 *       stays: only the person lifts it (a speed test they start goes through their own re-enable);</li>
 *   <li>{@link Transient} and {@link MissingModel}: cooldown until now + the {@code cooldown-seconds} setting,
 *       or the upstream's {@code Retry-After} when longer; a cooldown already running longer is kept (a second
 *       failure must not shorten what an upstream asked for); failure count +1, last error set;</li>
 *   <li>{@link Credential}: disabled by the system with the reason, failure count +1, last error set. The
 *       person's own {@code enabled} switch is never touched;</li>
 *   <li>{@link ClientError}: nothing: the request was wrong, not the entry.</li>
 * </ul>
 * Failures leave the recorded latency alone: how long an error took says nothing about the model's speed.
 *
 * <p><b>Cheap successes.</b> Most requests succeed, so a success of an entry that is already healthy writes
 * nothing unless its latency was last persisted more than {@value #LATENCY_PERSIST_SECONDS} s ago (or never):
 * the in-memory value is always current, the stored one at most that old. Any material change (cooldown,
 * disable, failure count, last error) is written.
 *
 * <p><b>Writes.</b> Changes are queued by entry; several changes of one entry before the writer gets to it
 * become one write of its latest health. A write that fails is logged and not retried: memory stays right, and
 * the entry's next change writes again.
 *
 * <p><b>Other processes.</b> The person's {@code entries enable}, run from the CLI beside the gateway, clears
 * health in the database. Each new snapshot ({@link #onSnapshot}) is compared, per entry, with what this
 * tracker last wrote (or is writing, or last adopted): when they differ, someone else changed it and the
 * snapshot's value is adopted, dropping any write still queued for that entry; when they are equal the
 * snapshot is merely older than our memory, which is kept, so a snapshot taken before our pending writes
 * cannot undo them. This relies on snapshots arriving in commit order, which {@code LiveSnapshot} gives:
 * its reloads are serialized and our own commit triggers one before {@code HealthStore.saveIfStill} returns.
 * A snapshot comes only with the next poll, though, so each write also checks, in its own transaction, that the
 * stored health is still what the tracker last knew ({@code HealthStore.saveIfStill}): when someone else changed it
 * in between, nothing is written and theirs is adopted, as a snapshot would have done.
 */
public final class HealthTracker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthTracker.class.getName());
    static final long LATENCY_PERSIST_SECONDS = 60;

    private final HealthStore store;
    private final Clock clock;
    private final Executor writer;
    private final ExecutorService ownedWriter;

    /** Guards the fields of every {@link State}, {@link #pending}, {@link #draining} and {@link #closed}. */
    private final Object lock = new Object();
    /** Entries known from the last snapshot; read without the lock ({@link State#memory} is volatile). */
    private final Map<Long, State> states = new ConcurrentHashMap<>();
    /** Entries whose memory has to be written, oldest change first. */
    private final LinkedHashSet<Long> pending = new LinkedHashSet<>();
    private boolean draining;
    private boolean closed;

    /** Writes on a daemon thread of its own, stopped by {@link #close}. */
    public HealthTracker(HealthStore store, Clock clock) {
        this(store, clock, Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "switchboard-health-writer");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /**
     * Writes on {@code writer}, which the caller owns and shuts down. It must not run tasks concurrently with
     * each other (one writer keeps an entry's writes in order); the tracker never submits a second task while
     * one is queued or running.
     */
    public HealthTracker(HealthStore store, Clock clock, Executor writer) {
        this(store, clock, writer, false);
    }

    private HealthTracker(HealthStore store, Clock clock, Executor writer, boolean owned) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.writer = Objects.requireNonNull(writer);
        this.ownedWriter = owned ? (ExecutorService) writer : null;
    }

    /** Takes every entry's health from {@code snapshot} as it is, forgetting anything not yet written. For start-up. */
    public void load(Snapshot snapshot) {
        synchronized (lock) {
            states.clear();
            pending.clear();
            for (var e : snapshot.entries()) {
                states.put(e.id(), new State(snapshot.health(e.id())));
            }
        }
    }

    /**
     * Reconciles with a newer snapshot: adopts the health of entries someone else changed, keeps ours where the
     * snapshot only shows what we wrote ourselves, learns new entries and forgets deleted ones.
     */
    public void onSnapshot(Snapshot snapshot) {
        synchronized (lock) {
            var ids = new HashSet<Long>();
            for (var e : snapshot.entries()) {
                long id = e.id();
                ids.add(id);
                var stored = snapshot.health(id);
                var st = states.get(id);
                if (st == null) {
                    states.put(id, new State(stored));
                } else if (!stored.equals(st.persisted) && !stored.equals(st.inFlight)) {
                    st.memory = stored;
                    st.persisted = stored;
                    pending.remove(id);
                }
            }
            states.keySet().retainAll(ids);
            pending.retainAll(ids);
        }
    }

    /** The entry's current health; healthy when the tracker does not know it. */
    public Health current(long entryId) {
        var st = states.get(entryId);
        return st == null ? Health.fresh(entryId) : st.memory;
    }

    /**
     * {@code snapshot} with the tracker's live health in place of the stored one, for {@link Resolver} and for
     * anything that shows health. Entries the tracker does not know yet keep the snapshot's.
     */
    public Snapshot overlay(Snapshot snapshot) {
        var health = new HashMap<>(snapshot.health());
        for (var e : snapshot.entries()) {
            var st = states.get(e.id());
            if (st == null) {
                continue;
            }
            var h = st.memory;
            if (h.equals(Health.fresh(e.id()))) {
                health.remove(e.id());
            } else {
                health.put(e.id(), h);
            }
        }
        return snapshot.withHealth(health);
    }

    /**
     * Applies an attempt's outcome to its entry (see the class comment) and queues the write.
     *
     * @param latencyMs time to the first meaningful byte of a success, or null when unknown; ignored otherwise
     * @param settings  the settings of the snapshot the attempt ran under (cooldown length)
     */
    public void record(Candidate candidate, Outcome outcome, Long latencyMs, Settings settings) {
        long id = candidate.entry().id();
        // Millisecond precision, as stored: what we keep must compare equal to what a snapshot reads back.
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean schedule;
        synchronized (lock) {
            var st = states.get(id);
            if (st == null) {
                // Resolved from a snapshot newer than the last one we were given: start from what it said.
                st = new State(candidate.health());
                states.put(id, st);
            }
            var before = st.memory;
            var after = applied(before, outcome, latencyMs, settings, now);
            if (after.equals(before)) {
                return;
            }
            st.memory = after;
            if (!worthWriting(st, after, now)) {
                return;
            }
            schedule = enqueue(id);
        }
        if (schedule) {
            startWriter();
        }
    }

    /** Waits until every queued write is done (or has failed). For tests and for a clean shutdown. */
    public void flush() {
        synchronized (lock) {
            while (draining) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes what is queued, then stops the tracker's own writer. Later outcomes change memory only. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        flush();
        if (ownedWriter != null) {
            ownedWriter.shutdown();
        }
    }

    /**
     * What {@code outcome} makes of health {@code h}: the one rule routing applies (see the class comment).
     * Public so that the speed test, which writes health without a tracker (it runs from the CLI, beside or
     * without a gateway), applies exactly the same rule.
     */
    // Java 17 has no pattern matching for switch; the chain covers every permitted Outcome.
    public static Health applied(Health h, Outcome outcome, Long latencyMs, Settings settings, Instant now) {
        if (outcome instanceof Success) {
            return succeeded(h, latencyMs);
        } else if (outcome instanceof Transient t) {
            return cooledDown(h, now, longer(settings.cooldown(), t.retryAfter()), t.reason());
        } else if (outcome instanceof MissingModel m) {
            return cooledDown(h, now, settings.cooldown(), m.reason());
        } else if (outcome instanceof Credential c) {
            return new Health(h.entryId(), h.cooldownUntil(), c.reason(), h.consecutiveFailures() + 1,
                    h.lastLatencyMs(), c.reason());
        } else if (outcome instanceof ClientError) {
            return h;
        }
        throw new IllegalArgumentException("Unknown outcome " + outcome);
    }

    private static Health succeeded(Health h, Long latencyMs) {
        return new Health(h.entryId(), null, h.disabledReason(), 0,
                latencyMs != null ? latencyMs : h.lastLatencyMs(), null);
    }

    private static Health cooledDown(Health h, Instant now, Duration cooldown, String reason) {
        var until = now.plus(cooldown).truncatedTo(ChronoUnit.MILLIS);
        if (h.cooldownUntil() != null && h.cooldownUntil().isAfter(until)) {
            until = h.cooldownUntil();
        }
        return new Health(h.entryId(), until, h.disabledReason(), h.consecutiveFailures() + 1, h.lastLatencyMs(),
                reason);
    }

    private static Duration longer(Duration base, Duration retryAfter) {
        return retryAfter != null && retryAfter.compareTo(base) > 0 ? retryAfter : base;
    }

    /** Material changes always; a latency alone when the stored one is missing or older than the interval. */
    private static boolean worthWriting(State st, Health h, Instant now) {
        var stored = st.inFlight != null ? st.inFlight : st.persisted;
        if (!sameApartFromLatency(stored, h)) {
            return true;
        }
        if (Objects.equals(stored.lastLatencyMs(), h.lastLatencyMs())) {
            return false;
        }
        return stored.lastLatencyMs() == null || st.latencyWrittenAt == null
                || !now.isBefore(st.latencyWrittenAt.plusSeconds(LATENCY_PERSIST_SECONDS));
    }

    private static boolean sameApartFromLatency(Health a, Health b) {
        return Objects.equals(a.cooldownUntil(), b.cooldownUntil())
                && Objects.equals(a.disabledReason(), b.disabledReason())
                && a.consecutiveFailures() == b.consecutiveFailures()
                && Objects.equals(a.lastError(), b.lastError());
    }

    /** Under the lock. True when the caller must start the writer (outside the lock). */
    private boolean enqueue(long id) {
        if (closed) {
            return false;
        }
        pending.add(id);
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    private void startWriter() {
        try {
            writer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "Health changes could not be saved: the writer is stopped.");
            synchronized (lock) {
                pending.clear();
                draining = false;
                lock.notifyAll();
            }
        }
    }

    /** The writer's loop: one entry at a time, its latest health, until nothing is queued. */
    private void drain() {
        while (true) {
            long id;
            State st;
            Health h;
            Health expected;
            synchronized (lock) {
                var it = pending.iterator();
                if (!it.hasNext()) {
                    draining = false;
                    lock.notifyAll();
                    return;
                }
                id = it.next();
                it.remove();
                st = states.get(id);
                if (st == null) {
                    continue;
                }
                h = st.memory;
                expected = st.persisted;
                st.inFlight = h;
            }
            boolean saved = false;
            Optional<Health> theirs = Optional.empty();
            try {
                theirs = store.saveIfStill(expected, h);
                saved = theirs.isEmpty();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not save the health of entry #" + id
                        + "; it is kept in memory: " + e.getMessage());
            }
            synchronized (lock) {
                st.inFlight = null;
                if (theirs.isPresent() && states.get(id) == st) {
                    // Someone else changed it since we last knew, and no snapshot has shown it to us yet: theirs
                    // wins, as in onSnapshot, and our change (older than theirs in the database) is dropped.
                    st.memory = theirs.get();
                    st.persisted = theirs.get();
                    pending.remove(id);
                } else if (saved) {
                    if (!Objects.equals(st.persisted.lastLatencyMs(), h.lastLatencyMs())) {
                        st.latencyWrittenAt = clock.instant();
                    }
                    st.persisted = h;
                    // A snapshot showed someone else's change while this write was under way and memory adopted
                    // it: write memory again. Where theirs is what the database holds, that write finds so and
                    // adopts it instead (saveIfStill).
                    if (states.get(id) == st && !sameApartFromLatency(st.memory, h) && !closed) {
                        pending.add(id);
                    }
                }
            }
        }
    }

    /** One entry's health: what routing uses, and what the database holds as far as we know. */
    private static final class State {
        volatile Health memory;
        /** What the database holds by our knowledge: last written by us, or last read from a snapshot. */
        Health persisted;
        /** What the writer is saving right now, or null. */
        Health inFlight;
        /** When a changed latency was last written; null when never. */
        Instant latencyWrittenAt;

        State(Health stored) {
            this.memory = stored;
            this.persisted = stored;
        }
    }
}
