package dev.switchboard.ui;

import dev.switchboard.balance.Balance;
import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Health;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import dev.switchboard.upstream.UpstreamClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The channels tab without the display: rows built from a snapshot, the health words, and the actions (switch on
 * or off, delete, speed test) through the same stores and services the CLI's {@code channels} and {@code test}
 * commands use. Every method that touches the store or the network is meant to run off the event thread.
 */
final class ChannelsModel {
    /** The same bound as {@code switchboard test}'s default. */
    static final Duration TEST_BOUND = Duration.ofSeconds(60);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Store store;
    private final UpstreamClient upstream;
    private final Clock clock;
    private final Messages text;
    private final ZoneId zone;

    ChannelsModel(Store store, UpstreamClient upstream, Clock clock, Messages text, ZoneId zone) {
        this.store = store;
        this.upstream = upstream;
        this.clock = clock;
        this.text = text;
        this.zone = zone;
    }

    /** What one entry's health is, as the summary counts it. */
    enum State { OK, COOLING, DISABLED, OFF }

    /** Entries of one channel counted by state. */
    record HealthCounts(int ok, int cooling, int disabled, int off) {
        int total() {
            return ok + cooling + disabled + off;
        }
    }

    /**
     * One line of the table.
     *
     * @param keys    the keys masked, as the CLI lists them
     * @param balance the Balance column; null when the channel has no balance query
     */
    record Row(String name, ApiType type, String baseUrl, int models, HealthCounts health, String healthText,
               boolean enabled, List<String> keys, String proxy, List<String> withheldHeaders,
               boolean proxyWithheld, BalanceCell balance) {
        /** Imported without keys: disabled until it is given one (the store refuses to enable it before). */
        boolean needsKey() {
            return keys.isEmpty();
        }

        /** Imported without a key, header values or its proxy password: disabled until given them. */
        boolean needsSecrets() {
            return needsKey() || !withheldHeaders.isEmpty() || proxyWithheld;
        }
    }

    /**
     * The Balance column of a channel: the amount with its unit and how it stands, or the error of the last check
     * (the full reason in {@code tip}); {@code level} is null before the first check.
     */
    record BalanceCell(Balance.Level level, String text, String tip) {
    }

    /** The Balance cell of {@code c}; null when it has no balance query. */
    BalanceCell balance(Channel c, dev.switchboard.store.Settings settings) {
        if (c.balanceQuery() == null) {
            return null;
        }
        var b = c.balance();
        if (b == null) {
            return new BalanceCell(null, text.get("channels.balance.unchecked"), null);
        }
        var level = c.balanceLevel(settings);
        var checked = TIME.format(b.checkedAt().atZone(zone));
        if (level == Balance.Level.ERROR) {
            var why = Redaction.redact(b.error());
            return new BalanceCell(level, text.get("channels.balance.error"), text.get("channels.balance.errorTip",
                    why, checked));
        }
        var words = switch (level) {
            case LOW -> text.get("channels.balance.low", b.text());
            case EMPTY -> text.get("channels.balance.empty", b.text());
            default -> b.text();
        };
        return new BalanceCell(level, words, text.get("channels.balance.tip", checked));
    }

    /** Checks the channel's balance now and stores it, as {@code channels balance NAME} (network: off the EDT). */
    Channel checkBalance(String name) {
        return new BalanceCheck(store, upstream, clock).check(name);
    }

    /** What the row's channel lacks, in this language: {@code a key, the value of header X-Token}. */
    String missing(Row r) {
        var parts = new ArrayList<String>();
        if (r.needsKey()) {
            parts.add(text.get("channels.missing.key"));
        }
        r.withheldHeaders().forEach(h -> parts.add(text.get("channels.missing.header", h)));
        if (r.proxyWithheld()) {
            parts.add(text.get("channels.missing.proxy"));
        }
        return String.join(text.get("channels.missing.separator"), parts);
    }

    /** One entry of the selected channel, with its health in words and its latest test result, if any. */
    record EntryLine(long id, String model, String alias, boolean enabled, State state, String health,
                     Result result) {
    }

    /** A test result as shown: green milliseconds or a red cross with the reason. */
    record Result(boolean ok, String text) {
    }

    List<Row> rows(Snapshot snapshot) {
        var now = clock.instant();
        var out = new ArrayList<Row>();
        for (var c : snapshot.channels()) {
            var entries = entriesOf(snapshot, c);
            int ok = 0;
            int cooling = 0;
            int disabled = 0;
            int off = 0;
            for (var e : entries) {
                switch (state(e, snapshot.health(e.id()), now)) {
                    case OK -> ok++;
                    case COOLING -> cooling++;
                    case DISABLED -> disabled++;
                    default -> off++;
                }
            }
            var counts = new HealthCounts(ok, cooling, disabled, off);
            out.add(new Row(c.name(), c.type(), c.baseUrl(), entries.size(), counts, summary(counts), c.enabled(),
                    Masking.keys(c.keys()), Masking.proxy(c.proxy()), c.withheldHeaders(), c.proxyWithheld(),
                    balance(c, snapshot.settings())));
        }
        return out;
    }

