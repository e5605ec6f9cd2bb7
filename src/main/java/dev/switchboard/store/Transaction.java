package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One SQLite transaction, begun and ended with SQL's own {@code BEGIN} / {@code COMMIT} / {@code ROLLBACK} on a
 * connection that stays in JDBC auto-commit mode, so that what a caller is told is exactly what SQLite did: the
 * change is committed when {@link #write} returns, and none of it is when it throws.
 *
 * <p>sqlite-jdbc's JDBC transactions do not give that. Its {@code commit()} runs COMMIT and then at once BEGINs the
 * next transaction (IMMEDIATE on a writer, which waits for the write lock): when another process holds that lock
 * past the busy timeout, a change that was committed is reported as failed. And a {@code setAutoCommit(false)}
 * whose BEGIN timed out leaves the connection believing it is in a transaction that never started, so the next
 * write's statements each commit on their own: a write that then fails halfway leaves its first half behind.
 */
final class Transaction {
    private Transaction() {
    }

    /**
     * Runs {@code work} in a write transaction. {@code BEGIN IMMEDIATE} takes the write lock before anything is
     * read, waiting (busy timeout) for another writer, so that two processes queue instead of failing on a lock
     * upgrade; when it fails, nothing was started and nothing is left to undo.
     */
    static <T> T write(Connection c, Database.SqlWork<T> work) throws SQLException {
        execute(c, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            var result = work.run(c);
            execute(c, "COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollback(c);
            }
        }
    }

    /** Runs {@code work} in a read transaction, so that its statements see one state; it changes nothing. */
    static <T> T read(Connection c, Database.SqlWork<T> work) throws SQLException {
        execute(c, "BEGIN DEFERRED");
        try {
            return work.run(c);
        } finally {
            rollback(c);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollback(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // No transaction left to roll back: SQLite ends it by itself after some errors (a full disk, an I/O
            // error). The failure that got us here is the one to report.
        }
    }
}
