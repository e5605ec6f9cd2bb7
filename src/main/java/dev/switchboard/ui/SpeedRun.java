package dev.switchboard.ui;

import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Models tab's "Test all" without Swing: which entries a click covers, and running {@link SpeedCheck} over
 * them. Everything is {@link Selection#all()}, exactly as the CLI's {@code switchboard test} and the tray run it.
 * Rows the person selected are tested whatever their switch (naming an entry is asking, as in {@link Selection});
 * a filter covers the routable entries it shows, as "all" covers every routable one.
 */
final class SpeedRun {
    /** The CLI's default bound on a whole test. */
    static final Duration BOUND = Duration.ofSeconds(60);

    private SpeedRun() {
    }

    /**
     * What a click on the test button covers: the selected entries, else the routable entries the filter shows,
     * else null for everything.
     */
    static List<Entry> chosen(Snapshot snapshot, List<Entry> visible, List<Long> selected, boolean filtered) {
        if (!selected.isEmpty()) {
            var ids = new HashSet<>(selected);
            return snapshot.entries().stream().filter(e -> ids.contains(e.id())).toList();
        }
        if (filtered) {
            var routable = new HashSet<Long>();
            snapshot.routableEntries().forEach(e -> routable.add(e.id()));
            return visible.stream().filter(e -> routable.contains(e.id())).toList();
        }
        return null;
    }

    /** The entries a run of {@code chosen} tests, in the order their results come. */
    static List<Entry> plan(SpeedCheck test, List<Entry> chosen) {
        return chosen == null ? test.entries(Selection.all()) : chosen;
    }

    /**
     * Tests {@code chosen} (null: everything), as {@link SpeedCheck#run} runs any selection: channels in parallel,
     * one channel's entries one after another, within one overall bound. An entry deleted meanwhile is left out.
     *
     * @param progress told of each result as it comes, from the test's threads, one call at a time
     */
    static List<SpeedResult> run(SpeedCheck test, List<Entry> chosen, Consumer<SpeedResult> progress,
                                 Duration bound) {
        if (chosen == null) {
            return test.run(Selection.all(), progress, bound);
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        return test.run(Selection.entries(chosen.stream().map(Entry::id).toList()), progress, bound);
    }
}
