package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;

/** Reads and writes settings. Only values that differ from the default are stored. */
public final class SettingsStore {
    private final Database db;

    public SettingsStore(Database db) {
        this.db = db;
    }

    public Settings load() {
        return db.read(SettingsStore::loadFrom);
    }

    static Settings loadFrom(Connection c) throws SQLException {
        var overrides = new EnumMap<Setting, String>(Setting.class);
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT key, value FROM setting")) {
            while (rs.next()) {
                try {
                    overrides.put(Setting.of(rs.getString(1)), rs.getString(2));
                } catch (StoreException unknown) {
                    // A setting of a newer version: kept in the table, ignored here.
                }
            }
        }
        return Settings.of(overrides);
    }

    /** Validates and stores a value; returns the canonical form that was stored. */
    public String set(Setting setting, String raw) {
        var value = setting.normalize(raw);
        db.write(c -> {
            if (value.equals(setting.defaultValue())) {
                try (var ps = c.prepareStatement("DELETE FROM setting WHERE key = ?")) {
                    ps.setString(1, setting.key());
                    ps.executeUpdate();
                }
            } else {
                try (var ps = c.prepareStatement(
                        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                    ps.setString(1, setting.key());
                    ps.setString(2, value);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return value;
    }

    public void reset(Setting setting) {
        set(setting, setting.defaultValue());
    }
}
