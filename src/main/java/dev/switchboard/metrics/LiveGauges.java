package dev.switchboard.metrics;

import dev.switchboard.store.Channel;
import dev.switchboard.store.Snapshot;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The metrics that describe how things stand rather than what happened: computed at each scrape from what the
 * gateway holds in memory (the live snapshot with the health tracker's cooldowns and disables, the balances last
 * fetched, the usage recorder's drop count), never from the database and never kept between scrapes. So they are
 * always current, a deleted entry's series go with it, and a scrape costs a walk over the entries.
 *
 * <p>One snapshot is taken per scrape, so the per-entry gauges and the counts by state agree with each other.
 */
final class LiveGauges implements MultiCollector {
    static final String INFO = "switchboard_info";
    static final String ENTRIES = "switchboard_entries";
    static final String COOLDOWN = "switchboard_entry_cooldown_remaining_seconds";
    static final String SYSTEM_DISABLED = "switchboard_entry_system_disabled";
    static final String BALANCE = "switchboard_upstream_balance";
    static final String BALANCE_LIMIT = "switchboard_upstream_balance_limit";
    /** A counter, but kept by the recorder: read here rather than mirrored. */
    static final String DROPPED = "switchboard_usage_records_dropped";

    private final Supplier<Snapshot> snapshot;
    private final Clock clock;
    private final BalanceSource balances;
    private final LongSupplier dropped;
    private final String version;

    LiveGauges(Supplier<Snapshot> snapshot, Clock clock, BalanceSource balances, LongSupplier dropped, String version) {
        this.snapshot = Objects.requireNonNull(snapshot);
        this.clock = Objects.requireNonNull(clock);
        this.balances = Objects.requireNonNull(balances);
        this.dropped = Objects.requireNonNull(dropped);
        this.version = version == null ? "" : version;
    }

    @Override
    public MetricSnapshots collect() {
        var s = snapshot.get();
        var now = clock.instant();
        var out = new ArrayList<MetricSnapshot>();
        out.add(GaugeSnapshot.builder().name(INFO).help("Always 1; the running Switchboard's version as a label.")
                .dataPoint(gauge(1, "version", version)).build());

        var channels = new HashMap<Long, Channel>();
        s.channels().forEach(c -> channels.put(c.id(), c));
        var counts = new EnumMap<EntryState, Integer>(EntryState.class);
        for (var state : EntryState.values()) {
            counts.put(state, 0);
        }
        var cooldown = GaugeSnapshot.builder().name(COOLDOWN).help("Seconds until the entry's cooldown ends; 0 when"
                + " it is not cooling down. A cooling entry is tried only after every available one.");
        var disabled = GaugeSnapshot.builder().name(SYSTEM_DISABLED).help("1 when the system disabled the entry"
                + " after a credential failure (a rejected key, no quota): only the person re-enables it; else 0.");
        var seen = new HashSet<Labels>();
        for (var e : s.entries()) {
            var health = s.health(e.id());
            counts.merge(EntryState.of(e, channels.get(e.channelId()), health, now), 1, Integer::sum);
            var labels = Labels.of("channel", e.channelName(), "model", e.model());
            if (!seen.add(labels)) {
                continue; // one series per label set: a second one would make the whole scrape fail
            }
            double remaining = health.coolingAt(now)
                    ? Duration.between(now, health.cooldownUntil()).toMillis() / 1000.0 : 0;
            cooldown.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(remaining).build());
            disabled.dataPoint(GaugeDataPointSnapshot.builder().labels(labels)
                    .value(health.systemDisabled() ? 1 : 0).build());
        }
        var entries = GaugeSnapshot.builder().name(ENTRIES).help("Entries by where they stand for routing: available,"
                + " cooling_down, system_disabled, or unroutable (switched off by the person, or the channel lacks a"
                + " key). They add up to the number of entries.");
        counts.forEach((state, n) -> entries.dataPoint(gauge(n, "state", state.id())));
        out.add(entries.build());
        out.add(cooldown.build());
        out.add(disabled.build());

        addBalances(out);
        out.add(CounterSnapshot.builder().name(DROPPED).help("Finished requests the usage recorder could not keep up"
                        + " with and dropped: they are missing from the request log and from these counters.")
                .dataPoint(CounterDataPointSnapshot.builder().value(dropped.getAsLong()).build()).build());
        return new MetricSnapshots(out);
    }

    /** Only balances with a known remaining amount; none at all (not even the help lines) when none is known. */
    private void addBalances(List<MetricSnapshot> out) {
        var known = balances.balances();
        if (known == null || known.isEmpty()) {
            return;
        }
        var remaining = GaugeSnapshot.builder().name(BALANCE).help("What is left on the channel's upstream account,"
                + " in the unit the label names, as last fetched.");
        var limit = GaugeSnapshot.builder().name(BALANCE_LIMIT).help("The grant or limit the channel's balance is"
                + " part of, in the unit the label names, where the upstream says.");
        var seen = new HashSet<Labels>();
        boolean anyRemaining = false;
        boolean anyLimit = false;
        for (var b : known) {
            if (b == null || b.channel() == null || b.remaining() == null) {
                continue;
            }
            var labels = Labels.of("channel", b.channel(), "unit", b.unit() == null ? "" : b.unit());
            if (!seen.add(labels)) {
                continue;
            }
            remaining.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(b.remaining()).build());
            anyRemaining = true;
            if (b.total() != null) {
                limit.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(b.total()).build());
                anyLimit = true;
            }
        }
        if (anyRemaining) {
            out.add(remaining.build());
        }
        if (anyLimit) {
            out.add(limit.build());
        }
    }

    private static GaugeDataPointSnapshot gauge(double value, String label, String labelValue) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of(label, labelValue)).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(INFO, ENTRIES, COOLDOWN, SYSTEM_DISABLED, BALANCE, BALANCE_LIMIT, DROPPED);
    }
}
