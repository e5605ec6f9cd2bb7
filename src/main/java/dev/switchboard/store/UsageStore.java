package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The request log: written in batches (off the request path), read for the usage views.
 *
 * <p>Error texts ({@code request_log.error}, {@code attempt_log.error}) often quote an upstream, and some
 * upstreams repeat the key they were sent: they are redacted ({@link Redaction}) here, on write, whatever the
 * caller did, so that nothing read from the log can show a key.
 */
public final class UsageStore {
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
            try (var req = c.prepareStatement("INSERT INTO request_log (started_at, client_protocol, requested_model,"
                    + " stream, entry_id, channel_name, upstream_model, status, outcome, ttfb_ms, total_ms,"
                    + " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, error)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 var att = c.prepareStatement("INSERT INTO attempt_log (request_id, seq, entry_id, channel_name,"
                         + " upstream_model, key_index, status, outcome, ttfb_ms, total_ms, error)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (var r : records) {
                    req.setLong(1, r.startedAt().toEpochMilli());
                    req.setString(2, r.clientProtocol());
                    req.setString(3, r.requestedModel());
                    req.setInt(4, r.stream() ? 1 : 0);
                    setLong(req, 5, r.entryId());
                    req.setString(6, r.channelName());
                    req.setString(7, r.upstreamModel());
                    setInt(req, 8, r.status());
                    req.setString(9, r.outcome());
                    setLong(req, 10, r.ttfbMs());
                    setLong(req, 11, r.totalMs());
                    var t = r.tokens();
                    setLong(req, 12, t.input());
                    setLong(req, 13, t.output());
                    setLong(req, 14, t.cacheRead());
                    setLong(req, 15, t.cacheWrite());
                    setLong(req, 16, t.reasoning());
                    req.setString(17, Redaction.redact(r.error()));
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
                        att.setString(8, a.outcome());
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
        return db.read(c -> {
            var ids = new ArrayList<Long>();
            var rows = new ArrayList<UsageRecord>();
            try (var ps = c.prepareStatement("SELECT id, started_at, client_protocol, requested_model, stream, entry_id,"
                    + " channel_name, upstream_model, status, outcome, ttfb_ms, total_ms, input_tokens, output_tokens,"
                    + " cache_read_tokens, cache_write_tokens, reasoning_tokens, error FROM request_log"
                    + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
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
            var attempts = attempts(c, ids);
            var out = new ArrayList<UsageRecord>();
            for (int i = 0; i < rows.size(); i++) {
                var r = rows.get(i);
                out.add(new UsageRecord(r.startedAt(), r.clientProtocol(), r.requestedModel(), r.stream(), r.entryId(),
                        r.channelName(), r.upstreamModel(), r.status(), r.outcome(), r.ttfbMs(), r.totalMs(), r.tokens(),
                        r.error(), attempts.getOrDefault(ids.get(i), List.of())));
            }
            return out;
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
     * The attempts of the given requests, in the order they were made; one query for all of them. The request log
     * and the usage statistics both read attempts this way.
     */
    public static HashMap<Long, List<UsageRecord.Attempt>> attempts(Connection c, List<Long> ids)
            throws SQLException {
        var out = new HashMap<Long, List<UsageRecord.Attempt>>();
        if (ids.isEmpty()) {
            return out;
        }
        var placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (var ps = c.prepareStatement("SELECT request_id, entry_id, channel_name, upstream_model, key_index, status,"
                + " outcome, ttfb_ms, total_ms, error FROM attempt_log WHERE request_id IN (" + placeholders + ")"
                + " ORDER BY request_id, seq")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new UsageRecord.Attempt(
                            getLong(rs, 2), rs.getString(3), rs.getString(4), getInt(rs, 5), getInt(rs, 6),
                            rs.getString(7), getLong(rs, 8), getLong(rs, 9), rs.getString(10)));
                }
            }
        }
        return out;
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
