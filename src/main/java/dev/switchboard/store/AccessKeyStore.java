package dev.switchboard.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client access keys: what a client must present when the gateway listens beyond loopback. Generated here
 * (the person never has to invent one), shown in full once when created, masked ever after.
 */
public final class AccessKeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public AccessKeyStore(Database db) {
        this.db = db;
    }

    /** A named key. */
    public record AccessKey(long id, String name, ApiKey secret) {
    }

    public List<AccessKey> list() {
        return db.read(AccessKeyStore::loadAll);
    }

    /** When each key was created, by id (the window's key list shows it; the record stays as it was). */
    public Map<Long, Instant> createdTimes() {
        return db.read(c -> {
            var out = new HashMap<Long, Instant>();
            try (var st = c.createStatement();
                 var rs = st.executeQuery("SELECT id, created_at FROM access_key")) {
                while (rs.next()) {
                    out.put(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
            return Map.copyOf(out);
        });
    }

    static List<AccessKey> loadAll(Connection c) throws SQLException {
        var out = new ArrayList<AccessKey>();
        try (var st = c.createStatement();
             var rs = st.executeQuery("SELECT id, name, secret FROM access_key ORDER BY name COLLATE NOCASE")) {
            while (rs.next()) {
                out.add(new AccessKey(rs.getLong(1), rs.getString(2), ApiKey.of(rs.getString(3))));
            }
        }
        return out;
    }

    /** Creates a key with a fresh random secret ({@code sb-} + 43 URL-safe characters, 256 bits). */
    public AccessKey create(String name) {
        var n = Validation.name("access key", name);
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var secret = "sb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return db.write(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM access_key WHERE name = ? COLLATE NOCASE")) {
                ps.setString(1, n);
                if (ps.executeQuery().next()) {
                    throw StoreException.conflict("An access key named '" + n + "' already exists. Pick another"
                            + " name, or revoke that one first with `keys revoke`.");
                }
            }
            try (var ps = c.prepareStatement(
                    "INSERT INTO access_key (name, secret, created_at) VALUES (?, ?, ?) RETURNING id")) {
                ps.setString(1, n);
                ps.setString(2, secret);
                ps.setLong(3, db.clock().millis());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new AccessKey(rs.getLong(1), n, ApiKey.of(secret));
                }
            }
        });
    }

    public void revoke(String name) {
        db.write(c -> {
            try (var ps = c.prepareStatement("DELETE FROM access_key WHERE name = ? COLLATE NOCASE")) {
                ps.setString(1, name == null ? "" : name.strip());
                if (ps.executeUpdate() == 0) {
                    throw StoreException.notFound("There is no access key named '" + name + "'. See `keys list`.");
                }
            }
            return null;
        });
    }
}
