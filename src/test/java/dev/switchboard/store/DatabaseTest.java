package dev.switchboard.store;

import static dev.switchboard.store.TestStores.CLOCK;
import static dev.switchboard.store.TestStores.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    @Test
    void opensInWalModeWithBusyTimeoutAndForeignKeys() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            Database.SqlWork<List<String>> pragmas = c -> List.of(pragma(c, "journal_mode"),
                    pragma(c, "busy_timeout"), pragma(c, "foreign_keys"), pragma(c, "synchronous"));

            Map.of("reader", db.read(pragmas), "writer", db.write(pragmas)).forEach((connection, values) -> {
                assertEquals("wal", values.get(0), connection);
                assertTrue(Long.parseLong(values.get(1)) > 0, connection + " busy_timeout " + values.get(1));
                assertEquals("1", values.get(2), connection + " foreign_keys");
                assertEquals("2", values.get(3), connection + " synchronous: FULL, a confirmed change survives a power cut");
            });
        }
    }

    @Test
    void createsTheFileReadableByItsOwnerOnly() throws IOException {
        assumePosix();
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.file())));
        }
    }

    @Test
    void tightensThePermissionsOfAnExistingFile() throws IOException {
        assumePosix();
        Database.open(dir, Database.Check.FULL, CLOCK).close();
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.file())));
        }
    }

    @Test
    void closeCheckpointsSoTheMainFileAloneHoldsTheData() throws SQLException, IOException {
        var db = Database.open(dir, Database.Check.FULL, CLOCK);
        db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')"));
        db.close();

        var wal = dir.resolve(Database.FILE_NAME + "-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "the WAL must be empty or gone after close");
        try (var c = TestStores.connect(file())) {
            assertEquals("9191", query(c, "SELECT value FROM setting WHERE key = 'port'"));
        }
    }

    @Test
    void refusesWorkAfterClose() {
        var db = Database.open(dir, Database.Check.FULL, CLOCK);
        db.close();
        db.close(); // twice is harmless

        assertFails(StoreException.Kind.UNAVAILABLE, () -> db.read(c -> pragma(c, "user_version")));
    }

    @Test
    void movesAFileOfGarbageAsideAndStartsFresh() throws IOException {
        var garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(file(), garbage);

        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            var aside = corruptCopies();
            assertEquals(1, aside.size(), "moved aside: " + aside);
            assertArrayEquals(garbage, Files.readAllBytes(aside.get(0)), "the damaged file is kept as it was");
            assertEquals(1, db.notices().size(), db.notices().toString());
            assertTrue(db.notices().get(0).contains(aside.get(0).toString()), db.notices().get(0));

            assertEquals(Migrations.latest(), db.read(Migrations::userVersion));
            assertEquals(List.of(), new ChannelStore(db).list());
            assertEquals(List.of("auto"), new EntryStore(db).groups().stream().map(Group::name).toList());
        }
    }

    @Test
    void movesADamagedDatabaseAsideWhenTheIntegrityCheckFails() throws IOException, SQLException {
        try (var store = TestStores.open(dir)) {
            store.database().write(c -> {
                try (var ps = c.prepareStatement("INSERT INTO request_log (started_at, client_protocol, outcome,"
                        + " error) VALUES (?, 'openai', 'success', ?)")) {
                    for (int i = 0; i < 2000; i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "row " + i + " " + "x".repeat(300));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
        // Overwrite one whole page in the middle of the file: its b-tree page header becomes an invalid page
        // type, which the integrity check always reports (damaged row bytes alone might go unnoticed).
        int pageSize;
        try (var c = TestStores.connect(file())) {
            pageSize = Integer.parseInt(pragma(c, "page_size"));
        }
        long pages = Files.size(file()) / pageSize;
        assertTrue(pages > 20, "the rows must span many pages, got " + pages);
        var damage = new byte[pageSize];
        Arrays.fill(damage, (byte) 0x5A);
        try (var raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(pages / 2 * pageSize);
            raf.write(damage);
        }
        var damaged = Files.readAllBytes(file());

        try (var store = TestStores.open(dir)) {
            var aside = corruptCopies();
            assertEquals(1, aside.size(), "moved aside: " + aside);
            assertArrayEquals(damaged, Files.readAllBytes(aside.get(0)));
            assertTrue(store.notices().get(0).contains(aside.get(0).toString()), store.notices().toString());
            assertEquals(0, store.usage().count(), "a new, empty database");
        }
    }

    @Test
    void writeRollsBackEverythingWhenTheWorkThrows() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            var thrown = assertThrows(IllegalStateException.class, () -> db.write(c -> {
                update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')");
                update(c, "INSERT INTO setting (key, value) VALUES ('bind', '0.0.0.0')");
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", thrown.getMessage());

            assertEquals("0", db.read(c -> query(c, "SELECT count(*) FROM setting")));
        }
    }

    @Test
    void writeRollsBackEarlierStatementsWhenALaterOneFails() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            assertFails(StoreException.Kind.UNAVAILABLE, () -> db.write(c -> {
                update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')");
                return update(c, "INSERT INTO setting (key, value) VALUES ('port', '9292')"); // duplicate key
            }));

            assertEquals("0", db.read(c -> query(c, "SELECT count(*) FROM setting")));
            // and the connection is usable again afterwards
            db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9393')"));
            assertEquals("9393", db.read(c -> query(c, "SELECT value FROM setting")));
        }
    }

    @Test
    void aWriteThatFoundTheDatabaseLockedLeavesTheNextWriteAllOrNothing() throws SQLException {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK, Duration.ofMillis(200));
             var otherProcess = TestStores.connect(file())) {
            update(otherProcess, "BEGIN IMMEDIATE"); // holds the write lock past the busy timeout
            var locked = assertFails(StoreException.Kind.UNAVAILABLE,
                    () -> db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')")));
            assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
            update(otherProcess, "ROLLBACK");

            // The next write fails halfway: none of it may stay, as if the timed-out one had never been tried.
            assertFails(StoreException.Kind.UNAVAILABLE, () -> db.write(c -> {
                update(c, "INSERT INTO setting (key, value) VALUES ('port', '9292')");
                return update(c, "INSERT INTO setting (key, value) VALUES ('port', '9393')"); // duplicate key
            }));

            assertEquals("0", db.read(c -> query(c, "SELECT count(*) FROM setting")));
            db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9494')"));
            assertEquals("9494", query(otherProcess, "SELECT value FROM setting WHERE key = 'port'"),
                    "committed where another process sees it, and no transaction left open");
            update(otherProcess, "BEGIN IMMEDIATE"); // the writer holds no lock once its write returned
            update(otherProcess, "ROLLBACK");
        }
    }

    @Test
    void tellsListenersAfterACommitOnlyAndStopsWhenRemoved() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            var seenRows = new ArrayList<String>();
            Runnable listener = () -> seenRows.add(db.read(c -> query(c, "SELECT count(*) FROM setting")));
            db.addChangeListener(listener);

            db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')"));
            assertEquals(List.of("1"), seenRows, "told once, after the commit is visible");

            assertThrows(IllegalStateException.class, () -> db.write(c -> {
                throw new IllegalStateException("rolled back");
            }));
            assertEquals(List.of("1"), seenRows, "a rolled-back write is not a change");

            db.removeChangeListener(listener);
            db.write(c -> update(c, "DELETE FROM setting"));
            assertEquals(List.of("1"), seenRows);
        }
    }

    @Test
    void noticesCommitsOfAnotherConnection() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK);
             var other = Database.open(dir, Database.Check.QUICK, CLOCK)) {
            var told = new AtomicInteger();
            db.addChangeListener(told::incrementAndGet);
            assertFalse(db.pollDataVersion(), "nothing changed yet");

            other.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')"));

            assertTrue(db.pollDataVersion());
            assertEquals(1, told.get());
            assertFalse(db.pollDataVersion(), "the same change is announced once");
            assertEquals(1, told.get());
        }
    }

    @Test
    void ownWritesAreNotAnnouncedASecondTimeByThePoll() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            db.write(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')"));

            assertFalse(db.pollDataVersion());
        }
    }

    @Test
    void unannouncedWritesCommitWithoutTellingListenersButThePollStillSeesThem() {
        try (var db = Database.open(dir, Database.Check.FULL, CLOCK)) {
            var told = new AtomicInteger();
            db.addChangeListener(told::incrementAndGet);

            db.writeUnannounced(c -> update(c, "INSERT INTO setting (key, value) VALUES ('port', '9191')"));

            assertEquals("1", db.read(c -> query(c, "SELECT count(*) FROM setting")), "committed");
            assertEquals(0, told.get(), "not announced by the write itself");
            assertTrue(db.pollDataVersion(), "a poll cannot tell it from another process's commit: never lost");
            assertEquals(1, told.get());
        }
    }

    @Test
    void refusesAReadOnlyFile() throws IOException {
        assumePosix();
        Database.open(dir, Database.Check.FULL, CLOCK).close();
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("r--------"));
        // root may write anyway: then there is nothing to refuse
        Assumptions.assumeFalse(Files.isWritable(file()), "running as a user that ignores permissions");

        var e = assertFails(StoreException.Kind.UNAVAILABLE, () -> Database.open(dir, Database.Check.FULL, CLOCK));

        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
    }

    @Test
    void refusesAFolderThatCannotBeCreated() throws IOException {
        var blocker = Files.writeString(dir.resolve("not-a-folder"), "a file where a folder should be");
        var folder = blocker.resolve("data");

        var e = assertFails(StoreException.Kind.UNAVAILABLE, () -> Database.open(folder, Database.Check.FULL, CLOCK));

        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertEquals("a file where a folder should be", Files.readString(blocker));
    }

    // ---- helpers

    private static void assumePosix() {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX file permissions");
    }

    private List<Path> corruptCopies() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(Database.FILE_NAME + ".corrupt-"))
                    .filter(p -> !p.getFileName().toString().endsWith("-wal")
                            && !p.getFileName().toString().endsWith("-shm"))
                    .toList();
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        return query(c, "PRAGMA " + name);
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Integer update(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }
}
