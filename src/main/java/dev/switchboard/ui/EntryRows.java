package dev.switchboard.ui;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.catalog.ModelFacts;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Models tab without Swing: one row per entry with its channel, groups, health, last speed-test result and
 * the catalog's facts about its model, the columns' sort orders, the text filter and the words around the table,
 * an entry's line in a group's member list, and the edits (alias, switch, removal) through the same
 * {@code EntryStore} calls the CLI's {@code entries} command makes. Entries are addressed as {@code #id}, the
 * one reference that a rename or a duplicate model name cannot make ambiguous.
 */
final class EntryRows {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Catalog catalog;
    private final Messages text;
    private final ZoneId zone;
    /** Catalog lookups are fuzzy and the table is rebuilt on every health change: each model is looked up once. */
    private final Map<String, Optional<ModelFacts>> facts = new HashMap<>();

    EntryRows(Catalog catalog, Messages text, ZoneId zone) {
        this.catalog = catalog;
        this.text = text;
        this.zone = zone;
    }

    /** The health cell: what the gateway will do with the entry right now. */
    enum HealthKind { OK, COOLING, DISABLED }

    record HealthCell(HealthKind kind, String text) {
    }

    /** The health column's order: ok, then cooling, then disabled. */
    static final Comparator<HealthCell> BY_HEALTH = Comparator.comparing(HealthCell::kind);

    /** The speed cell: green milliseconds, red ✗ and the outcome, or nothing when never tested. */
    enum SpeedKind { NONE, OK, FAILED, RUNNING }

    /**
     * @param ms      total time of a successful test, for sorting; null otherwise
     * @param tooltip the details (time to first token, the upstream's message), or null
     */
    record SpeedCell(SpeedKind kind, String text, Long ms, String tooltip) {
        static final SpeedCell NONE = new SpeedCell(SpeedKind.NONE, "", null, null);
    }

    /** The speed column's order: fastest first, then failures, then untested (and those under way). */
    static final Comparator<SpeedCell> BY_SPEED = Comparator.comparingLong(s -> s.ms() != null ? s.ms()
            : s.kind() == SpeedKind.FAILED ? Long.MAX_VALUE - 1 : Long.MAX_VALUE);

    /**
     * One line of the table.
     *
     * @param groups   the groups the entry is in, with its 1-based place in each ("auto #2, fast #1")
     * @param facts    the catalog's facts about the model, or null when the catalog does not know it
     * @param released the release date, or "" when unknown
     * @param context  the context window ("200k"), or "" when unknown
     */
    record Row(Entry entry, String groups, HealthCell health, SpeedCell speed, ModelFacts facts, String released,
               String context) {
        long id() {
            return entry.id();
        }

        boolean vision() {
            return facts != null && facts.input().contains("image");
        }

        boolean tools() {
            return facts != null && facts.tools();
        }

        boolean reasoning() {
            return facts != null && facts.reasoning();
        }

        Row withSpeed(SpeedCell cell) {
            return new Row(entry, groups, health, cell, facts, released, context);
        }
    }

    /** Every entry of {@code snapshot}, in its order (by channel, then model). */
    List<Row> rows(Snapshot snapshot, Map<Long, SpeedTestStore.Result> latest, Instant now) {
        var places = new HashMap<Long, List<String>>();
        for (Group g : snapshot.groups()) {
            var ids = g.memberIds();
            for (int i = 0; i < ids.size(); i++) {
                places.computeIfAbsent(ids.get(i), k -> new ArrayList<>()).add(g.name() + " #" + (i + 1));
            }
        }
        var out = new ArrayList<Row>(snapshot.entries().size());
        for (var e : snapshot.entries()) {
            var f = facts.computeIfAbsent(e.model(), catalog::lookup).orElse(null);
            var r = latest.get(e.id());
            out.add(new Row(e, String.join(", ", places.getOrDefault(e.id(), List.of())),
                    health(snapshot.health(e.id()), now), r == null ? SpeedCell.NONE : speed(r), f,
                    f == null ? "" : f.released().toString(), f == null ? "" : context(f.context())));
        }
        return out;
    }

    /** "ok", "cooling until 14:03:12" (the desktop's time), or "disabled: why" (redacted: never a key). */
    HealthCell health(Health h, Instant now) {
        if (h.systemDisabled()) {
            return new HealthCell(HealthKind.DISABLED,
                    text.get("models.health.disabled", Redaction.redact(h.disabledReason())));
        }
        if (h.coolingAt(now)) {
            return new HealthCell(HealthKind.COOLING,
                    text.get("models.health.cooling", CLOCK.format(h.cooldownUntil().atZone(zone))));
        }
        return new HealthCell(HealthKind.OK, text.get("models.health.ok"));
    }

