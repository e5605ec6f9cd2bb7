package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request log: written in batches (off the request path), read for the usage views. This class is the one
 * place that knows the columns of {@code request_log} and {@code attempt_log} and how a row becomes a
 * {@link UsageRecord}; the statistics ({@code usage.UsageStats}) sum over the same tables and read pages of the
 * log through {@link #page}.
 *
 * <p>Error texts ({@code request_log.error}, {@code attempt_log.error}) often quote an upstream, and some
 * upstreams repeat the key they were sent: they are redacted ({@link Redaction}) here, on write, whatever the
 * caller did, so that nothing read from the log can show a key.
 */
public final class UsageStore {
    /** The longest page of the log one call returns. */
    public static final int MAX_PAGE = 1000;

    /**
     * What a request counts as "model" for, as an SQL expression over {@code request_log}: the model that served
     * it, else the one asked for. The filter and the per-model statistics both mean this.
     */
    public static final String SERVED_MODEL = "coalesce(upstream_model, requested_model)";

    /** A request's columns but its id, in the order {@link #insert} writes and {@link #request} reads. */
    private static final List<String> REQUEST_COLUMNS = List.of("started_at", "client_protocol", "requested_model",
            "stream", "entry_id", "channel_name", "upstream_model", "status", "outcome", "ttfb_ms", "total_ms",
            "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "error",
            "chosen_by");
    /** An attempt's columns but its request and seq, in the order {@link #insert} writes and {@link #attempt} reads. */
    private static final List<String> ATTEMPT_COLUMNS = List.of("entry_id", "channel_name", "upstream_model",
            "key_index", "status", "outcome", "ttfb_ms", "total_ms", "error");

    private final Database db;

    public UsageStore(Database db) {
        this.db = db;
    }

    /** Inserts the records and their attempts in one transaction. */
    public void insert(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        // No snapshot holds the request log: announcing it would reload the configuration on every batch.
        db.writeUnannounced(c -> {
            try (var req = c.prepareStatement("INSERT INTO request_log (" + columns(REQUEST_COLUMNS) + ") VALUES ("
                    + placeholders(REQUEST_COLUMNS.size()) + ")", Statement.RETURN_GENERATED_KEYS);
                 var att = c.prepareStatement("INSERT INTO attempt_log (request_id, seq, " + columns(ATTEMPT_COLUMNS)
                         + ") VALUES (" + placeholders(ATTEMPT_COLUMNS.size() + 2) + ")")) {
                for (var r : records) {
                    req.setLong(1, r.startedAt().toEpochMilli());
                    req.setString(2, r.clientProtocol());
                    req.setString(3, r.requestedModel());
                    req.setInt(4, r.stream() ? 1 : 0);
                    setLong(req, 5, r.entryId());
                    req.setString(6, r.channelName());
                    req.setString(7, r.upstreamModel());
                    setInt(req, 8, r.status());
                    req.setString(9, r.outcome().id());
                    setLong(req, 10, r.ttfbMs());
                    setLong(req, 11, r.totalMs());
                    var t = r.tokens();
                    setLong(req, 12, t.input());
                    setLong(req, 13, t.output());
                    setLong(req, 14, t.cacheRead());
                    setLong(req, 15, t.cacheWrite());
                    setLong(req, 16, t.reasoning());
                    req.setString(17, Redaction.redact(r.error()));
                    req.setString(18, r.chosenBy());
                    req.executeUpdate();
                    long id;
                    try (var keys = req.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    int seq = 0;
                    for (var a : r.attempts()) {
                        att.setLong(1, id);
                        att.setInt(2, seq++);
                        setLong(att, 3, a.entryId());
                        att.setString(4, a.channelName());
                        att.setString(5, a.upstreamModel());
                        setInt(att, 6, a.keyIndex());
                        setInt(att, 7, a.status());
                        att.setString(8, a.outcome().id());
                        setLong(att, 9, a.ttfbMs());
                        setLong(att, 10, a.totalMs());
                        att.setString(11, Redaction.redact(a.error()));
                        att.addBatch();
                    }
                    att.executeBatch();
                }
            }
            return null;
        });
    }

    /** The newest {@code limit} requests, newest first, with their attempts. */
    public List<UsageRecord> recent(int limit) {
        return db.read(c -> select(c, "", List.of(), limit, 0).stream().map(LoggedRequest::record).toList());
    }

    /**
     * The newest {@code limit} requests with their row ids and attempts, newest first: where {@code switchboard log}
     * starts, and the id it then follows on from ({@link #after}).
     */
    public List<LoggedRequest> newest(int limit) {
        return db.read(c -> select(c, "", List.of(), limit, 0));
    }

    /**
     * Requests recorded after row {@code id}, oldest first, at most {@code limit}: what {@code switchboard log
     * --follow} prints next. By row id rather than time: ids only grow, while two requests may share a start time
     * and a request that started earlier may be recorded later.
     */
    public List<LoggedRequest> after(long id, int limit) {
        return db.read(c -> {
            // the oldest `limit` after `id`: newest first from that window, then turned around
            var window = new ArrayList<>(select(c, "id > ? AND id <= (SELECT coalesce(max(id), 0) FROM"
                    + " (SELECT id FROM request_log WHERE id > ? ORDER BY id LIMIT ?))", List.of(id, id, (long) limit),
                    limit, 0));
            java.util.Collections.reverse(window);
            return window;
        });
    }

    public long count() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM request_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * The requests that started in [{@code from}, {@code to}) and match {@code filter}, newest first, with their
     * attempts: {@code limit} of them from {@code offset} on, and how many match in all. It reads on the caller's
     * connection so that a page can share one read transaction with the statistics shown beside it.
     *
     * @throws IllegalArgumentException when {@code limit} is not 1..{@value #MAX_PAGE} or {@code offset} is negative
     */
    public static RequestPage page(Connection c, Instant from, Instant to, RequestFilter filter, int limit,
                                   int offset) throws SQLException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ": " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        var args = new ArrayList<Object>();
        var where = where(from, to, filter, args);
        long total;
        try (var ps = c.prepareStatement("SELECT count(*) FROM request_log WHERE " + where)) {
            bind(ps, args);
            try (var rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        return new RequestPage(select(c, where, args, limit, offset), total, offset, limit);
    }

    /** The WHERE clause of {@link #page}; its arguments are added to {@code args}. */
    private static String where(Instant from, Instant to, RequestFilter filter, List<Object> args) {
        var where = new StringBuilder("started_at >= ? AND started_at < ?");
        args.add(from.toEpochMilli());
        args.add(to.toEpochMilli());
        if (filter.channel() != null) {
            where.append(" AND (channel_name = ? OR EXISTS (SELECT 1 FROM attempt_log a"
                    + " WHERE a.request_id = request_log.id AND a.channel_name = ?))");
            args.add(filter.channel());
            args.add(filter.channel());
        }
        if (filter.model() != null) {
            where.append(" AND (" + SERVED_MODEL + " = ? OR EXISTS (SELECT 1 FROM attempt_log a"
                    + " WHERE a.request_id = request_log.id AND a.upstream_model = ?))");
            args.add(filter.model());
            args.add(filter.model());
        }
        if (filter.outcome() != null) {
            where.append(" AND outcome = ?");
            args.add(filter.outcome().id());
        }
        if (filter.failedOnly()) {
            where.append(" AND outcome <> '" + LoggedOutcome.SUCCESS.id() + "'");
        }
        return where.toString();
    }

    /** The requests matching {@code where} (empty: all), newest first, with their attempts. */
    private static List<LoggedRequest> select(Connection c, String where, List<Object> args, int limit, int offset)
            throws SQLException {
        var rows = new ArrayList<LoggedRequest>();
        try (var ps = c.prepareStatement("SELECT id, " + columns(REQUEST_COLUMNS) + " FROM request_log"
                + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?")) {
            int next = bind(ps, args);
            ps.setInt(next, limit);
            ps.setInt(next + 1, offset);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LoggedRequest(rs.getLong(1), request(rs, 2)));
                }
            }
        }
        var attempts = attempts(c, rows.stream().map(LoggedRequest::id).toList());
        return rows.stream().map(r -> new LoggedRequest(r.id(),
                r.record().withAttempts(attempts.getOrDefault(r.id(), List.of())))).toList();
    }

    /** A request read from {@link #REQUEST_COLUMNS} starting at column {@code first}, without its attempts. */
    private static UsageRecord request(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new UsageRecord(Instant.ofEpochMilli(rs.getLong(i++)), rs.getString(i++), rs.getString(i++),
                rs.getInt(i++) == 1, getLong(rs, i++), rs.getString(i++), rs.getString(i++), getInt(rs, i++),
                LoggedOutcome.of(rs.getString(i++)), getLong(rs, i++), getLong(rs, i++),
                new UsageRecord.Tokens(getLong(rs, i++), getLong(rs, i++), getLong(rs, i++), getLong(rs, i++),
                        getLong(rs, i++)),
                rs.getString(i++), List.of(), rs.getString(i));
    }

    /** The attempts of the given requests, in the order they were made; one query for all of them. */
    private static Map<Long, List<UsageRecord.Attempt>> attempts(Connection c, List<Long> ids) throws SQLException {
        var out = new HashMap<Long, List<UsageRecord.Attempt>>();
        if (ids.isEmpty()) {
            return out;
        }
        try (var ps = c.prepareStatement("SELECT request_id, " + columns(ATTEMPT_COLUMNS) + " FROM attempt_log"
                + " WHERE request_id IN (" + placeholders(ids.size()) + ") ORDER BY request_id, seq")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(attempt(rs, 2));
                }
            }
        }
        return out;
    }

    /** An attempt read from {@link #ATTEMPT_COLUMNS} starting at column {@code first}. */
    private static UsageRecord.Attempt attempt(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new UsageRecord.Attempt(getLong(rs, i++), rs.getString(i++), rs.getString(i++), getInt(rs, i++),
                getInt(rs, i++), LoggedOutcome.of(rs.getString(i++)), getLong(rs, i++), getLong(rs, i++),
                rs.getString(i));
    }

    private static String columns(List<String> names) {
        return String.join(", ", names);
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds {@code args} (longs and strings) from 1; returns the next free index. */
    private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (var a : args) {
            if (a instanceof Long l) {
                ps.setLong(i++, l);
            } else {
                ps.setString(i++, (String) a);
            }
        }
        return i;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
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
