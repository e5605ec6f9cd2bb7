package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Entry;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Models table's speed column during and between tests, without a display. */
class SpeedCellsTest {
    static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private SpeedCells speeds;
    private Entry a;
    private Entry b;

    @BeforeEach
    void open() {
        store = Store.open(dir, Database.Check.QUICK, Clock.fixed(NOW, ZoneOffset.UTC));
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "http://127.0.0.1:9/v1",
                List.of("test-key-alpha")));
        a = store.entries().add("relay", "model-a", null, true);
        b = store.entries().add("relay", "model-b", null, true);
        speeds = new SpeedCells(new EntryRows(Catalog.bundled(), Messages.of("en", Locale.ENGLISH),
                ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String shown(Entry e) {
        return speeds.rows(store.snapshot(), NOW).stream().filter(r -> r.id() == e.id()).findFirst().orElseThrow()
                .speed().text();
    }

    private static SpeedTestStore.Result stored(Entry e, long totalMs) {
        return new SpeedTestStore.Result(e.id(), NOW, true, totalMs / 2, totalMs, "success", null);
    }

    private static SpeedResult result(Entry e, long totalMs) {
        return new SpeedResult(e.id(), e.ref(), "relay", true, totalMs / 2, totalMs, "success", null, NOW);
    }

    @Test
    void aRereadShowsNewStoredResultsAndAnUnchangedOneAsksForNoRebuild() {
        assertEquals("", shown(a), "never tested");

        assertTrue(speeds.startReading());
        assertTrue(speeds.read(Map.of(a.id(), stored(a, 400))), "the column changed");
        assertEquals("400 ms", shown(a));

        assertTrue(speeds.startReading());
        assertFalse(speeds.read(Map.of(a.id(), stored(a, 400))), "the same results: nothing to rebuild");
    }

    @Test
    void oneRereadAtATime() {
        assertTrue(speeds.startReading());
        assertFalse(speeds.startReading(), "the first is still running");
        speeds.readFailed();
        assertTrue(speeds.startReading(), "a failed reread does not block the next");
    }

    @Test
    void aRunningTestShowsItsOwnCellsOverTheStoredOnesUntilItEnds() {
        speeds.startReading();
        speeds.read(Map.of(a.id(), stored(a, 400), b.id(), stored(b, 800)));

        speeds.testStarting();
        assertTrue(speeds.testing());
        var planned = speeds.planned(List.of(a, b));
        assertEquals("testing…", planned.get(a.id()).text());
        assertEquals("testing…", shown(a));

        var cell = speeds.arrived(result(a, 250));
        assertEquals("250 ms", cell.text());
        assertEquals("250 ms", shown(a));
        assertEquals("testing…", shown(b), "its result has not come yet");

        speeds.testEnded(Map.of(a.id(), stored(a, 250), b.id(), stored(b, 300)));
        assertFalse(speeds.testing());
        assertEquals("250 ms", shown(a));
        assertEquals("300 ms", shown(b), "the stored results are the test's now");
    }

    @Test
    void aFailedTestShowsTheStoredResultsAgain() {
        speeds.startReading();
        speeds.read(Map.of(a.id(), stored(a, 400)));
        speeds.testStarting();
        speeds.planned(List.of(a));

        speeds.testFailed();

        assertFalse(speeds.testing());
        assertEquals("400 ms", shown(a));
    }

    @Test
    void aRereadThatBeganBeforeATestEndedIsDropped() {
        assertTrue(speeds.startReading()); // began before the test's results were stored
        speeds.testStarting();
        speeds.testEnded(Map.of(a.id(), stored(a, 250)));

        assertFalse(speeds.read(Map.of()), "stale: it may have missed the test's results");
        assertEquals("250 ms", shown(a));
        assertTrue(speeds.startReading(), "and the next one is taken again");
        assertTrue(speeds.read(Map.of(a.id(), stored(a, 260))));
    }
}
