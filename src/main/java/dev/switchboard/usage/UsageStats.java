package dev.switchboard.usage;

import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.store.UsageStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Statistics over the request log: totals, per channel and per model, the trend and pages of the log itself.
 * Read-only. Everything is summed by SQLite ({@code GROUP BY} over the {@code started_at} index), so a long
 * history costs one index range scan, never rows copied into Java.
 *
 * <p>Where a request "is" is where it ended: {@code request_log.channel_name} names the channel whose reply the
 * client got (none for a request nobody could serve). The attempts add what the requests hide: tries of a channel
 * that failed before another one answered.
 */
public final class UsageStats {
    /** The longest page of the log one call returns. */
    public static final int MAX_PAGE = 1000;

    private static final String RANGE = "started_at >= ? AND started_at < ?";
    private static final String SUCCESS = "outcome = 'success'";
    private static final String TOKEN_SUMS = "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
            + " coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),"
            + " coalesce(sum(reasoning_tokens), 0)";
    /** What a request counts as "model" for: the model that served it, else the one asked for. */
    private static final String MODEL = "coalesce(upstream_model, requested_model)";

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
                trend(c, range), page(c, range, filter, limit, offset)));
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
        return db.read(c -> page(c, range, filter, limit, offset));
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
        return breakdown(c, range, MODEL, "a.upstream_model");
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
                + " coalesce(sum(a.outcome <> 'success'), 0)"
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
                + " SELECT b.i, count(r.id), coalesce(sum(r.outcome <> 'success'), 0),"
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

    private static RequestPage page(Connection c, UsageRange range, RequestFilter filter, int limit, int offset)
            throws SQLException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ": " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        var where = new StringBuilder(RANGE);
        var args = new ArrayList<Object>();
        args.add(range.from().toEpochMilli());
        args.add(range.to().toEpochMilli());
        if (filter.channel() != null) {
            where.append(" AND (channel_name = ? OR EXISTS (SELECT 1 FROM attempt_log a"
                    + " WHERE a.request_id = request_log.id AND a.channel_name = ?))");
            args.add(filter.channel());
            args.add(filter.channel());
        }
        if (filter.model() != null) {
            where.append(" AND (" + MODEL + " = ? OR EXISTS (SELECT 1 FROM attempt_log a"
                    + " WHERE a.request_id = request_log.id AND a.upstream_model = ?))");
            args.add(filter.model());
            args.add(filter.model());
        }
        if (filter.outcome() != null) {
            where.append(" AND outcome = ?");
            args.add(filter.outcome());
        }
        if (filter.failedOnly()) {
            where.append(" AND outcome <> 'success'");
        }
        long total;
        try (var ps = c.prepareStatement("SELECT count(*) FROM request_log WHERE " + where)) {
            bind(ps, args);
            try (var rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        var ids = new ArrayList<Long>();
        var rows = new ArrayList<UsageRecord>();
        try (var ps = c.prepareStatement("SELECT id, started_at, client_protocol, requested_model, stream, entry_id,"
                + " channel_name, upstream_model, status, outcome, ttfb_ms, total_ms, input_tokens, output_tokens,"
                + " cache_read_tokens, cache_write_tokens, reasoning_tokens, error FROM request_log WHERE " + where
                + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?")) {
            int next = bind(ps, args);
            ps.setInt(next, limit);
            ps.setInt(next + 1, offset);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    rows.add(new UsageRecord(Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getInt(5) == 1, getLong(rs, 6), rs.getString(7), rs.getString(8), getInt(rs, 9),
                            rs.getString(10), getLong(rs, 11), getLong(rs, 12),
                            new UsageRecord.Tokens(getLong(rs, 13), getLong(rs, 14), getLong(rs, 15),
                                    getLong(rs, 16), getLong(rs, 17)),
                            rs.getString(18), List.of()));
                }
            }
        }
        var attempts = UsageStore.attempts(c, ids);
        var out = new ArrayList<LoggedRequest>();
        for (int i = 0; i < rows.size(); i++) {
            var r = rows.get(i);
            out.add(new LoggedRequest(ids.get(i), new UsageRecord(r.startedAt(), r.clientProtocol(),
                    r.requestedModel(), r.stream(), r.entryId(), r.channelName(), r.upstreamModel(), r.status(),
                    r.outcome(), r.ttfbMs(), r.totalMs(), r.tokens(), r.error(),
                    attempts.getOrDefault(ids.get(i), List.of()))));
        }
        return new RequestPage(out, total, offset, limit);
    }

    private static void bindRange(PreparedStatement ps, int first, UsageRange range) throws SQLException {
        ps.setLong(first, range.from().toEpochMilli());
        ps.setLong(first + 1, range.to().toEpochMilli());
    }

    /** Binds {@code args} from 1; returns the next free index. */
    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (var a : args) {
            if (a instanceof Long) {
                ps.setLong(i++, (Long) a);
            } else {
                ps.setString(i++, (String) a);
            }
        }
        return i;
    }

    private static TokenSums tokens(ResultSet rs, int first) throws SQLException {
        return new TokenSums(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
                rs.getLong(first + 4));
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer getInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}
