package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Persisted health (DESIGN §3): a restart keeps cooldowns, system-disabled reasons and failure counts.
 *
 * <p>The reason an entry was disabled and its last error quote upstreams: they are redacted ({@link Redaction})
 * on write, so that the entry table, {@code entries list} and the admin API never show a key an upstream echoed.
 */
public final class HealthStore {
    private final Database db;

    public HealthStore(Database db) {
        this.db = db;
    }

    /** Health of every entry that has any; entries without a row are healthy. */
    public Map<Long, Health> all() {
        return db.read(HealthStore::loadAll);
    }

    public Health get(long entryId) {
        return db.read(c -> load(c, entryId));
    }

    /** Stores {@code health} for its entry; an entry deleted meanwhile is silently skipped (nothing to keep). */
    public void save(Health health) {
        db.write(c -> {
            store(c, health);
            return null;
        });
    }

    /**
     * Stores {@code next} only if the stored health is still {@code expected}, checked and written in one
     * transaction, so that a writer working from what it last knew (the gateway's tracker, which writes behind)
     * cannot undo a change someone else made meanwhile (the person's {@code entries enable} from the CLI).
     *
     * @return empty when stored (or skipped: the entry was deleted); else what is stored, left as it is (healthy
     *         when the entry has no row)
     */
    public Optional<Health> saveIfStill(Health expected, Health next) {
        return db.write(c -> {
            var stored = load(c, next.entryId());
            if (!stored.equals(expected)) {
                return Optional.of(stored);
            }
            store(c, next);
            return Optional.empty();
        });
    }

    /** Reads an entry's health, applies {@code change} and stores the result, in one transaction; returns it. */
    public Health update(long entryId, UnaryOperator<Health> change) {
        return db.write(c -> {
            var before = load(c, entryId);
            var after = change.apply(before);
            if (!after.equals(before)) {
                store(c, after);
            }
            return after;
        });
    }

    private static Health load(Connection c, long entryId) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM health WHERE entry_id = ?")) {
            ps.setLong(1, entryId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : Health.fresh(entryId);
            }
        }
    }

    private void store(Connection c, Health health) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO health (entry_id, cooldown_until, disabled_reason,"
                + " consecutive_failures, last_latency_ms, last_error, updated_at)"
                + " SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM entry WHERE id = ?)"
                + " ON CONFLICT (entry_id) DO UPDATE SET cooldown_until = excluded.cooldown_until,"
                + " disabled_reason = excluded.disabled_reason,"
                + " consecutive_failures = excluded.consecutive_failures,"
                + " last_latency_ms = excluded.last_latency_ms, last_error = excluded.last_error,"
                + " updated_at = excluded.updated_at")) {
            ps.setLong(1, health.entryId());
            setNullableLong(ps, 2, health.cooldownUntil() == null ? null : health.cooldownUntil().toEpochMilli());
            ps.setString(3, Redaction.redact(health.disabledReason()));
            ps.setInt(4, health.consecutiveFailures());
            setNullableLong(ps, 5, health.lastLatencyMs());
            ps.setString(6, Redaction.redact(health.lastError()));
            ps.setLong(7, db.clock().millis());
            ps.setLong(8, health.entryId());
            ps.executeUpdate();
        }
    }

    /** The person's "try it again": clears cooldown, system-disabled reason and the failure count. */
    static void clear(Connection c, long entryId, long now) throws SQLException {
        try (var ps = c.prepareStatement("UPDATE health SET cooldown_until = NULL, disabled_reason = NULL,"
                + " consecutive_failures = 0, updated_at = ? WHERE entry_id = ?")) {
            ps.setLong(1, now);
            ps.setLong(2, entryId);
            ps.executeUpdate();
        }
    }

    private static final String COLUMNS =
            "entry_id, cooldown_until, disabled_reason, consecutive_failures, last_latency_ms, last_error";

    static Map<Long, Health> loadAll(Connection c) throws SQLException {
        var out = new HashMap<Long, Health>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT " + COLUMNS + " FROM health")) {
            while (rs.next()) {
                var h = read(rs);
                out.put(h.entryId(), h);
            }
        }
        return out;
    }

    private static Health read(ResultSet rs) throws SQLException {
        long until = rs.getLong(2);
        Instant cooldown = rs.wasNull() ? null : Instant.ofEpochMilli(until);
        long latency = rs.getLong(5);
        Long lastLatency = rs.wasNull() ? null : latency;
        return new Health(rs.getLong(1), cooldown, rs.getString(3), rs.getInt(4), lastLatency, rs.getString(6));
    }

    static void setNullableLong(java.sql.PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }
}
