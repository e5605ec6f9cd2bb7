package dev.switchboard.ui;

import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedTest;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Models tab's "Test all" without Swing: which entries a click covers, and running {@link SpeedTest} over
 * them. Everything is {@link Selection#all()}, exactly as the CLI's {@code switchboard test} and the tray run it.
 * Rows the person selected are tested whatever their switch (naming an entry is asking, as in {@link Selection});
 * a filter covers the routable entries it shows, as "all" covers every routable one.
 */
final class SpeedRun {
    /** The CLI's default bound on a whole test. */
    static final Duration BOUND = Duration.ofSeconds(60);
    private static final int MAX_PARALLEL_CHANNELS = 8;
    private static final System.Logger LOG = System.getLogger(SpeedRun.class.getName());

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
    static List<Entry> plan(SpeedTest test, List<Entry> chosen) {
        return chosen == null ? test.entries(Selection.all()) : chosen;
    }

    /**
     * Tests {@code chosen} (null: everything). Like {@link SpeedTest#run}, channels run in parallel and one
     * channel's entries one after another, within one overall bound.
     *
     * @param progress told of each result as it comes, from the test's threads, one call at a time
     */
    static List<SpeedResult> run(SpeedTest test, List<Entry> chosen, Consumer<SpeedResult> progress,
                                 Duration bound) throws InterruptedException {
        if (chosen == null) {
            return test.run(Selection.all(), progress, bound);
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + bound.toNanos();
        var byChannel = new LinkedHashMap<Long, List<Entry>>();
        chosen.forEach(e -> byChannel.computeIfAbsent(e.channelId(), k -> new ArrayList<>()).add(e));
        var results = Collections.synchronizedList(new ArrayList<SpeedResult>());
        var n = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(Math.min(byChannel.size(), MAX_PARALLEL_CHANNELS), r -> {
            var t = new Thread(r, "switchboard-ui-speed-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<?>>();
            for (var entries : byChannel.values()) {
                futures.add(pool.submit(() -> {
                    for (var e : entries) {
                        // What is left of the bound: an entry whose turn comes after it is reported untested.
                        var left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                        try {
                            results.addAll(test.run(Selection.entry(EntryRows.ref(e.id())), progress, left));
                        } catch (RuntimeException ex) {
                            // Deleted meanwhile (the store says so): the channel's other entries still get tested.
                            LOG.log(System.Logger.Level.DEBUG, "Could not test " + e.ref(), ex);
                        }
                    }
                }));
            }
            for (var f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.log(System.Logger.Level.WARNING, "A speed test worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(results);
    }
}