    /** {@code 3 ok · 1 cooling · 1 disabled}; zero counts left out. */
    String summary(HealthCounts c) {
        if (c.total() == 0) {
            return text.get("channels.health.none");
        }
        var parts = new ArrayList<String>();
        if (c.ok() > 0) {
            parts.add(text.get("channels.health.ok", c.ok()));
        }
        if (c.cooling() > 0) {
            parts.add(text.get("channels.health.cooling", c.cooling()));
        }
        if (c.disabled() > 0) {
            parts.add(text.get("channels.health.disabled", c.disabled()));
        }
        if (c.off() > 0) {
            parts.add(text.get("channels.health.off", c.off()));
        }
        return String.join(" · ", parts);
    }

    static State state(Entry e, Health h, Instant now) {
        if (!e.enabled()) {
            return State.OFF;
        }
        if (h.systemDisabled()) {
            return State.DISABLED;
        }
        return h.coolingAt(now) ? State.COOLING : State.OK;
    }

    /** {@code ok}, {@code cooling until 14:03:22}, {@code disabled: reason}, or {@code switched off}. */
    String healthText(Entry e, Health h) {
        switch (state(e, h, clock.instant())) {
            case OFF:
                return text.get("channels.entry.off");
            case DISABLED:
                return text.get("channels.entry.disabled", Redaction.redact(h.disabledReason()));
            case COOLING:
                return text.get("channels.entry.cooling", TIME.format(h.cooldownUntil().atZone(zone)));
            default:
                return text.get("channels.entry.ok");
        }
    }

    /** The entries of {@code channel} with their health and latest result ({@code latest} by entry id). */
    List<EntryLine> entries(Snapshot snapshot, String channel, Map<Long, Result> latest) {
        var c = snapshot.channels().stream().filter(ch -> ch.name().equalsIgnoreCase(channel)).findFirst();
        if (c.isEmpty()) {
            return List.of();
        }
        var now = clock.instant();
        return entriesOf(snapshot, c.get()).stream().map(e -> {
            var h = snapshot.health(e.id());
            return new EntryLine(e.id(), e.model(), e.alias(), e.enabled(), state(e, h, now), healthText(e, h),
                    latest.get(e.id()));
        }).toList();
    }

    private static List<Entry> entriesOf(Snapshot snapshot, Channel c) {
        return snapshot.entries().stream().filter(e -> e.channelId() == c.id()).toList();
    }

    /** Every entry's latest stored result, as shown (a database read). */
    Map<Long, Result> latestResults() {
        var out = new java.util.HashMap<Long, Result>();
        store.speedTests().latest().forEach((id, r) -> out.put(id, result(r)));
        return out;
    }

    Result result(SpeedTestStore.Result r) {
        return shown(r.ok(), r.totalMs() != null ? r.totalMs() : r.ttftMs(), r.outcome(), r.message());
    }

    Result result(SpeedResult r) {
        return shown(r.ok(), r.totalMs() != null ? r.totalMs() : r.ttftMs(), r.outcome(), r.message());
    }

    private Result shown(boolean ok, Long ms, String outcome, String message) {
        if (ok) {
            return new Result(true, text.get("channels.test.ms", ms == null ? "-" : ms));
        }
        var why = message == null ? outcome : outcome + ": " + message;
        return new Result(false, "✗ " + Redaction.redact(why == null ? "" : why));
    }

    void setEnabled(String name, boolean enabled) {
        store.channels().setEnabled(name, enabled);
    }

    /** The confirmation question, saying how many models go with the channel. */
    String deleteQuestion(Snapshot snapshot, String name) {
        var c = snapshot.channels().stream().filter(ch -> ch.name().equalsIgnoreCase(name)).findFirst();
        int n = c.map(ch -> entriesOf(snapshot, ch).size()).orElse(0);
        return n == 1 ? text.get("channels.delete.one", name) : text.get("channels.delete.many", name, n);
    }

    /** Removes the channel with its entries (and their places in groups), as {@code channels remove}. */
    Channel delete(String name) {
        return store.channels().remove(name);
    }

    /** The entries a test of {@code name} covers: its enabled ones, as {@code switchboard test --channel}. */
    List<Entry> testEntries(String name) {
        return new SpeedCheck(store, upstream, clock).entries(Selection.channel(name));
    }

    /**
     * Runs the speed test of one channel; each result goes to {@code progress} as it comes (from the test's
     * threads), and the results are stored and counted for health as with the CLI.
     */
    List<SpeedResult> test(String name, Consumer<SpeedResult> progress) {
        return new SpeedCheck(store, upstream, clock).run(Selection.channel(name), progress, TEST_BOUND);
    }
}
