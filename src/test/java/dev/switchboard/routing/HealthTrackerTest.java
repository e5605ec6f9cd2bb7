package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.routing.Outcome.ClientError;
import dev.switchboard.routing.Outcome.Credential;
import dev.switchboard.routing.Outcome.MissingModel;
import dev.switchboard.routing.Outcome.Success;
import dev.switchboard.routing.Outcome.Transient;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTrackerTest {
    private static final Settings SETTINGS = Settings.defaults(); // cooldown 300 s

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00.123Z"));
    private Store store;
    private HealthTracker tracker;
    private Snapshot snapshot;
    private final AtomicInteger writes = new AtomicInteger();
    private QueuedExecutor queued;

    @BeforeEach
    void open() {
        store = Store.open(dataDir, Database.Check.FULL, clock);
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example/v1",
                List.of("sk-test-relay-0000000000")));
        store.entries().add("relay", "gpt-4o", null, true);
        store.entries().add("relay", "gpt-4o-mini", null, true);
        store.database().addChangeListener(writes::incrementAndGet);
        snapshot = store.snapshot();
    }

    @AfterEach
    void close() {
        if (queued != null) {
            queued.runAll(); // close() waits for queued writes
        }
        if (tracker != null) {
            tracker.close();
        }
        store.close();
    }

    private HealthTracker tracker() {
        tracker = new HealthTracker(store.health(), clock);
        tracker.load(snapshot);
        return tracker;
    }

    private HealthTracker tracker(Executor writer) {
        queued = writer instanceof QueuedExecutor q ? q : null;
        tracker = new HealthTracker(store.health(), clock, writer);
        tracker.load(snapshot);
        return tracker;
    }

    private Candidate candidate(String model) {
        var entry = snapshot.entries().stream().filter(e -> e.model().equals(model)).findFirst().orElseThrow();
        return new Candidate(entry, snapshot.channel(entry.channelId()).orElseThrow(), snapshot.health(entry.id()));
    }

    private long id(String model) {
        return candidate(model).entry().id();
    }

    private Health stored(String model) {
        return store.health().get(id(model));
    }

    @Test
    void coolsDownEntryForTheConfiguredCooldownOnATransientFailure() {
        var t = tracker();

        t.record(candidate("gpt-4o"), new Transient("HTTP 503: Service Unavailable", null), null, SETTINGS);

        var h = t.current(id("gpt-4o"));
        assertEquals(clock.instant().plusSeconds(300), h.cooldownUntil());
        assertEquals(1, h.consecutiveFailures());
        assertEquals("HTTP 503: Service Unavailable", h.lastError());
        assertFalse(h.systemDisabled());
        t.flush();
        assertEquals(h, stored("gpt-4o"));
    }

    @Test
    void coolsDownEntryOnRetryAfterWhenLongerThanTheCooldown() {
        var t = tracker();

        t.record(candidate("gpt-4o"), new Transient("HTTP 429", Duration.ofMinutes(15)), null, SETTINGS);
        t.record(candidate("gpt-4o-mini"), new Transient("HTTP 429", Duration.ofSeconds(10)), null, SETTINGS);

        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), t.current(id("gpt-4o")).cooldownUntil());
        assertEquals(clock.instant().plusSeconds(300), t.current(id("gpt-4o-mini")).cooldownUntil());
    }

    @Test
    void aLaterShorterCooldownDoesNotCutALongerOne() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Transient("HTTP 429", Duration.ofHours(1)), null, SETTINGS);
        clock.advance(Duration.ofMinutes(1));

        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS);

        var h = t.current(id("gpt-4o"));
        assertEquals(clock.instant().minus(Duration.ofMinutes(1)).plus(Duration.ofHours(1)), h.cooldownUntil());
        assertEquals(2, h.consecutiveFailures());
        assertEquals("HTTP 500", h.lastError());
    }

    @Test
    void coolsDownEntryThatDoesNotServeTheModel() {
        var t = tracker();

        t.record(candidate("gpt-4o"), new MissingModel("HTTP 404: model_not_found"), null, SETTINGS);

        var h = t.current(id("gpt-4o"));
        assertEquals(clock.instant().plusSeconds(300), h.cooldownUntil());
        assertEquals(1, h.consecutiveFailures());
        assertEquals("HTTP 404: model_not_found", h.lastError());
    }

    @Test
    void successClearsCooldownFailuresAndErrorAndRecordsLatency() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Transient("HTTP 502", null), null, SETTINGS);
        t.record(candidate("gpt-4o"), new Transient("HTTP 502", null), null, SETTINGS);

        t.record(candidate("gpt-4o"), new Success(), 850L, SETTINGS);

        var expected = new Health(id("gpt-4o"), null, null, 0, 850L, null);
        assertEquals(expected, t.current(id("gpt-4o")));
        t.flush();
        assertEquals(expected, stored("gpt-4o"));
    }

    @Test
    void credentialFailureDisablesTheEntryBySystemButNeverTouchesTheEnabledSwitch() {
        var t = tracker();

        t.record(candidate("gpt-4o"), new Credential("HTTP 401: invalid api key"), null, SETTINGS);
        t.flush();

        var h = t.current(id("gpt-4o"));
        assertEquals("HTTP 401: invalid api key", h.disabledReason());
        assertEquals(1, h.consecutiveFailures());
        assertEquals(h, stored("gpt-4o"));
        assertTrue(store.entries().get("relay/gpt-4o").enabled());
        // Routing sees it: the name is refused with the reason, not answered by gpt-4o-mini (issue 18).
        var r = Resolver.resolve(t.overlay(store.snapshot()), "gpt-4o", clock.instant());
        assertEquals(List.of(), r.candidates());
        assertEquals(List.of(id("gpt-4o")), r.held().stream().map(held -> held.entry().id()).toList());
        assertEquals(Resolution.Why.SYSTEM_DISABLED, r.held().get(0).why());
    }

    @Test
    void successDoesNotLiftASystemDisable() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Credential("HTTP 403"), null, SETTINGS);

        t.record(candidate("gpt-4o"), new Success(), 500L, SETTINGS);

        assertEquals("HTTP 403", t.current(id("gpt-4o")).disabledReason());
    }

    @Test
    void clientErrorChangesNothing() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Success(), 700L, SETTINGS);
        t.flush();
        var before = t.current(id("gpt-4o"));
        int writesBefore = writes.get();

        t.record(candidate("gpt-4o"), new ClientError(400), 90L, SETTINGS);
        t.record(candidate("gpt-4o-mini"), new ClientError(422), null, SETTINGS);
        t.flush();

        assertEquals(before, t.current(id("gpt-4o")));
        assertEquals(Health.fresh(id("gpt-4o-mini")), t.current(id("gpt-4o-mini")));
        assertEquals(writesBefore, writes.get());
        assertFalse(store.health().all().containsKey(id("gpt-4o-mini")));
    }

    @Test
    void healthSurvivesARestart() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Transient("HTTP 529: Overloaded", null), null, SETTINGS);
        t.record(candidate("gpt-4o-mini"), new Credential("HTTP 429: insufficient_quota"), null, SETTINGS);
        var cooling = t.current(id("gpt-4o"));
        var disabled = t.current(id("gpt-4o-mini"));
        t.close();
        store.close();

        try (var reopened = Store.open(dataDir, Database.Check.FULL, clock)) {
            assertEquals(cooling, reopened.health().get(cooling.entryId()));
            assertEquals(disabled, reopened.health().get(disabled.entryId()));
            var fresh = new HealthTracker(reopened.health(), clock);
            fresh.load(reopened.snapshot());
            assertEquals(cooling, fresh.current(cooling.entryId()));
            fresh.close();
        }
    }

    @Test
    void coalescesSeveralChangesOfOneEntryIntoOneWrite() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);

        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS);
        t.record(candidate("gpt-4o"), new Transient("HTTP 502", null), null, SETTINGS);
        t.record(candidate("gpt-4o"), new Transient("HTTP 503", null), null, SETTINGS);
        assertEquals(0, writes.get());
        assertEquals(1, writer.size());

        writer.runAll();

        assertEquals(1, writes.get());
        assertEquals(3, stored("gpt-4o").consecutiveFailures());
        assertEquals("HTTP 503", stored("gpt-4o").lastError());
    }

    @Test
    void successOfAHealthyEntryWritesItsLatencyAtMostOncePerInterval() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);
        t.record(candidate("gpt-4o"), new Success(), 100L, SETTINGS);
        writer.runAll();
        assertEquals(1, writes.get(), "the first latency is written");

        t.record(candidate("gpt-4o"), new Success(), 120L, SETTINGS);
        t.record(candidate("gpt-4o"), new Success(), 110L, SETTINGS);
        assertEquals(0, writer.size(), "nothing material changed: no write queued");
        assertEquals(110L, t.current(id("gpt-4o")).lastLatencyMs());

        clock.advance(Duration.ofSeconds(HealthTracker.LATENCY_PERSIST_SECONDS));
        t.record(candidate("gpt-4o"), new Success(), 130L, SETTINGS);
        writer.runAll();

        assertEquals(2, writes.get());
        assertEquals(130L, stored("gpt-4o").lastLatencyMs());
    }

    @Test
    void successAfterAFailureIsWrittenAtOnce() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);
        t.record(candidate("gpt-4o"), new Success(), 100L, SETTINGS);
        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS);
        writer.runAll();

        t.record(candidate("gpt-4o"), new Success(), 100L, SETTINGS);
        writer.runAll();

        assertEquals(2, writes.get());
        assertNull(stored("gpt-4o").cooldownUntil());
        assertEquals(0, stored("gpt-4o").consecutiveFailures());
    }

    @Test
    void adoptsTheStoredHealthWhenThePersonReEnablesTheEntryFromAnotherProcess() {
        var t = tracker();
        t.record(candidate("gpt-4o"), new Credential("HTTP 401: invalid api key"), null, SETTINGS);
        t.record(candidate("gpt-4o-mini"), new Transient("HTTP 503", null), null, SETTINGS);
        t.flush();

        try (var cli = Store.open(dataDir, Database.Check.QUICK, clock)) {
            cli.entries().setEnabled("relay/gpt-4o", true);
        }
        t.onSnapshot(store.snapshot());

        var h = t.current(id("gpt-4o"));
        assertFalse(h.systemDisabled());
        assertNull(h.cooldownUntil());
        assertEquals(0, h.consecutiveFailures());
        // The entry the person did not touch keeps its cooldown.
        assertTrue(t.current(id("gpt-4o-mini")).coolingAt(clock.instant()));
        var r = Resolver.resolve(t.overlay(store.snapshot()), "gpt-4o", clock.instant());
        assertEquals(List.of(id("gpt-4o")), r.candidates().stream().map(c -> c.entry().id()).toList());
    }

    @Test
    void aStaleSnapshotDoesNotUndoAPendingCooldown() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);
        var stale = store.snapshot();

        t.record(candidate("gpt-4o"), new Transient("HTTP 503", null), null, SETTINGS);
        t.onSnapshot(stale);

        assertTrue(t.current(id("gpt-4o")).coolingAt(clock.instant()));
        writer.runAll();
        t.onSnapshot(store.snapshot()); // what our own write produced
        assertTrue(t.current(id("gpt-4o")).coolingAt(clock.instant()));
        assertEquals(t.current(id("gpt-4o")), stored("gpt-4o"));
    }

    @Test
    void aReEnableWhileOurWriteIsQueuedWinsOverIt() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);
        t.record(candidate("gpt-4o"), new Credential("HTTP 401"), null, SETTINGS);
        writer.runAll();

        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS); // queued, not yet written
        try (var cli = Store.open(dataDir, Database.Check.QUICK, clock)) {
            cli.entries().setEnabled("relay/gpt-4o", true);
        }
        t.onSnapshot(store.snapshot());
        writer.runAll();

        var h = t.current(id("gpt-4o"));
        assertFalse(h.systemDisabled());
        assertNull(h.cooldownUntil());
        assertEquals(h, stored("gpt-4o"));
    }

    @Test
    void aReEnableCommittedBeforeOurQueuedWriteRunsWinsOverItEvenBeforeASnapshotShowsIt() {
        var writer = new QueuedExecutor();
        var t = tracker(writer);
        t.record(candidate("gpt-4o"), new Credential("HTTP 401"), null, SETTINGS);
        writer.runAll();

        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS); // queued, not yet written
        try (var cli = Store.open(dataDir, Database.Check.QUICK, clock)) {
            cli.entries().setEnabled("relay/gpt-4o", true);
        }
        writer.runAll(); // before the poll has noticed the other process's commit
        t.onSnapshot(store.snapshot());

        var h = t.current(id("gpt-4o"));
        assertFalse(h.systemDisabled(), "the person's re-enable was written over by stale health");
        assertNull(h.cooldownUntil());
        assertEquals(h, stored("gpt-4o"));
    }

    @Test
    void learnsNewEntriesAndForgetsRemovedOnes() {
        var t = tracker();
        t.record(candidate("gpt-4o-mini"), new Transient("HTTP 500", null), null, SETTINGS);
        t.flush();

        var added = store.entries().add("relay", "o3", null, true);
        store.entries().remove("relay/gpt-4o-mini");
        t.onSnapshot(store.snapshot());

        assertEquals(Health.fresh(added.id()), t.current(added.id()));
        assertEquals(Health.fresh(id("gpt-4o-mini")), t.current(id("gpt-4o-mini")));
    }

    @Test
    void overlayLetsTheResolverSeeLiveHealth() {
        var t = tracker(new QueuedExecutor()); // nothing written: only memory knows

        t.record(candidate("gpt-4o"), new Transient("HTTP 503", null), null, SETTINGS);

        var live = Resolver.resolve(t.overlay(snapshot), "auto", clock.instant());
        var stale = Resolver.resolve(snapshot, "auto", clock.instant());
        assertEquals(List.of(id("gpt-4o"), id("gpt-4o-mini")), stale.candidates().stream().map(c -> c.entry().id()).toList());
        assertEquals(List.of(id("gpt-4o-mini"), id("gpt-4o")), live.candidates().stream().map(c -> c.entry().id()).toList());
    }

    @Test
    void aFailingDatabaseNeverFailsTheCaller() {
        var t = tracker();
        store.close();

        t.record(candidate("gpt-4o"), new Transient("HTTP 500", null), null, SETTINGS);
        t.flush();

        assertTrue(t.current(id("gpt-4o")).coolingAt(clock.instant()));
    }

    /** Runs the tracker's writes only when told: makes "queued but not yet written" a state a test can hold. */
    private static final class QueuedExecutor implements Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int size() {
            return tasks.size();
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
