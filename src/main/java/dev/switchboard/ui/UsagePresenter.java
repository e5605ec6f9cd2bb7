package dev.switchboard.ui;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.LoggedRequest;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.RequestFilter;
import dev.switchboard.store.RequestPage;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.usage.TrendPoint;
import dev.switchboard.usage.UsageBreakdown;
import dev.switchboard.usage.UsageRange;
import dev.switchboard.usage.UsageReport;
import dev.switchboard.usage.UsageStats;
import dev.switchboard.usage.UsageTotals;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The usage tab without Swing: which range and filter are chosen, the query they make, and every text the tab
 * shows (numbers, rates, tokens, times, outcomes, table rows). State is changed on the event thread; {@link #load}
 * runs in the background on a {@link Query} taken before, so the two never share anything mutable.
 */
final class UsagePresenter {
    /** Requests per page of the log. */
    static final int PAGE_SIZE = 100;
    /** Outcomes the filter offers (DESIGN §3 and the gateway's own): every one the log can hold but unknown. */
    static final List<LoggedOutcome> OUTCOMES = java.util.Arrays.stream(LoggedOutcome.values())
            .filter(o -> o != LoggedOutcome.UNKNOWN).toList();

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    /** The ranges the tab offers. */
    enum Span {
        TODAY(1),
        WEEK(7),
        MONTH(30),
        /** From one day to another, both whole days, as the person typed them. */
        CUSTOM(0);

        final int days;

        Span(int days) {
            this.days = days;
        }
    }

    /** What one load reads: taken on the event thread, used in the background. */
    record Query(UsageRange range, RequestFilter filter, int offset) {
    }

    /** One summary card: a caption, the big number, and a line under it. */
    record Card(String id, String caption, String value, String detail) {
    }

    /** An item of a filter's drop-down; {@code value} null means "any". */
    record Choice(String value, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** The outcome filter's value for "anything but success". */
    static final String FAILED = "\u0000failed";

    private final UsageStats stats;
    private final Messages text;
    private final Clock clock;
    private final ZoneId zone;
    private Span span = Span.TODAY;
    private LocalDate customFrom;
    private LocalDate customTo;
    private RequestFilter filter = RequestFilter.ALL;
    private int offset;

    UsagePresenter(UsageStats stats, Messages text, Clock clock, ZoneId zone) {
        this.stats = stats;
        this.text = text;
        this.clock = clock;
        this.zone = zone;
    }

    Span span() {
        return span;
    }

    /** A new range starts the log at its first page. */
    void span(Span span) {
        this.span = span;
        this.offset = 0;
    }

    /**
     * Chooses the days {@code from} to {@code to}, both included, given as {@code yyyy-MM-dd}; answers what is
     * wrong with them in words, or null when they were taken.
     */
    String custom(String from, String to) {
        LocalDate first;
        LocalDate last;
        try {
            first = LocalDate.parse(from.strip());
            last = LocalDate.parse(to.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return text.get("usage.range.custom.badDate");
        }
        if (last.isBefore(first)) {
            return text.get("usage.range.custom.order");
        }
        customFrom = first;
        customTo = last;
        span(Span.CUSTOM);
        return null;
    }

    RequestFilter filter() {
        return filter;
    }

    /** A new filter starts the log at its first page. */
    void filter(RequestFilter filter) {
        this.filter = filter;
        this.offset = 0;
    }

    int offset() {
        return offset;
    }

    void nextPage() {
        offset += PAGE_SIZE;
    }

    void previousPage() {
        offset = Math.max(0, offset - PAGE_SIZE);
    }

    /** The chosen range as of now: "today" moves on at midnight while the tab stays open. */
    Query query() {
        if (span == Span.CUSTOM && customFrom != null) {
            var range = new UsageRange(customFrom.atStartOfDay(zone).toInstant(),
                    customTo.plusDays(1).atStartOfDay(zone).toInstant(), zone);
            return new Query(range, filter, offset);
        }
        return new Query(UsageRange.lastDays(span == Span.CUSTOM ? 1 : span.days, clock, zone), filter, offset);
    }

    /** Reads everything for {@code q}; runs in the background. A page beyond the end falls back to the last one. */
    UsageReport load(Query q) {
        var report = stats.report(q.range(), q.filter(), PAGE_SIZE, q.offset());
        if (report.page().requests().isEmpty() && q.offset() > 0 && report.page().total() > 0) {
            int last = (int) ((report.page().total() - 1) / PAGE_SIZE) * PAGE_SIZE;
            report = stats.report(q.range(), q.filter(), PAGE_SIZE, last);
        }
        return report;
    }

    /** After a load: the offset the page really has (it may have fallen back). */
    void loaded(UsageReport report) {
        this.offset = report.page().offset();
    }

    String spanLabel(Span s) {
        return text.get("usage.range." + s.name().toLowerCase(Locale.ROOT));
    }

    // ---- filters ----

    /** Any, then the channels of the range by name (the chosen one kept even when the range has none of it). */
    List<Choice> channelChoices(UsageReport report) {
        return names(report.channels(), filter.channel(), text.get("usage.filter.anyChannel"));
    }

    List<Choice> modelChoices(UsageReport report) {
        return names(report.models(), filter.model(), text.get("usage.filter.anyModel"));
    }

    List<Choice> outcomeChoices() {
        var out = new ArrayList<Choice>();
        out.add(new Choice(null, text.get("usage.filter.anyOutcome")));
        out.add(new Choice(FAILED, text.get("usage.filter.failed")));
        for (var o : OUTCOMES) {
            out.add(new Choice(o.id(), outcome(o)));
        }
        return out;
    }

    /** The filter the three drop-downs make. */
    static RequestFilter filterOf(Choice channel, Choice model, Choice outcome) {
        var o = outcome == null ? null : outcome.value();
        return new RequestFilter(channel == null ? null : channel.value(), model == null ? null : model.value(),
                o == null || FAILED.equals(o) ? null : LoggedOutcome.of(o), FAILED.equals(o));
    }

    private static List<Choice> names(List<UsageBreakdown> rows, String chosen, String any) {
        var names = new java.util.TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
        for (var b : rows) {
            if (b.name() != null) {
                names.add(b.name());
            }
        }
        if (chosen != null) {
            names.add(chosen);
        }
        var out = new ArrayList<Choice>();
        out.add(new Choice(null, any));
        for (var n : names) {
            out.add(new Choice(n, n));
        }
        return out;
    }

    // ---- summary ----

    List<Card> cards(UsageTotals t) {
        var tokens = t.tokens();
        return List.of(
                new Card("requests", text.get("usage.card.requests"), count(t.requests()),
                        text.get("usage.card.requests.detail", count(t.failures()))),
                new Card("success", text.get("usage.card.success"), percent(t.successRate()),
                        text.get("usage.card.success.detail", count(t.successes()), count(t.requests()))),
                new Card("input", text.get("usage.card.input"), tokens(tokens.input()),
                        text.get("usage.card.input.detail", count(tokens.input()))),
                new Card("output", text.get("usage.card.output"), tokens(tokens.output()),
                        text.get("usage.card.output.detail", compact(tokens.reasoning()))),
                new Card("cache", text.get("usage.card.cache"),
                        compact(tokens.cacheRead()) + " / " + compact(tokens.cacheWrite()),
                        text.get("usage.card.cache.detail",
                                percent(tokens.input() == 0 ? null : (double) tokens.cacheRead() / tokens.input()))));
    }

    // ---- tables ----

    /** Pairs share a column (in / out, first byte / total) so that two tables fit side by side. */
    List<String> breakdownColumns(boolean channels) {
        return List.of(text.get(channels ? "usage.col.channel" : "usage.col.model"), text.get("usage.col.requests"),
                text.get("usage.col.success"), text.get("usage.col.inOut"), text.get("usage.col.cacheRead"),
                text.get("usage.col.latency"), text.get("usage.col.tries"));
    }

    List<List<String>> breakdownRows(List<UsageBreakdown> rows) {
        var out = new ArrayList<List<String>>();
        for (var b : rows) {
            out.add(List.of(b.name() == null ? text.get("usage.none") : b.name(), count(b.requests()),
                    percent(b.successRate()), compact(b.tokens().input()) + " / " + compact(b.tokens().output()),
                    compact(b.tokens().cacheRead()),
                    b.avgTtfbMs() == null ? "—" : millis(b.avgTtfbMs()) + " / " + millis(b.avgTotalMs()),
                    b.failedAttempts() == 0 ? count(b.attempts())
                            : text.get("usage.tries.failed", count(b.attempts()), count(b.failedAttempts()))));
        }
        return out;
    }

    List<String> requestColumns() {
        return List.of(text.get("usage.col.time"), text.get("usage.col.client"), text.get("usage.col.requested"),
                text.get("usage.col.channel"), text.get("usage.col.model"), text.get("usage.col.outcome"),
                text.get("usage.col.status"), text.get("usage.col.tries"), text.get("usage.col.ttfb"),
                text.get("usage.col.total"), text.get("usage.col.input"), text.get("usage.col.output"),
                text.get("usage.col.chosenBy"));
    }

    /** Column {@code col} of {@link #requestColumns()} for one request. */
    String requestCell(LoggedRequest request, int col) {
        var r = request.record();
        switch (col) {
            case 0:
                return time(r.startedAt());
            case 1:
                return r.clientProtocol() + (r.stream() ? " · " + text.get("usage.stream") : "");
            case 2:
                return dash(r.requestedModel());
            case 3:
                return dash(r.channelName());
            case 4:
                return dash(r.upstreamModel());
            case 5:
                return outcome(r.outcome());
            case 6:
                return r.status() == null ? "—" : String.valueOf(r.status());
            case 7:
                return String.valueOf(r.attempts().size());
            case 8:
                return millis(r.ttfbMs());
            case 9:
                return millis(r.totalMs());
            case 10:
                return r.tokens().input() == null ? "—" : compact(r.tokens().input());
            case 11:
                return r.tokens().output() == null ? "—" : compact(r.tokens().output());
            case 12:
                return dash(r.chosenBy());
            default:
                throw new IndexOutOfBoundsException(col);
        }
    }

    List<String> attemptColumns() {
        return List.of("#", text.get("usage.col.channel"), text.get("usage.col.model"), text.get("usage.col.key"),
                text.get("usage.col.status"), text.get("usage.col.outcome"), text.get("usage.col.ttfb"),
                text.get("usage.col.total"), text.get("usage.col.error"));
    }

    /** Which entries a request tried, in order, and why each one failed. Errors are redacted once more here. */
    List<List<String>> attemptRows(LoggedRequest request) {
        var out = new ArrayList<List<String>>();
        int n = 1;
        for (UsageRecord.Attempt a : request.record().attempts()) {
            out.add(List.of(String.valueOf(n++), dash(a.channelName()), dash(a.upstreamModel()),
                    a.keyIndex() == null ? "—" : "#" + (a.keyIndex() + 1),
                    a.status() == null ? "—" : String.valueOf(a.status()), outcome(a.outcome()), millis(a.ttfbMs()),
                    millis(a.totalMs()), a.error() == null ? "" : Redaction.redact(a.error())));
        }
        return out;
    }

    /** The line under the attempts: what the client was told, redacted. */
    String requestSummary(LoggedRequest request) {
        var r = request.record();
        var when = r.startedAt().atZone(zone).format(DATE_TIME);
        var head = text.get("usage.detail", when, dash(r.requestedModel()), outcome(r.outcome()));
        if (r.chosenBy() != null) {
            // which scene rule, pinned group or model-name tier chose the candidates tried
            head = text.get("usage.detail.chosenBy", head, r.chosenBy());
        }
        return r.error() == null ? head : head + " — " + Redaction.redact(r.error());
    }

    String pageText(RequestPage page) {
        if (page.total() == 0) {
            return text.get("usage.page.empty");
        }
        return text.get("usage.page", count(page.offset() + 1L), count(page.offset() + (long) page.requests().size()),
                count(page.total()));
    }

    /** The x-axis label of one trend bucket. */
    String bucketLabel(TrendPoint p, UsageRange.Granularity g) {
        return p.start().atZone(zone).format(g == UsageRange.Granularity.HOUR ? HOUR : DAY);
    }

    // ---- formatting ----

    /** {@code 0.985} → {@code 98.5 %}; whole numbers without decimals; no rate at all → a dash. */
    static String percent(Double rate) {
        if (rate == null) {
            return "—";
        }
        return trimZero(String.format(Locale.ROOT, "%.1f", rate * 100)) + " %";
    }

    /** {@code 12345} → {@code 12.3k}; under a thousand as is. */
    static String compact(long n) {
        if (n < 0) {
            return "-" + compact(-n);
        }
        if (n < 1000) {
            return String.valueOf(n);
        }
        String[] units = {"k", "M", "B", "T"};
        double v = n;
        for (var unit : units) {
            v /= 1000;
            // Promote when rounding would print 1000.0k
            if (Math.round(v * 10) < 10_000 || unit.equals("T")) {
                return trimZero(String.format(Locale.ROOT, "%.1f", v)) + unit;
            }
        }
        throw new AssertionError();
    }

    /** {@code 12.3k tokens} in the window's language. */
    String tokens(long n) {
        return text.get("usage.tokens", compact(n));
    }

    /** A count with thousands separated: {@code 1,234}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 310 ms}, {@code 2.4 s}; unknown → a dash. */
    static String millis(Number ms) {
        if (ms == null) {
            return "—";
        }
        double v = ms.doubleValue();
        if (v < 1000) {
            return Math.round(v) + " ms";
        }
        return trimZero(String.format(Locale.ROOT, "%.1f", v / 1000)) + " s";
    }

    /** A request's time: the clock time for today, with the date for older ones. */
    String time(Instant at) {
        var local = at.atZone(zone);
        return local.toLocalDate().equals(LocalDate.ofInstant(clock.instant(), zone)) ? local.format(CLOCK_TIME)
                : local.format(DATE_TIME);
    }

    String outcome(LoggedOutcome outcome) {
        if (outcome == null) {
            return "—";
        }
        var key = "usage.outcome." + outcome.id();
        return text.has(key) ? text.get(key) : outcome.id();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    private static String trimZero(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
