package dev.switchboard.ui;

import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.SpeedTestStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Models table's speed column without Swing: the latest stored result of each entry and, while a "Test all"
 * runs, that test's own cells over them (under way, then each fresh result) until it ends and its results are the
 * stored ones. No snapshot holds speed results, so the tab rereads them on every refresh; a reread that began
 * before a test ended may have missed the test's results and is dropped.
 */
final class SpeedCells {
    private final EntryRows presenter;
    private Map<Long, SpeedTestStore.Result> latest = Map.of();
    /** Cells of a test under way, over the stored results until the test ends. */
    private final Map<Long, EntryRows.SpeedCell> live = new HashMap<>();
    private boolean testing;
    private boolean reading;
    /** Bumped when a test's own results replace {@link #latest}: a reread started before then is stale. */
    private int generation;
    private int readStartedIn;

    SpeedCells(EntryRows presenter) {
        this.presenter = presenter;
    }

    /** Every entry's row, with the cell of a test under way where there is one. */
    List<EntryRows.Row> rows(Snapshot snapshot, Instant now) {
        var rows = presenter.rows(snapshot, latest, now);
        if (live.isEmpty()) {
            return rows;
        }
        return rows.stream().map(r -> live.containsKey(r.id()) ? r.withSpeed(live.get(r.id())) : r).toList();
    }

    /** One test at a time: the button is off while this is true. */
    boolean testing() {
        return testing;
    }

    void testStarting() {
        testing = true;
    }

    /** The test knows what it covers: each of those entries reads "testing…" until its result comes. */
    Map<Long, EntryRows.SpeedCell> planned(List<Entry> plan) {
        var cells = new HashMap<Long, EntryRows.SpeedCell>();
        plan.forEach(e -> cells.put(e.id(), presenter.testing()));
        live.putAll(cells);
        return cells;
    }

    /** One result of the running test, as its row shows it from now on. */
    EntryRows.SpeedCell arrived(SpeedResult r) {
        var cell = presenter.speed(r);
        live.put(r.entryId(), cell);
        return cell;
    }

    /** The test ended and {@code stored} holds its results: they replace the live cells. */
    void testEnded(Map<Long, SpeedTestStore.Result> stored) {
        testing = false;
        live.clear();
        latest = stored;
        generation++;
    }

    /** The test failed as a whole: the stored results show again. */
    void testFailed() {
        testing = false;
        live.clear();
    }

    /** Whether to start a reread of the stored results: not while one is still running. */
    boolean startReading() {
        if (reading) {
            return false;
        }
        reading = true;
        readStartedIn = generation;
        return true;
    }

    /** The reread's answer; true when it changed what the column shows (the rows must be rebuilt then). */
    boolean read(Map<Long, SpeedTestStore.Result> stored) {
        reading = false;
        if (readStartedIn != generation || stored.equals(latest)) {
            return false;
        }
        latest = stored;
        return true;
    }

    void readFailed() {
        reading = false;
    }
}
