package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.usage.TokenSums;
import dev.switchboard.usage.UsageBreakdown;
import dev.switchboard.usage.UsageRange;
import dev.switchboard.usage.UsageStats;
import dev.switchboard.usage.UsageTotals;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard usage}: requests and tokens over a range, in all, per channel and per model: the numbers of
 * the window's Usage tab, from the same queries ({@link UsageStats}).
 */
@Command(name = "usage", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = {"Show requests and tokens over a range: in all, per channel and per model.",
                "The range is the last 24 hours unless --last, --since or --until says otherwise."})
final class UsageCommand implements Callable<Integer> {
    private static final Pattern LAST = Pattern.compile("(\\d{1,4})([hd])");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @ParentCommand
    RootCommand root;

    @Option(names = "--last", paramLabel = "SPAN", description = "The span up to now: 24h, 7d, 30d (any hours or"
            + " days).")
    String last;

    @Option(names = "--since", paramLabel = "TIME", description = "From: 2025-01-15, 2025-01-15T09:30 (local time)"
            + " or 2025-01-15T09:30:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to (not including), as --since; default now.")
    String until;

    @Option(names = "--by", paramLabel = "channel|model", description = "Show only this breakdown (default: both).")
    String by;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        var zone = root.env.clock().getZone();
        var range = range(zone);
        var breakdowns = by == null ? List.of("channel", "model") : List.of(by.strip().toLowerCase(Locale.ROOT));
        if (!List.of("channel", "model").containsAll(breakdowns)) {
            throw new Main.UsageException("--by takes channel or model, not '" + Views.text(by) + "'.");
        }
        try (var store = root.openStore()) {
            var stats = UsageStats.of(store);
            // one report: totals and breakdowns read in one transaction, so that they agree
            var report = stats.report(range, dev.switchboard.store.RequestFilter.ALL, 1, 0);
            var channels = breakdowns.contains("channel") ? report.channels() : null;
            var models = breakdowns.contains("model") ? report.models() : null;
            var out = root.env.out();
            if (json) {
                var n = Json.object();
                n.put("from", range.from().toString());
                n.put("to", range.to().toString());
                n.set("totals", totalsJson(report.totals()));
                if (channels != null) {
                    var a = n.putArray("channels");
                    channels.forEach(b -> a.add(breakdownJson(b)));
                }
                if (models != null) {
                    var a = n.putArray("models");
                    models.forEach(b -> a.add(breakdownJson(b)));
                }
                Json.print(out, n);
                return Main.OK;
            }
            var t = report.totals();
            out.println("Usage from " + SHOWN.format(range.from().atZone(zone)) + " to "
                    + SHOWN.format(range.to().atZone(zone)) + " (" + zone.getId() + ")");
            out.println("requests:  " + t.requests() + (t.requests() == 0 ? "" : " (" + t.successes() + " ok, "
                    + t.failures() + " failed, " + percent(t.successRate()) + " success)"));
            out.println("tokens:    " + tokens(t.tokens()));
            if (channels != null) {
                out.println();
                table("CHANNEL", channels, "(no channel)").print(out);
            }
            if (models != null) {
                out.println();
                table("MODEL", models, "(no model)").print(out);
            }
            out.flush();
            return Main.OK;
        }
    }

    /** [from, to) from the options, in {@code zone}; an unclear or empty range is a usage error saying why. */
    UsageRange range(ZoneId zone) {
        var now = root.env.clock().instant();
        if (last != null && (since != null || until != null)) {
            throw new Main.UsageException("--last counts back from now: give it alone, or --since/--until.");
        }
        Instant from;
        Instant to = until == null ? now : time("--until", until, zone);
        if (last != null) {
            var m = LAST.matcher(last.strip().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new Main.UsageException("--last takes hours or days, such as 24h, 7d or 30d; not '"
                        + Views.text(last) + "'.");
            }
            long n = Long.parseLong(m.group(1));
            from = now.minus(m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n));
        } else if (since != null) {
            from = time("--since", since, zone);
        } else {
            from = to.minus(Duration.ofHours(24));
        }
        if (!to.isAfter(from)) {
            throw new Main.UsageException("The range ends before it starts (" + from + " .. " + to + ").");
        }
        return new UsageRange(from, to, zone);
    }

    /** A date (its local midnight), a local date and time, or an instant with its offset. */
    static Instant time(String option, String text, ZoneId zone) {
        var s = text.strip();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Main.UsageException(option + " takes a date or a time, such as 2025-01-15 or"
                    + " 2025-01-15T09:30; not '" + Views.text(text) + "'.");
        }
    }

    private static Table table(String what, List<UsageBreakdown> rows, String none) {
        var table = new Table(what, "REQUESTS", "OK", "SUCCESS", "TOKENS IN", "TOKENS OUT", "AVG MS", "TRIES",
                "FAILED");
        for (var b : rows) {
            // names are cut so that the table keeps within the CLI's width: the numbers matter more
            table.row(cut(b.name() == null ? none : b.name(), 28), b.requests(), b.successes(),
                    percent(b.successRate()), b.tokens().input(), b.tokens().output(),
                    b.avgTotalMs() == null ? "-" : Math.round(b.avgTotalMs()), b.attempts(), b.failedAttempts());
        }
        if (rows.isEmpty()) {
            table.row("(none)", 0, 0, "-", 0, 0, "-", 0, 0);
        }
        return table;
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : Math.round(rate * 100) + "%";
    }

    private static String tokens(TokenSums t) {
        return "in " + t.input() + ", out " + t.output() + ", cache read " + t.cacheRead() + ", cache write "
                + t.cacheWrite() + ", reasoning " + t.reasoning();
    }

    private static ObjectNode totalsJson(UsageTotals t) {
        var n = Json.object();
        n.put("requests", t.requests());
        n.put("successes", t.successes());
        n.put("failures", t.failures());
        n.set("tokens", tokensJson(t.tokens()));
        return n;
    }

    private static ObjectNode breakdownJson(UsageBreakdown b) {
        var n = Json.object();
        n.put("name", b.name());
        n.put("requests", b.requests());
        n.put("successes", b.successes());
        n.set("tokens", tokensJson(b.tokens()));
        n.put("avgTtfbMs", b.avgTtfbMs() == null ? null : Math.round(b.avgTtfbMs()));
        n.put("avgTotalMs", b.avgTotalMs() == null ? null : Math.round(b.avgTotalMs()));
        n.put("attempts", b.attempts());
        n.put("failedAttempts", b.failedAttempts());
        return n;
    }

    private static ObjectNode tokensJson(TokenSums t) {
        var n = Mappers.JSON.createObjectNode();
        n.put("input", t.input());
        n.put("output", t.output());
        n.put("cacheRead", t.cacheRead());
        n.put("cacheWrite", t.cacheWrite());
        n.put("reasoning", t.reasoning());
        return n;
    }
}
