package dev.switchboard.sync;

import dev.switchboard.store.Database;
import dev.switchboard.store.HeldSecrets;
import java.time.Instant;
import java.util.Optional;

/** The {@code sync_folder} row (migration V7): the folder this machine syncs with, and what was synced last. */
final class SyncStateStore {
    private final Database db;

    SyncStateStore(Database db) {
        this.db = db;
    }

    Optional<SyncTarget> load() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT url, username, password,"
                    + " remote_etag, local_hash, synced_at FROM sync_folder WHERE id = 1")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var password = rs.getString(3);
                HeldSecrets.add(password); // a server's error text may quote it
                var etag = rs.getString(4);
                long at = rs.getLong(6);
                var mark = etag == null ? null : new SyncTarget.Mark(etag, rs.getString(5), Instant.ofEpochMilli(at));
                return Optional.of(new SyncTarget(rs.getString(1), rs.getString(2), password, mark));
            }
        });
    }

    /** Stores the folder; a folder other than the stored one starts as never synced. */
    void save(String url, String user, String password) {
        db.write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO sync_folder (id, url, username, password) VALUES (1, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET username = excluded.username, password = excluded.password,"
                    + " remote_etag = CASE WHEN url = excluded.url THEN remote_etag END,"
                    + " local_hash = CASE WHEN url = excluded.url THEN local_hash END,"
                    + " synced_at = CASE WHEN url = excluded.url THEN synced_at END,"
                    + " url = excluded.url")) {
                ps.setString(1, url);
                ps.setString(2, user);
                ps.setString(3, password);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void mark(SyncTarget.Mark mark) {
        db.write(c -> {
            try (var ps = c.prepareStatement("UPDATE sync_folder SET remote_etag = ?, local_hash = ?, synced_at = ?"
                    + " WHERE id = 1")) {
                ps.setString(1, mark.remoteEtag());
                ps.setString(2, mark.localHash());
                ps.setLong(3, mark.at().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets the folder and what was synced; the folder itself is left as it is. */
    boolean forget() {
        return db.write(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("DELETE FROM sync_folder") > 0;
            }
        });
    }
}
