package dev.switchboard.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * The SQLite file {@code switchboard.db}: opened in WAL mode with a busy timeout, checked for integrity,
 * migrated forward, and checkpointed on close so the file is whole when a USB stick is pulled.
 *
 * <p>One writer: all writes of this process go through one connection under one lock, in {@code BEGIN
 * IMMEDIATE} transactions, so two writers (this process and a CLI run beside it) queue on SQLite's lock
 * instead of failing with a deadlock on lock upgrade. Reads use a second connection so that a long statistics
 * query never holds up a write. Transactions are SQL's own ({@link Transaction}), not sqlite-jdbc's, so that a
 * write is reported as done exactly when its COMMIT returned.
 *
 * <p>Durability: {@code synchronous=FULL}. In WAL mode a commit is in the operating system's hands once COMMIT
 * returns, so NORMAL would already survive the process being killed at any point (kill -9, a crash); what FULL adds
 * is an fsync of the WAL at every commit, so that a change Switchboard has confirmed (a CLI's {@code settings set},
 * a Save in the window) also survives a power cut or a USB stick pulled while it runs. It costs a millisecond or
 * two per commit, and no commit is on a request's path (usage and health are written behind).
 *
 * <p>Changes committed by any other connection, including another process, are noticed through
 * {@code PRAGMA data_version} and announced to the listeners.
 */
public final class Database implements AutoCloseable {
    public static final String FILE_NAME = "switchboard.db";

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** How thoroughly the file is checked when it is opened. */
    public enum Check {
        /** {@code PRAGMA integrity_check}: the full check, when the gateway starts. */
        FULL,
        /** {@code PRAGMA quick_check}: for short CLI runs beside a large usage history. */
        QUICK
    }

    private final Path file;
    private final Clock clock;
    private final Duration busyTimeout;
    private final Connection writer;
    private final Connection reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<String> notices;
    private ScheduledExecutorService watcher;
    private long lastDataVersion;
    private boolean closed;

    private Database(Path file, Clock clock, Duration busyTimeout, Connection writer, Connection reader,
                     List<String> notices) {
        this.file = file;
        this.clock = clock;
        this.busyTimeout = busyTimeout;
        this.writer = writer;
        this.reader = reader;
        this.notices = List.copyOf(notices);
    }

    /**
     * Opens (creating if needed) the database in {@code folder}. A corrupt file is moved aside, never deleted,
     * and a fresh one is created; {@link #notices()} then says where the old one went.
     *
     * @throws StoreException of kind UNAVAILABLE when the file cannot be used (read-only, newer schema, I/O)
     */
    public static Database open(Path folder, Check check, Clock clock) {
        return open(folder, check, clock, BUSY_TIMEOUT);
    }

