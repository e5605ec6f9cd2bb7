package dev.switchboard.usage;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Database;
import dev.switchboard.store.RequestFilter;
import dev.switchboard.store.RequestPage;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Statistics over the request log: totals, per channel and per model, the trend and pages of the log itself.
 * Read-only. Everything is summed by SQLite ({@code GROUP BY} over the {@code started_at} index), so a long
 * history costs one index range scan, never rows copied into Java. The log's rows themselves (a page of requests
 * with their attempts) are read by {@link UsageStore#page}, which owns the log's columns.
 *
 * <p>Where a request "is" is where it ended: {@code request_log.channel_name} names the channel whose reply the
 * client got (none for a request nobody could serve). The attempts add what the requests hide: tries of a channel
 * that failed before another one answered.
 */
public final class UsageStats {
    private static final String RANGE = "started_at >= ? AND started_at < ?";
    private static final String SUCCESS = "outcome = '" + LoggedOutcome.SUCCESS.id() + "'";
    private static final String TOKEN_SUMS = "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
            + " coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),"
            + " coalesce(sum(reasoning_tokens), 0)";

    private final Database db;

    public UsageStats(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public static UsageStats of(Store store) {
        return new UsageStats(store.database());
    }

    /** Totals, breakdowns, trend and one page of the log, consistent with each other (one read transaction). */
    public UsageReport report(UsageRange range, RequestFilter filter, int limit, int offset) {
        return db.read(c -> new UsageReport(range, totals(c, range), channels(c, range), models(c, range),
                trend(c, range), UsageStore.page(c, range.from(), range.to(), filter, limit, offset)));
    }

    public UsageTotals totals(UsageRange range) {
        return db.read(c -> totals(c, range));
    }

    /** Per channel, busiest first; requests that reached no channel are one row named null. */
    public List<UsageBreakdown> channels(UsageRange range) {
        return db.read(c -> channels(c, range));
    }

    /** Per model (the upstream model that served, else the one requested), busiest first. */
    public List<UsageBreakdown> models(UsageRange range) {
        return db.read(c -> models(c, range));
    }

    public Trend trend(UsageRange range) {
        return db.read(c -> trend(c, range));
    }

    /** The requests of the range matching {@code filter}, newest first, with their attempts. */
    public RequestPage page(UsageRange range, RequestFilter filter, int limit, int offset) {
        return db.read(c -> UsageStore.page(c, range.from(), range.to(), filter, limit, offset));
    }

    private static UsageTotals totals(Connection c, UsageRange range) throws SQLException {
        try (var ps = c.prepareStatement("SELECT count(*), coalesce(sum(" + SUCCESS + "), 0), " + TOKEN_SUMS
                + " FROM request_log WHERE " + RANGE)) {
            bindRange(ps, 1, range);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new UsageTotals(rs.getLong(1), rs.getLong(2), tokens(rs, 3));
            }
        }
    }

    private static List<UsageBreakdown> channels(Connection c, UsageRange range) throws SQLException {
        return breakdown(c, range, "channel_name", "a.channel_name");
    }

    private static List<UsageBreakdown> models(Connection c, UsageRange range) throws SQLException {
        return breakdown(c, range, UsageStore.SERVED_MODEL, "a.upstream_model");
    }

    /**
     * Requests grouped by {@code requestKey}, merged with attempts grouped by {@code attemptKey}: a channel that
     * only ever failed has no requests of its own but must still show, with its failed tries.
     */
    private static List<UsageBreakdown> breakdown(Connection c, UsageRange range, String requestKey,
                                                  String attemptKey) throws SQLException {
        var rows = new LinkedHashMap<String, UsageBreakdown>();
        var nullKey = "\u0000null"; // a map key for the null group that no name can equal
        try (var ps = c.prepareStatement("SELECT " + requestKey + " AS k, count(*), coalesce(sum(" + SUCCESS
                + "), 0), " + TOKEN_SUMS + ", avg(CASE WHEN " + SUCCESS + " THEN ttfb_ms END),"
                + " avg(CASE WHEN " + SUCCESS + " THEN total_ms END)"
                + " FROM request_log WHERE " + RANGE + " GROUP BY k")) {
            bindRange(ps, 1, range);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    var name = rs.getString(1);
                    rows.put(name == null ? nullKey : name, new UsageBreakdown(name, rs.getLong(2), rs.getLong(3),
                            tokens(rs, 4), getDouble(rs, 9), getDouble(rs, 10), 0, 0));
                }
            }
        }
        try (var ps = c.prepareStatement("SELECT " + attemptKey + " AS k, count(*),"
                + " coalesce(sum(a.outcome <> '" + LoggedOutcome.SUCCESS.id() + "'), 0)"
                + " FROM attempt_log a JOIN request_log r ON r.id = a.request_id"
                + " WHERE r.started_at >= ? AND r.started_at < ? GROUP BY k")) {
            bindRange(ps, 1, range);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    var name = rs.getString(1);
                    var key = name == null ? nullKey : name;
                    var r = rows.get(key);
                    rows.put(key, r == null
                            ? new UsageBreakdown(name, 0, 0, TokenSums.NONE, null, null, rs.getLong(2), rs.getLong(3))
                            : new UsageBreakdown(name, r.requests(), r.successes(), r.tokens(), r.avgTtfbMs(),
                                    r.avgTotalMs(), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        var out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparingLong(UsageBreakdown::requests).reversed()
                .thenComparing(Comparator.comparingLong(UsageBreakdown::attempts).reversed())
                .thenComparing(UsageBreakdown::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)));
        return out;
    }

    /**
     * One row per bucket, empty ones included. The bucket bounds come from Java (time zones and DST are Java's
     * business) as a VALUES table that is joined against the time index: one range scan per bucket.
     */
    private static Trend trend(Connection c, UsageRange range) throws SQLException {
        var buckets = range.buckets();
        var values = String.join(",", Collections.nCopies(buckets.size(), "(?, ?, ?)"));
        var points = new ArrayList<TrendPoint>();
        try (var ps = c.prepareStatement("WITH b(i, s, e) AS (VALUES " + values + ")"
                + " SELECT b.i, count(r.id), coalesce(sum(r.outcome <> '" + LoggedOutcome.SUCCESS.id() + "'), 0),"
                + " coalesce(sum(r.input_tokens), 0), coalesce(sum(r.output_tokens), 0)"
                + " FROM b LEFT JOIN request_log r ON r.started_at >= b.s AND r.started_at < b.e"
                + " GROUP BY b.i ORDER BY b.i")) {
            int p = 1;
            for (int i = 0; i < buckets.size(); i++) {
                ps.setInt(p++, i);
                ps.setLong(p++, buckets.get(i).start().toEpochMilli());
                ps.setLong(p++, buckets.get(i).end().toEpochMilli());
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    var b = buckets.get(rs.getInt(1));
                    points.add(new TrendPoint(b.start(), b.end(), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return new Trend(range.granularity(), points);
    }

    private static void bindRange(PreparedStatement ps, int first, UsageRange range) throws SQLException {
        ps.setLong(first, range.from().toEpochMilli());
        ps.setLong(first + 1, range.to().toEpochMilli());
    }

    private static TokenSums tokens(ResultSet rs, int first) throws SQLException {
        return new TokenSums(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
                rs.getLong(first + 4));
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
