package dev.switchboard.store;

import static dev.switchboard.store.TestStores.CLOCK;
import static dev.switchboard.store.TestStores.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    private static final Set<String> TABLES = Set.of("channel", "channel_key", "entry", "model_group",
            "group_member", "health", "setting", "access_key", "request_log", "attempt_log");

    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyFileToTheLatestSchemaWithTheAutoGroup() throws Exception {
        var file = dir.resolve(Database.FILE_NAME);
        try (var c = TestStores.connect(file)) {
            var notices = Migrations.migrate(c, file, CLOCK);

            assertEquals(List.of(), notices, "a new database has nothing to back up");
            assertEquals(Migrations.latest(), Migrations.userVersion(c));
            assertTrue(tables(c).containsAll(TABLES), "tables: " + tables(c));
            assertEquals(List.of("auto|1"), query(c, "SELECT name || '|' || builtin FROM model_group"));
        }
    }

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() throws Exception {
        var file = dir.resolve(Database.FILE_NAME);
        try (var c = TestStores.connect(file)) {
            Migrations.migrate(c, file, CLOCK);
            var before = schema(c);

            assertEquals(List.of(), Migrations.migrate(c, file, CLOCK));
            assertEquals(before, schema(c));
            assertEquals(List.of("auto"), query(c, "SELECT name FROM model_group"));
        }
    }

    /**
     * Every schema version this build can meet on disk, upgraded by {@link Database#open}, ends up exactly like a
     * fresh database and keeps what it held: from an empty file and from every earlier version (V1 and V2 exist
     * today); the loop covers each future version without being edited.
     */
    @Test
    void upgradesEveryEarlierVersionToTheFreshSchemaKeepingItsData() throws Exception {
        int latest = Migrations.latest();
        assertTrue(latest >= 1, "V1.sql must be on the classpath");
        Set<String> fresh;
        try (var db = Database.open(dir.resolve("fresh"), Database.Check.FULL, CLOCK)) {
            fresh = db.read(MigrationsTest::schema);
        }

        for (int k = 0; k < latest; k++) {
            var folder = Files.createDirectories(dir.resolve("from-v" + k));
            var file = folder.resolve(Database.FILE_NAME);
            try (var c = TestStores.connect(file)) {
                Migrations.migrateTo(c, file, CLOCK, k);
                assertEquals(k, Migrations.userVersion(c));
                if (k >= 1) {
                    // The setting table exists since V1; later versions must keep its rows.
                    execute(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')");
                }
            }

            try (var db = Database.open(folder, Database.Check.FULL, CLOCK)) {
                assertEquals(fresh, db.read(MigrationsTest::schema), "schema upgraded from v" + k);
                assertEquals(latest, db.read(Migrations::userVersion));
                var backups = backupsIn(folder);
                if (k == 0) {
                    assertEquals(List.of(), backups, "nothing to back up at v0");
                    assertEquals(List.of(), db.notices());
                } else {
                    assertEquals(9191, new SettingsStore(db).load().port(), "data upgraded from v" + k);
                    assertEquals(1, backups.size(), "backup of v" + k);
                    var backup = backups.get(0);
                    assertTrue(db.notices().stream().anyMatch(n -> n.contains(backup.toString())), db.notices()
                            .toString());
                    try (var c = TestStores.connect(backup)) {
                        assertEquals(k, Migrations.userVersion(c));
                    }
                }
            }
        }
    }

    /**
     * The backup made before an upgrade, exercised today although V1 is the only script: an isolated copy of
     * the store classes sees one more script, {@code V<latest+1>.sql}, written by the test.
     */
    @Test
    void backsUpAnExistingDatabaseBeforeUpgradingIt() throws Exception {
        int next = Migrations.latest() + 1;
        var scripts = dir.resolve("scripts");
        var script = scripts.resolve("dev/switchboard/store/migrations/V" + next + ".sql");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "-- a future migration\nCREATE TABLE upgrade_marker (id INTEGER PRIMARY KEY);\n");
        var folder = Files.createDirectories(dir.resolve("data"));
        var file = folder.resolve(Database.FILE_NAME);
        try (var c = TestStores.connect(file)) {
            Migrations.migrate(c, file, CLOCK);
            execute(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')");
        }

        List<?> notices;
        try (var loader = new WithExtraScripts(scripts); var c = TestStores.connect(file)) {
            var migrations = Class.forName(Migrations.class.getName(), true, loader);
            assertNotSame(Migrations.class, migrations);
            var migrate = migrations.getDeclaredMethod("migrate", Connection.class, Path.class, Clock.class);
            migrate.setAccessible(true);
            notices = (List<?>) migrate.invoke(null, c, file, CLOCK);

            assertEquals(next, Migrations.userVersion(c));
            assertTrue(tables(c).contains("upgrade_marker"));
        }

        var backups = backupsIn(folder);
        assertEquals(1, backups.size(), "backups: " + backups);
        var backup = backups.get(0);
        assertTrue(backup.getFileName().toString().contains(".before-v" + next), backup.toString());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).toString().contains(backup.toString()), notices.toString());
        try (var c = TestStores.connect(backup)) {
            assertEquals(next - 1, Migrations.userVersion(c));
            assertFalse(tables(c).contains("upgrade_marker"));
            assertEquals(List.of("9191"), query(c, "SELECT value FROM setting WHERE key = 'port'"));
        }
    }

    @Test
    void refusesADatabaseOfANewerSchemaAndLeavesItUntouched() throws Exception {
        Database.open(dir, Database.Check.FULL, CLOCK).close();
        var file = dir.resolve(Database.FILE_NAME);
        try (var c = TestStores.connect(file)) {
            execute(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')");
            execute(c, "PRAGMA user_version = " + (Migrations.latest() + 1));
        }
        var before = Files.readAllBytes(file);

        var e = assertFails(StoreException.Kind.UNAVAILABLE, () -> Database.open(dir, Database.Check.FULL, CLOCK));

        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the newer database must not be modified");
        assertEquals(List.of(), backupsIn(dir));
        assertFalse(Files.exists(dir.resolve(Database.FILE_NAME + "-wal")),
                "no connection may be left open on the refused file");
    }

    /** V3: a channel of a V2 database keeps its flag as the person set it, and waits for no key. */
    @Test
    void v3KeepsEveryChannelOfAnOlderDatabaseAsItWasNotWaitingForAKey() throws Exception {
        var file = dir.resolve(Database.FILE_NAME);
        try (var c = TestStores.connect(file)) {
            Migrations.migrateTo(c, file, CLOCK, 2);
            execute(c, "INSERT INTO channel (name, api_type, base_url, enabled, created_at, updated_at)"
                    + " VALUES ('relay', 'openai', 'https://relay.example.test/v1', 0, 0, 0)");
            execute(c, "INSERT INTO channel_key (channel_id, position, secret) VALUES (1, 0, '"
                    + TestStores.key("v2") + "')");
        }
        try (var store = TestStores.open(dir)) {
            var relay = store.channels().get("relay");
            assertFalse(relay.enabled());
            assertFalse(relay.needsKey());
            assertEquals(Set.of(), store.channels().enabledOnKey());
            assertEquals(List.of("0"), store.database().read(c -> query(c,
                    "SELECT enable_on_key FROM channel WHERE name = 'relay'")));
        }
    }

    @Test
    void splitsAScriptIntoStatementsSkippingComments() {
        var script = String.join("\n",
                "-- Schema version 9: a comment at the top.",
                "-- A second comment line; with a semicolon inside.",
                "",
                "CREATE TABLE a (",
                "    id INTEGER PRIMARY KEY,",
                "    -- a comment line inside a statement",
                "    name TEXT",
                ");",
                "   -- an indented comment",
                "INSERT INTO a (name) VALUES ('x');",
                "CREATE INDEX a_by_name ON a (name)");

        assertEquals(List.of(
                        "CREATE TABLE a (\n    id INTEGER PRIMARY KEY,\n    name TEXT\n);",
                        "INSERT INTO a (name) VALUES ('x');",
                        "CREATE INDEX a_by_name ON a (name)"),
                Migrations.statements(script));
    }

    @Test
    void splitsWindowsLineEndingsLikeUnixOnes() {
        assertEquals(List.of("CREATE TABLE a (id INTEGER);", "CREATE TABLE b (id INTEGER);"),
                Migrations.statements("-- comment\r\nCREATE TABLE a (id INTEGER);\r\nCREATE TABLE b (id INTEGER);\r\n"));
    }

    @Test
    void dropsCommentsAtLineEndsButNotInsideQuotes() {
        assertEquals(List.of("CREATE TABLE a (id INTEGER);", "INSERT INTO a VALUES ('--not a comment');"),
                Migrations.statements("CREATE TABLE a (id INTEGER); -- trailing note\n"
                        + "INSERT INTO a VALUES ('--not a comment');\n"));
    }

    @Test
    void refusesTwoStatementsOnOneLineRatherThanLoseTheSecond() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Migrations.statements("CREATE TABLE a (id INTEGER); CREATE TABLE b (id INTEGER);\n"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("after ';'"), e.getMessage());
    }

    // ---- helpers

    /** {@code type name sql} of every schema object, whitespace normalised, so two schemas compare as sets. */
    static Set<String> schema(Connection c) throws SQLException {
        var out = new TreeSet<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master")) {
            while (rs.next()) {
                var sql = rs.getString(3) == null ? "" : rs.getString(3).replaceAll("\\s+", " ").strip();
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + sql);
            }
        }
        return out;
    }

    private static Set<String> tables(Connection c) throws SQLException {
        return new TreeSet<>(query(c, "SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        var out = new ArrayList<String>();
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<Path> backupsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().contains(".before-v")).toList();
        }
    }

    /** Loads the store classes afresh (child first), so their resources include {@code scripts}. */
    private static final class WithExtraScripts extends URLClassLoader {
        WithExtraScripts(Path scripts) throws IOException {
            super(new URL[] {scripts.toUri().toURL(),
                    Migrations.class.getProtectionDomain().getCodeSource().getLocation()},
                    MigrationsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(Migrations.class.getPackageName() + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                var type = findLoadedClass(name);
                if (type == null) {
                    try {
                        type = findClass(name);
                    } catch (ClassNotFoundException notMain) {
                        type = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }
}
