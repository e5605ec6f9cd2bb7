package dev.switchboard.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.routing.Failover.Step;
import dev.switchboard.routing.Failover.Try;
import dev.switchboard.routing.Failover.Verdict;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §3's outcome table, case by case, without HTTP: each try is answered from a script, and the test reads
 * what the policy did — which entries and keys it tried, in which order, what it recorded in their health (a real
 * {@link HealthTracker} over a real database) and what the client is told.
 */
class FailoverTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dataDir;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private Store store;
    private HealthTracker health;
    private KeyRing keys;
    /** What each try is answered with, in order. */
    private final Deque<Step<String>> script = new ArrayDeque<>();
    /** Every try made, as "channel/model#key". */
    private final List<String> tried = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dataDir, Database.Check.FULL, clock);
        channel("a", "sk-test-failover-a-0000");
        channel("b", "sk-test-failover-b-0000");
        channel("two-keys", "sk-test-failover-k1-0000", "sk-test-failover-k2-0000");
        health = new HealthTracker(store.health(), clock);
        health.load(store.snapshot());
        keys = new KeyRing(clock);
    }

    @AfterEach
    void close() {
        health.close();
        store.close();
    }

    private void channel(String name, String... keys) {
        store.channels().create(ChannelDraft.of(name, ApiType.OPENAI, "https://" + name + ".example/v1",
                List.of(keys)));
        store.entries().add(name, "m", null, true);
    }

    private Verdict<String> run(String requested, Settings settings) {
        var resolution = Resolver.resolve(health.overlay(store.snapshot()), requested, NOW);
        return Failover.create(requested, resolution, settings, keys, health).run(this::answer);
    }

    private Verdict<String> run(String requested) {
        return run(requested, Settings.defaults());
    }

    private Step<String> answer(Try t) {
        tried.add(t.candidate().entry().ref() + "#" + t.keyIndex());
        var next = script.poll();
        if (next == null) {
            throw new AssertionError("a try nobody expected: " + tried);
        }
        return next;
    }

    private static Step<String> answered(String answer) {
        return new Step.Answered<>(answer, new Outcome.Success(), 42L);
    }

    private static Step<String> failed(Outcome outcome, int status) {
        return new Step.Failed<>(outcome, status);
    }

    private static Step<String> down() {
        return failed(new Outcome.Transient("HTTP 503: overloaded", null), 503);
    }

    private static Step<String> rateLimited() {
        return failed(new Outcome.Transient("HTTP 429: slow down", null), 429);
    }

    private static Step<String> rejectedKey() {
        return failed(new Outcome.Credential("HTTP 401: invalid api key"), 401);
    }

    private Health healthOf(String ref) {
        return health.current(store.entries().get(ref).id());
    }

    @Test
    void theFirstCandidateThatAnswersEndsTheRequestAndRecordsItsLatency() {
        script.add(answered("hello"));

        var verdict = run("a/m");

        var answered = assertInstanceOf(Verdict.Answered.class, verdict);
        assertEquals("hello", answered.answer());
        assertEquals("a/m", answered.by().candidate().entry().ref());
        assertEquals(List.of("a/m#0"), tried);
        assertEquals(42L, healthOf("a/m").lastLatencyMs());
    }

    @Test
    void aTransientFailureCoolsTheEntryDownAndTriesTheNext() {
        script.add(down());
        script.add(answered("from b"));

        var verdict = run("auto");

        assertEquals("from b", ((Verdict.Answered<String>) verdict).answer());
        assertEquals(List.of("a/m#0", "b/m#0"), tried);
        assertTrue(healthOf("a/m").coolingAt(NOW), "a cools down");
        assertEquals("HTTP 503: overloaded", healthOf("a/m").lastError());
        assertFalse(healthOf("b/m").coolingAt(NOW));
    }

    @Test
    void aRejectedKeyDisablesTheEntryUntilThePersonReEnablesItAndTriesTheNext() {
        script.add(rejectedKey());
        script.add(answered("from b"));

        run("auto");

        assertTrue(healthOf("a/m").systemDisabled(), "disabled by the system");
        assertEquals("HTTP 401: invalid api key", healthOf("a/m").disabledReason());
    }

    @Test
    void aMissingModelCoolsTheEntryDownAndTriesTheNext() {
        script.add(failed(new Outcome.MissingModel("HTTP 404: no such model"), 404));
        script.add(answered("from b"));

        run("auto");

        assertTrue(healthOf("a/m").coolingAt(NOW));
        assertFalse(healthOf("a/m").systemDisabled());
        assertEquals(List.of("a/m#0", "b/m#0"), tried);
    }

    @Test
    void aRefusalOfTheRequestItselfGoesToTheClientAndLeavesTheEntryAlone() {
        script.add(new Step.Answered<>("the upstream's 400", new Outcome.ClientError(400), null));

        var verdict = run("auto");

        assertEquals("the upstream's 400", ((Verdict.Answered<String>) verdict).answer());
        assertEquals(List.of("a/m#0"), tried, "it would fail everywhere: nothing else is tried");
        assertEquals(Health.fresh(store.entries().get("a/m").id()), healthOf("a/m"));
    }

    @Test
    void aChannelWithSeveralKeysTriesItsNextKeyOnARejectedKeyBeforeMarkingTheEntry() {
        script.add(rejectedKey());
        script.add(answered("second key"));

        var verdict = run("two-keys/m");

        assertEquals("second key", ((Verdict.Answered<String>) verdict).answer());
        assertEquals(List.of("two-keys/m#0", "two-keys/m#1"), tried);
        assertFalse(healthOf("two-keys/m").systemDisabled(), "one key's rejection is not the entry's");
        var channel = store.snapshot().channel(store.entries().get("two-keys/m").channelId()).orElseThrow();
        assertEquals(List.of(1, 0), keys.order(channel), "the rejected key rests: the next request starts elsewhere");
    }

    @Test
    void aRateLimitedKeyRestsAndTheNextKeyIsTriedToo() {
        script.add(rateLimited());
        script.add(answered("second key"));

        run("two-keys/m");

        assertEquals(List.of("two-keys/m#0", "two-keys/m#1"), tried);
        assertFalse(healthOf("two-keys/m").coolingAt(NOW));
    }

    @Test
    void anEntryIsMarkedOnceWhenEveryKeyFailed() {
        script.add(rejectedKey());
        script.add(rejectedKey());

        var verdict = run("two-keys/m");

        assertEquals(List.of("two-keys/m#0", "two-keys/m#1"), tried);
        assertTrue(healthOf("two-keys/m").systemDisabled());
        assertInstanceOf(Verdict.Exhausted.class, verdict);
    }

    @Test
    void whenEveryFailureWasARateLimitTheClientIsToldToWait() {
        script.add(rateLimited());
        script.add(rateLimited());
        script.add(rateLimited());
        script.add(rateLimited());

        var verdict = (Verdict.Exhausted<String>) run("auto");

        assertEquals(429, verdict.status());
        assertTrue(verdict.rateLimited());
        assertTrue(verdict.message().startsWith("Every candidate for 'auto' failed: a/m → HTTP 429: slow down"
                + " (cooling down until 2026-12-01T10:05:00Z); "),
                verdict.message());
    }

    @Test
    void mixedFailuresAnswer502NamingEachEntrysReason() {
        script.add(down());
        script.add(rateLimited());
        script.add(rejectedKey());
        script.add(rejectedKey());

        var verdict = (Verdict.Exhausted<String>) run("auto");

        assertEquals(502, verdict.status());
        // Each failure says what it made of its entry: when it may be asked again, or that it may not.
        assertEquals("Every candidate for 'auto' failed: a/m → HTTP 503: overloaded (cooling down until"
                + " 2026-12-01T10:05:00Z); b/m → HTTP 429: slow down (cooling down until 2026-12-01T10:05:00Z);"
                + " two-keys/m → HTTP 401: invalid api key; two-keys/m → HTTP 401: invalid api key (now disabled by"
                + " the system). See the request log for details.", verdict.message());
    }

    /**
     * When what could be tried failed, the client also learns of the entries the name means that were not tried:
     * which, and why (issue 18: the error names the entry and why it cannot serve).
     */
    @Test
    void whenNothingAnsweredTheEntriesThatCouldNotServeAreNamedWithWhy() {
        script.add(rejectedKey());
        run("a/m");
        assertTrue(healthOf("a/m").systemDisabled(), "a's key was rejected");
        script.add(down());
        script.add(down());

        var verdict = (Verdict.Exhausted<String>) run("m");

        assertEquals(List.of("a/m#0", "b/m#0", "two-keys/m#0"), tried, "a is not tried again");
        assertEquals("Every candidate for 'm' failed: b/m → HTTP 503: overloaded (cooling down until"
                + " 2026-12-01T10:05:00Z); two-keys/m → HTTP 503: overloaded (cooling down until 2026-12-01T10:05:00Z)."
                + " Not tried: a/m is disabled by the system: HTTP 401: invalid api key (fix the channel's key, then"
                + " `switchboard entries enable a/m`). See the request log for details.", verdict.message());
    }

    @Test
    void theAttemptBoundStopsTheRequestAndSaysThatItDid() {
        script.add(down());
        script.add(down());

        var verdict = (Verdict.Exhausted<String>) run("auto", Settings.of(Map.of(Setting.MAX_ATTEMPTS, "2")));

        assertEquals(List.of("a/m#0", "b/m#0"), tried);
        assertTrue(verdict.message().startsWith("The 2 attempts allowed (max-attempts) for 'auto' failed"),
                verdict.message());
        assertEquals(Health.fresh(store.entries().get("two-keys/m").id()), healthOf("two-keys/m"),
                "the entry left untried is not blamed");
    }

    @Test
    void aClientThatLeavesEndsTheRequestWithoutBlamingTheEntry() {
        script.add(new Step.Cancelled<>());

        var verdict = run("auto");

        assertInstanceOf(Verdict.ClientLeft.class, verdict);
        assertEquals(List.of("a/m#0"), tried, "nothing more is tried for a client that has gone");
        assertEquals(Health.fresh(store.entries().get("a/m").id()), healthOf("a/m"));
    }

    @Test
    void aCoolingEntryIsTriedLastNotLost() {
        script.add(down());
        script.add(answered("from b"));
        run("auto");
        tried.clear();
        script.add(answered("b again"));

        run("auto");

        assertEquals(List.of("b/m#0"), tried, "a, cooling down, moved to the end");
    }

    @Test
    void aStreamThatBrokeOffCoolsItsEntryDown() {
        script.add(answered("the start of an answer"));
        var verdict = (Verdict.Answered<String>) run("a/m");

        Failover.create("a/m", Resolver.resolve(store.snapshot(), "a/m", NOW), Settings.defaults(), keys, health)
                .brokeOff(verdict.by(), "the upstream's stream stopped before the answer was complete");

        assertTrue(healthOf("a/m").coolingAt(NOW));
        assertEquals("the upstream's stream stopped before the answer was complete", healthOf("a/m").lastError());
        assertNull(healthOf("a/m").disabledReason());
    }
}