    /** {@link #open(Path, Check, Clock)} with another busy timeout: how long a write waits for another writer. */
    static Database open(Path folder, Check check, Clock clock, Duration busyTimeout) {
        var file = folder.resolve(FILE_NAME);
        var notices = new ArrayList<String>();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw unavailable("Cannot create the data folder " + folder + ": " + e.getMessage(), e);
        }
        SqliteLibrary.useCached(folder); // before the driver's first connection loads its native library
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw unavailable(file + " is read-only. Make it writable (for example `chmod u+w " + file
                    + "`) or start Switchboard with --data-dir pointing at a writable folder.", null);
        }
        if (Files.exists(file)) {
            var problem = integrityProblem(file, check, busyTimeout);
            if (problem != null) {
                var aside = moveAside(file, clock);
                notices.add("The database " + file + " was damaged (" + problem + "). It was moved to " + aside
                        + " and a new, empty database was created. Nothing was deleted: the old file is still"
                        + " there for recovery.");
                LOG.log(System.Logger.Level.WARNING, notices.get(notices.size() - 1));
            }
        }
        createOwnerOnly(file);
        Connection writer = null;
        try {
            writer = connect(file, busyTimeout);
            notices.addAll(Migrations.migrate(writer, file, clock));
            var reader = connect(file, busyTimeout);
            var db = new Database(file, clock, busyTimeout, writer, reader, notices);
            db.lastDataVersion = db.readDataVersion();
            return db;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw translate("open " + file, e, busyTimeout);
        } catch (RuntimeException e) {
            // A refusal such as "written by a newer Switchboard": do not leave the file open (and locked).
            closeQuietly(writer);
            throw e;
        }
    }

    /**
     * Writes a consistent copy of the database in {@code folder} to {@code target} ({@code VACUUM INTO}, which
     * reads one snapshot, so a gateway writing meanwhile is fine), readable by its owner only like the original.
     * Returns null when there is no database yet. Used before the first start of a new version.
     */
    public static Path backUp(Path folder, Path target) throws java.io.IOException {
        var file = folder.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        if (Files.exists(target)) {
            throw new java.io.IOException(target + " already exists");
        }
        createOwnerOnly(target);
        Files.delete(target); // VACUUM INTO wants to create the file; the empty one only fixed its mode on POSIX
        var config = new SQLiteConfig();
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement()) {
            st.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new java.io.IOException(translate("back up " + file, e, BUSY_TIMEOUT).getMessage(), e);
        }
        try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own ACLs apply.
        }
        return target;
    }

    public Path file() {
        return file;
    }

    public Clock clock() {
        return clock;
    }

    /** What the person must be told about this opening (a damaged file moved aside, a migration backup). */
    public List<String> notices() {
        return notices;
    }

    /** Work that reads; runs in one (deferred) transaction so multi-statement reads see one state. */
    public <T> T read(SqlWork<T> work) {
        readLock.lock();
        try {
            ensureOpen();
            return Transaction.read(reader, work);
        } catch (SQLException e) {
            throw translate("read", e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Work that writes, in one {@code BEGIN IMMEDIATE} transaction: all of it lands or none of it does.
     * Listeners are told after the commit.
     */
    public <T> T write(SqlWork<T> work) {
        var result = commit(work);
        // Our own commit changes the reader's data_version too: note it, so the watcher does not announce
        // this change a second time. Listeners reload everything, so a change by another process that
        // landed in between is not lost.
        try {
            long version = readDataVersion();
            synchronized (this) {
                lastDataVersion = version;
            }
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.DEBUG, "data_version read after write failed", e);
        }
        fireChanged();
        return result;
    }

    /**
     * Work that writes only what no listener reads (the request log), like {@link #write} but without telling
     * the listeners: a busy gateway logs requests many times a second, and each announcement would reload the
     * whole configuration snapshot for nothing. The watcher still sees the commit at its next poll (it cannot
     * tell it from another process's), so a change by another process is never lost.
     */
    public <T> T writeUnannounced(SqlWork<T> work) {
        return commit(work);
    }

    private <T> T commit(SqlWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return Transaction.write(writer, work);
        } catch (SQLException e) {
            throw translate("write", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Called after any committed change, from this process or another one (see {@link #watch}). */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * Starts noticing changes committed by other processes (a CLI run beside a running gateway) by polling
     * {@code PRAGMA data_version}, which changes whenever another connection commits. Cheap: one pragma a
     * period on an idle connection.
     */
    public synchronized void watch(long periodMillis) {
        if (watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "switchboard-db-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::pollDataVersion, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Checks once whether another connection committed since the last look; returns true when one did. */
    public boolean pollDataVersion() {
        long version;
        try {
            version = readDataVersion();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "data_version poll failed", e);
            return false;
        }
        boolean changed;
        synchronized (this) {
            changed = version != lastDataVersion;
            lastDataVersion = version;
        }
        if (changed) {
            fireChanged();
        }
        return changed;
    }

    private long readDataVersion() {
        readLock.lock();
        try {
            ensureOpen();
            try (var st = reader.createStatement(); var rs = st.executeQuery("PRAGMA data_version")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw translate("read data_version", e);
        } finally {
            readLock.unlock();
        }
    }

    private void fireChanged() {
        for (var listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A database change listener failed", e);
            }
        }
    }

    /**
     * Checkpoints the WAL into the main file (TRUNCATE leaves an empty WAL) and closes. After this the folder
     * can be copied or the stick pulled: {@code switchboard.db} alone holds everything.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (watcher != null) {
                watcher.shutdownNow();
            }
        }
        writeLock.lock();
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(reader);
            try (var st = writer.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "Checkpoint on close failed: " + e.getMessage());
            }
            closeQuietly(writer);
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "The database is closed.");
        }
    }

    /** Unit of database work; may throw SQLException, which the database translates. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A connection in JDBC auto-commit mode: its transactions are {@link Transaction}'s. */
    static Connection connect(Path file, Duration busyTimeout) throws SQLException {
        var config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // see the class comment
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        Properties props = config.toProperties();
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
    }

    /** Returns null when the file is sound, else a short description of what is wrong. */
    private static String integrityProblem(Path file, Check check, Duration busyTimeout) {
        var pragma = check == Check.FULL ? "PRAGMA integrity_check" : "PRAGMA quick_check";
        var config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(pragma)) {
            var first = rs.next() ? rs.getString(1) : "no answer";
            return "ok".equalsIgnoreCase(first) ? null : "integrity check: " + first;
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xff;
            if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return "not a readable SQLite database: " + e.getMessage();
            }
            throw translate("check " + file, e, busyTimeout);
        }
    }

    private static Path moveAside(Path file, Clock clock) {
        var stamp = STAMP.format(clock.instant().atZone(ZoneId.systemDefault()));
        var aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int i = 2; Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + i);
        }
        try {
            move(file, aside);
            for (var suffix : List.of("-wal", "-shm")) {
                var side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    move(side, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
        } catch (IOException e) {
            throw unavailable("The database " + file + " is damaged and could not be moved aside (" + e.getMessage()
                    + "). Move or rename it yourself, then start Switchboard again.", e);
        }
        return aside;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** The database holds API keys: readable by its owner only (SQLite gives -wal/-shm the same mode). */
    private static void createOwnerOnly(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows, FAT on a USB stick): the folder's own ACLs apply.
        } catch (IOException e) {
            throw unavailable("Cannot create " + file + ": " + e.getMessage()
                    + ". Check that the data folder is writable, or use --data-dir.", e);
        }
    }

    private StoreException translate(String what, SQLException e) {
        return translate(what, e, busyTimeout);
    }

    static StoreException translate(String what, SQLException e, Duration busyTimeout) {
        int code = e.getErrorCode() & 0xff;
        String message;
        if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
            message = "The database is read-only (" + e.getMessage() + "). Make the data folder writable or use --data-dir.";
        } else if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            var waited = busyTimeout.toMillis() % 1000 == 0 ? busyTimeout.toSeconds() + " s"
                    : busyTimeout.toMillis() + " ms";
            message = "The database stayed locked by another process for " + waited + "; try again.";
        } else if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            message = "The disk holding the database is full; free some space and try again.";
        } else {
            message = "Database error during " + what + ": " + e.getMessage();
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, message, e);
    }

    private static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(StoreException.Kind.UNAVAILABLE, message, cause);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure; nothing more to do
        }
    }
}
