package dev.switchboard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code switchboard.db} holds, read straight from the file with SQL (not through Switchboard's own classes,
 * whose behaviour is under test). It reads a copy of the database and its {@code -wal} and {@code -shm} taken while
 * no process has them open, so that the folder stays exactly as the crash left it: the next start, not the test,
 * is the one that recovers the WAL.
 *
 * @param integrity what {@code PRAGMA integrity_check} answered ("ok" for a sound file)
 * @param settings  stored setting overrides, by key
 * @param channels  each channel's number of API keys, by channel name
 * @param entries   each entry by {@code channel/model}
 * @param groups    each group's members ({@code channel/model}) in order, by group name
 */
record StoredState(String integrity, Map<String, String> settings, Map<String, Integer> channels,
                   Map<String, StoredEntry> entries, Map<String, List<String>> groups) {

    record StoredEntry(String alias, boolean enabled) {
    }

    static StoredState read(Path dataFolder, Path scratch) throws IOException, SQLException {
        var copy = Files.createDirectories(scratch).resolve("switchboard.db");
        for (var suffix : List.of("", "-wal", "-shm")) {
            var from = dataFolder.resolve("switchboard.db" + suffix);
            var to = copy.resolveSibling("switchboard.db" + suffix);
            Files.deleteIfExists(to);
            if (Files.exists(from)) {
                Files.copy(from, to);
            }
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath());
             var st = c.createStatement()) {
            String integrity;
            try (var rs = st.executeQuery("PRAGMA integrity_check")) {
                var lines = new ArrayList<String>();
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
                integrity = String.join("; ", lines);
            }
            var settings = new TreeMap<String, String>();
            try (var rs = st.executeQuery("SELECT key, value FROM setting")) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(2));
                }
            }
            var channels = new TreeMap<String, Integer>();
            try (var rs = st.executeQuery("SELECT c.name, (SELECT count(*) FROM channel_key k WHERE k.channel_id = c.id)"
                    + " FROM channel c")) {
                while (rs.next()) {
                    channels.put(rs.getString(1), rs.getInt(2));
                }
            }
            var entries = new TreeMap<String, StoredEntry>();
            try (var rs = st.executeQuery("SELECT c.name || '/' || e.model, e.alias, e.enabled FROM entry e"
                    + " JOIN channel c ON c.id = e.channel_id")) {
                while (rs.next()) {
                    entries.put(rs.getString(1), new StoredEntry(rs.getString(2), rs.getInt(3) == 1));
                }
            }
            var groups = new HashMap<String, List<String>>();
            try (var rs = st.executeQuery("SELECT g.name, c.name || '/' || e.model FROM model_group g"
                    + " LEFT JOIN group_member m ON m.group_id = g.id LEFT JOIN entry e ON e.id = m.entry_id"
                    + " LEFT JOIN channel c ON c.id = e.channel_id ORDER BY g.name, m.position")) {
                while (rs.next()) {
                    var members = groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (rs.getString(2) != null) {
                        members.add(rs.getString(2));
                    }
                }
            }
            return new StoredState(integrity, settings, channels, entries, groups);
        }
    }

    Optional<StoredEntry> entry(String ref) {
        return Optional.ofNullable(entries.get(ref));
    }

    List<String> members(String group) {
        return groups.getOrDefault(group, List.of());
    }
}
