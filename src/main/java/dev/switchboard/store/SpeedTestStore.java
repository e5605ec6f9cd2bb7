package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Speed test results (schema V2): each test run adds one row per entry it tested. Readers want the latest row
 * per entry; older rows beyond {@value #KEPT_PER_ENTRY} are pruned on insert so the table cannot grow without
 * bound on a machine that tests every day for years.
 */
public final class SpeedTestStore {
    static final int KEPT_PER_ENTRY = 10;

    private final Database db;

    public SpeedTestStore(Database db) {
        this.db = db;
    }

    /**
     * One entry's result of one test.
     *
     * @param ttftMs  time to the first meaningful stream event, or null when none came
     * @param totalMs time to the end of the stream, or null when it did not end properly
     * @param outcome success, transient, credential, missing_model, client_error or timeout
     * @param message the upstream's error, already redacted; null on success
     */
    public record Result(long entryId, Instant testedAt, boolean ok, Long ttftMs, Long totalMs, String outcome,
                         String message) {
    }

    /** Adds {@code result}; an entry deleted meanwhile is skipped (nothing to keep a result for). */
    public void add(Result r) {
        // Unannounced: no snapshot holds speed results, so reloading the gateway's configuration would be waste.
        db.writeUnannounced(c -> {
            try (var ps = c.prepareStatement("INSERT INTO speed_test (entry_id, tested_at, ok, ttft_ms, total_ms,"
                    + " outcome, message) SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM entry WHERE id = ?)")) {
                ps.setLong(1, r.entryId());
                ps.setLong(2, r.testedAt().toEpochMilli());
                ps.setInt(3, r.ok() ? 1 : 0);
                HealthStore.setNullableLong(ps, 4, r.ttftMs());
                HealthStore.setNullableLong(ps, 5, r.totalMs());
                ps.setString(6, r.outcome());
                ps.setString(7, Redaction.redact(r.message())); // redacted by SpeedCheck; the store does not rely on it
                ps.setLong(8, r.entryId());
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("DELETE FROM speed_test WHERE entry_id = ? AND id NOT IN (SELECT id FROM"
                    + " speed_test WHERE entry_id = ? ORDER BY tested_at DESC, id DESC LIMIT " + KEPT_PER_ENTRY + ")")) {
                ps.setLong(1, r.entryId());
                ps.setLong(2, r.entryId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The latest result of every entry that has one, by entry id. */
    public Map<Long, Result> latest() {
        return db.read(SpeedTestStore::loadLatest);
    }

    public Optional<Result> latest(long entryId) {
        return Optional.ofNullable(latest().get(entryId));
    }

    static Map<Long, Result> loadLatest(Connection c) throws SQLException {
        var out = new LinkedHashMap<Long, Result>();
        // Newest first: the first row seen of an entry is its latest (id breaks a tie within one millisecond).
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT entry_id, tested_at, ok, ttft_ms,"
                + " total_ms, outcome, message FROM speed_test ORDER BY tested_at DESC, id DESC")) {
            while (rs.next()) {
                out.putIfAbsent(rs.getLong(1), read(rs));
            }
        }
        return out;
    }

    private static Result read(ResultSet rs) throws SQLException {
        long ttft = rs.getLong(4);
        Long ttftMs = rs.wasNull() ? null : ttft;
        long total = rs.getLong(5);
        Long totalMs = rs.wasNull() ? null : total;
        return new Result(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3) == 1, ttftMs, totalMs,
                rs.getString(6), rs.getString(7));
    }
}