    /**
     * When the first cooldown under way at {@code now} ends, or null when none is: a cooldown ends without any
     * change to announce it, so the tab redraws itself then.
     */
    static Instant nextExpiry(Snapshot snapshot, Instant now) {
        return snapshot.health().values().stream().filter(h -> h.coolingAt(now)).map(Health::cooldownUntil)
                .min(Instant::compareTo).orElse(null);
    }

    /**
     * One line of a group's member list.
     *
     * @param off    the person switched the entry off
     * @param health what the gateway does with it now (shown in its colour when it is not ok)
     */
    record MemberLine(String text, boolean off, HealthKind health) {
    }

    /** "1.  relay/gpt-4o  (alias)" at {@code index} (0-based), then why requests skip it when they do. */
    MemberLine member(Entry e, int index, Health h, Instant now) {
        var cell = health(h, now);
        var line = (index + 1) + ".  " + e.ref() + (e.alias() == null ? "" : "  (" + e.alias() + ")");
        if (!e.enabled()) {
            line += "  — " + text.get("models.member.off");
        } else if (cell.kind() != HealthKind.OK) {
            line += "  — " + cell.text();
        }
        return new MemberLine(line, !e.enabled(), cell.kind());
    }

    /** A stored result, as the table shows it after a reload. */
    SpeedCell speed(SpeedTestStore.Result r) {
        return speed(r.ok(), r.ttftMs(), r.totalMs(), r.outcome(), r.message());
    }

    /** A result that just arrived from a running test. */
    SpeedCell speed(SpeedResult r) {
        return speed(r.ok(), r.ttftMs(), r.totalMs(), r.outcome(), r.message());
    }

    /** The cell of an entry whose test is under way. */
    SpeedCell testing() {
        return new SpeedCell(SpeedKind.RUNNING, text.get("models.speed.running"), null, null);
    }

    private SpeedCell speed(boolean ok, Long ttftMs, Long totalMs, String outcome, String message) {
        if (ok) {
            // The CLI's result column shows the total time too: what a client waits for a short answer.
            var total = totalMs != null ? totalMs : ttftMs;
            return new SpeedCell(SpeedKind.OK, total == null ? "✓" : total + " ms", total,
                    text.get("models.speed.tooltip", ms(ttftMs), ms(totalMs)));
        }
        return new SpeedCell(SpeedKind.FAILED, "✗ " + outcome, null,
                message == null ? outcome : Redaction.redact(message));
    }

    private static String ms(Long ms) {
        return ms == null ? "-" : ms + " ms";
    }

    /** "200k", "1M", "1.05M", like the CLI's {@code channels models} ("200k context"). */
    static String context(Integer tokens) {
        if (tokens == null) {
            return "";
        }
        if (tokens >= 1_000_000) {
            var m = String.format(Locale.ROOT, "%.2f", tokens / 1_000_000.0).replaceAll("\\.?0+$", "");
            return m + "M";
        }
        if (tokens >= 1000) {
            return tokens / 1000 + "k";
        }
        return String.valueOf(tokens);
    }

    /**
     * Whether a row matches the filter box: every word of {@code filter} appears in its channel, model, alias,
     * groups, health or catalog name (case-insensitive). A blank filter matches everything.
     */
    static boolean matches(Row row, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        var e = row.entry();
        var hay = String.join("\n", e.channelName(), e.model(), e.alias() == null ? "" : e.alias(), row.groups(),
                row.health().text(), row.facts() == null ? "" : row.facts().name()).toLowerCase(Locale.ROOT);
        for (var word : filter.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
            if (!hay.contains(word)) {
                return false;
            }
        }
        return true;
    }

    static List<Row> filter(List<Row> rows, String filter) {
        return rows.stream().filter(r -> matches(r, filter)).toList();
    }

    /** The line beside the filter: how many entries there are, and how many of them it shows. */
    String count(int all, boolean filtered, int shown) {
        return all == 0 ? text.get("models.empty")
                : filtered ? text.get("models.countShown", shown, all) : text.get("models.count", all);
    }

    /** The test button says what a click covers: the selected rows, else those the filter shows, else all. */
    String testLabel(int selected, boolean filtered, int shown) {
        return selected > 0 ? text.get("models.test.selected", selected)
                : filtered ? text.get("models.test.shown", shown) : text.get("models.test.all");
    }

    // ---- edits, through the same store calls as `switchboard entries …`

    /** Sets the alias, or clears it when blank; the store refuses an alias that names a group. */
    static Entry setAlias(Store store, long entryId, String alias) {
        return store.entries().setAlias(ref(entryId), alias);
    }

    /** The person's switch; turning it on also clears a system disable and a cooldown ("try it again"). */
    static Entry setEnabled(Store store, long entryId, boolean enabled) {
        return store.entries().setEnabled(ref(entryId), enabled);
    }

    static Entry remove(Store store, long entryId) {
        return store.entries().remove(ref(entryId));
    }

    static String ref(long entryId) {
        return "#" + entryId;
    }
}
