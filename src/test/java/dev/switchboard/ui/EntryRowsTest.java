package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Models table's rows and edits, over a real store, without a display. */
class EntryRowsTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private EntryRows rows;
    private Entry gpt;
    private Entry mystery;
    private Entry other;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.fixed(NOW, ZoneOffset.UTC));
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        store.channels().create(ChannelDraft.of("spare", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-beta")));
        gpt = store.entries().add("relay", "gpt-4o", "fast", true);
        mystery = store.entries().add("relay", "house-model-xyz", null, true);
        other = store.entries().add("spare", "gpt-4o", null, false);
        rows = new EntryRows(Catalog.bundled(), Messages.of("en", Locale.ENGLISH), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<EntryRows.Row> build(Map<Long, SpeedTestStore.Result> latest) {
        return rows.rows(store.snapshot(), latest, NOW);
    }

    private static EntryRows.Row row(List<EntryRows.Row> all, Entry e) {
        return all.stream().filter(r -> r.id() == e.id()).findFirst().orElseThrow();
    }

    @Test
    void everyEntryIsARowWithItsChannelAliasGroupsAndCatalogFacts() {
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "#" + mystery.id(), null);

        var all = build(Map.of());

        assertEquals(3, all.size());
        var r = row(all, gpt);
        assertEquals("relay", r.entry().channelName());
        assertEquals("fast", r.entry().alias());
        assertEquals("auto #1", r.groups());
        assertEquals("2024-05-13", r.released());
        assertEquals("128k", r.context());
        assertTrue(r.vision());
        assertTrue(r.tools());
        assertFalse(r.reasoning());
        assertEquals("auto #2, coding #1", row(all, mystery).groups());
        assertEquals("", row(all, other).groups(), "not in auto: added without joining it");
        assertNull(row(all, mystery).facts(), "the catalog does not know it");
        assertEquals("", row(all, mystery).context());
        assertEquals(EntryRows.SpeedKind.NONE, r.speed().kind());
    }

    @Test
    void healthReadsOkCoolingUntilAClockTimeOrDisabledWithARedactedReason() {
        store.health().save(new Health(gpt.id(), NOW.plusSeconds(90), null, 1, null, "HTTP 429"));
        store.health().save(new Health(mystery.id(), null, "HTTP 401: bad Bearer test-key-alpha-0123456789",
                1, null, null));

        var all = build(Map.of());

        var cooling = row(all, gpt).health();
        assertEquals(EntryRows.HealthKind.COOLING, cooling.kind());
        assertEquals("cooling until 10:01:30", cooling.text());
        var disabled = row(all, mystery).health();
        assertEquals(EntryRows.HealthKind.DISABLED, disabled.kind());
        assertTrue(disabled.text().startsWith("disabled: HTTP 401: bad Bearer "), disabled.text());
        assertFalse(disabled.text().contains("test-key-alpha-0123456789"), disabled.text());
        var ok = row(all, other).health();
        assertEquals(EntryRows.HealthKind.OK, ok.kind());
        assertEquals("ok", ok.text());
    }

    @Test
    void aCooldownInThePastIsOk() {
        var h = new Health(gpt.id(), NOW.minusSeconds(1), null, 1, null, null);
        assertEquals(EntryRows.HealthKind.OK, rows.health(h, NOW).kind());
    }

    @Test
    void healthIsInChineseWhenTheWindowIs() {
        var zh = new EntryRows(Catalog.bundled(), Messages.of("zh", Locale.ENGLISH), ZoneOffset.UTC);
        var h = new Health(gpt.id(), NOW.plusSeconds(90), null, 1, null, null);
        assertEquals("冷却至 10:01:30", zh.health(h, NOW).text());
    }

    @Test
    void theLatestSpeedTestIsGreenMillisecondsOrARedCrossWithTheOutcome() {
        store.speedTests().add(new SpeedTestStore.Result(gpt.id(), NOW.minusSeconds(60), false, null, null,
                "transient", "old failure"));
        store.speedTests().add(new SpeedTestStore.Result(gpt.id(), NOW, true, 180L, 412L, "success", null));
        store.speedTests().add(new SpeedTestStore.Result(mystery.id(), NOW, false, null, null, "credential",
                "HTTP 401: invalid key"));

        var all = build(store.speedTests().latest());

        var ok = row(all, gpt).speed();
        assertEquals(EntryRows.SpeedKind.OK, ok.kind());
        assertEquals("412 ms", ok.text());
        assertEquals(412L, ok.ms());
        assertEquals("First token after 180 ms, 412 ms in all", ok.tooltip());
        var failed = row(all, mystery).speed();
        assertEquals(EntryRows.SpeedKind.FAILED, failed.kind());
        assertEquals("✗ credential", failed.text());
        assertEquals("HTTP 401: invalid key", failed.tooltip());
        assertEquals(EntryRows.SpeedCell.NONE, row(all, other).speed());
    }

    @Test
    void aResultArrivingFromARunningTestReadsLikeAStoredOne() {
        var r = new SpeedResult(gpt.id(), gpt.ref(), "relay", true, 90L, 250L, "success", null, NOW);
        assertEquals("250 ms", rows.speed(r).text());
        var bad = new SpeedResult(gpt.id(), gpt.ref(), "relay", false, null, null, "timeout", "too slow", NOW);
        assertEquals("✗ timeout", rows.speed(bad).text());
        assertEquals(EntryRows.SpeedKind.FAILED, rows.speed(bad).kind());
    }

    @Test
    void contextWindowsReadLikeTheCli() {
        assertEquals("200k", EntryRows.context(200_000));
        assertEquals("1M", EntryRows.context(1_000_000));
        assertEquals("1.05M", EntryRows.context(1_048_576));
        assertEquals("512", EntryRows.context(512));
        assertEquals("", EntryRows.context(null));
    }

    @Test
    void theFilterMatchesEveryWordInChannelModelAliasOrGroups() {
        var all = build(Map.of());
        assertEquals(2, EntryRows.filter(all, "gpt").size());
        assertEquals(1, EntryRows.filter(all, "GPT relay").size());
        assertEquals(1, EntryRows.filter(all, "fast").size());
        assertEquals(2, EntryRows.filter(all, "auto").size());
        assertEquals(0, EntryRows.filter(all, "gpt nowhere").size());
        assertEquals(3, EntryRows.filter(all, "  ").size());
    }

    @Test
    void editsGoToTheStore() {
        EntryRows.setAlias(store, mystery.id(), "house");
        assertEquals("house", store.entries().get("#" + mystery.id()).alias());
        EntryRows.setAlias(store, mystery.id(), " ");
        assertNull(store.entries().get("#" + mystery.id()).alias());

        EntryRows.setEnabled(store, gpt.id(), false);
        assertFalse(store.entries().get("#" + gpt.id()).enabled());

        EntryRows.remove(store, other.id());
        assertEquals(2, store.entries().list().size());
    }

    @Test
    void anAliasThatNamesAGroupIsRefusedWithTheStoresWords() {
        var e = assertThrows(StoreException.class, () -> EntryRows.setAlias(store, gpt.id(), "auto"));
        assertTrue(e.getMessage().contains("is the name of a group"), e.getMessage());
        assertEquals("fast", store.entries().get("#" + gpt.id()).alias());
    }

    @Test
    void turningAnEntryBackOnClearsWhatTheSystemSetOnIt() {
        store.health().save(new Health(gpt.id(), null, "HTTP 401", 1, null, null));
        EntryRows.setEnabled(store, gpt.id(), true);
        assertEquals(EntryRows.HealthKind.OK, row(build(Map.of()), gpt).health().kind());
    }

    @Test
    void theSpeedColumnSortsFastestFirstThenFailuresThenUntested() {
        var fast = new EntryRows.SpeedCell(EntryRows.SpeedKind.OK, "120 ms", 120L, null);
        var slow = new EntryRows.SpeedCell(EntryRows.SpeedKind.OK, "900 ms", 900L, null);
        var failed = new EntryRows.SpeedCell(EntryRows.SpeedKind.FAILED, "✗ timeout", null, "too slow");
        var running = rows.testing();
        var cells = new ArrayList<>(List.of(EntryRows.SpeedCell.NONE, failed, slow, running, fast));
        cells.sort(EntryRows.BY_SPEED);
        assertEquals(List.of(fast, slow, failed), cells.subList(0, 3));
        assertEquals(0, EntryRows.BY_SPEED.compare(EntryRows.SpeedCell.NONE, running), "neither has a result yet");

        var ok = new EntryRows.HealthCell(EntryRows.HealthKind.OK, "ok");
        var cooling = new EntryRows.HealthCell(EntryRows.HealthKind.COOLING, "cooling until 10:01:30");
        var disabled = new EntryRows.HealthCell(EntryRows.HealthKind.DISABLED, "disabled: HTTP 401");
        var health = new ArrayList<>(List.of(disabled, ok, cooling));
        health.sort(EntryRows.BY_HEALTH);
        assertEquals(List.of(ok, cooling, disabled), health);
    }

    @Test
    void theNextRedrawIsWhenTheFirstRunningCooldownEnds() {
        assertNull(EntryRows.nextExpiry(store.snapshot(), NOW), "nothing cooling");
        store.health().save(new Health(gpt.id(), NOW.plusSeconds(300), null, 1, null, null));
        store.health().save(new Health(mystery.id(), NOW.plusSeconds(90), null, 1, null, null));
        store.health().save(new Health(other.id(), NOW.minusSeconds(5), null, 1, null, null));
        assertEquals(NOW.plusSeconds(90), EntryRows.nextExpiry(store.snapshot(), NOW));
        assertEquals(NOW.plusSeconds(300), EntryRows.nextExpiry(store.snapshot(), NOW.plusSeconds(90)),
                "a cooldown that has ended is not waited for");
    }

    @Test
    void aMemberLineSaysItsPlaceAliasAndWhyRequestsSkipIt() {
        var snapshot = store.snapshot();
        var first = rows.member(gpt, 0, snapshot.health(gpt.id()), NOW);
        assertEquals("1.  relay/gpt-4o  (fast)", first.text());
        assertFalse(first.off());
        assertEquals(EntryRows.HealthKind.OK, first.health());

        var off = EntryRows.setEnabled(store, other.id(), false);
        var switchedOff = rows.member(off, 2, snapshot.health(other.id()), NOW);
        assertEquals("3.  spare/gpt-4o  — switched off", switchedOff.text());
        assertTrue(switchedOff.off());

        var cooling = rows.member(mystery, 1, new Health(mystery.id(), NOW.plusSeconds(90), null, 1, null, null),
                NOW);
        assertEquals("2.  relay/house-model-xyz  — cooling until 10:01:30", cooling.text());
        assertEquals(EntryRows.HealthKind.COOLING, cooling.health());
    }

    @Test
    void theCountAndTheTestButtonSayWhatTheyCover() {
        assertEquals("3 entries", rows.count(3, false, 3));
        assertEquals("1 of 3 entries", rows.count(3, true, 1));
        assertTrue(rows.count(0, false, 0).startsWith("No models yet"));

        assertEquals("Test all", rows.testLabel(0, false, 3));
        assertEquals("Test shown (1)", rows.testLabel(0, true, 1));
        assertEquals("Test selected (2)", rows.testLabel(2, true, 1), "a selection wins over the filter");
    }
}
