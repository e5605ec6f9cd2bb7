package dev.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward-only schema migrations, numbered by {@code PRAGMA user_version}. Version N's script is the
 * classpath resource {@code migrations/VN.sql} beside this class; a released script is never edited.
 *
 * <p>Before an existing database is migrated, a copy of it is written beside it ({@code VACUUM INTO}), so a
 * migration that goes wrong, or a person who wants the older Switchboard back, loses nothing.
 */
final class Migrations {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Migrations() {
    }

    /** The schema version this build writes. */
    static int latest() {
        int n = 0;
        while (Migrations.class.getResource(resource(n + 1)) != null) {
            n++;
        }
        return n;
    }

    /** Migrates to {@link #latest()}; returns notices for the person (a backup that was made). */
    static List<String> migrate(Connection c, Path file, Clock clock) throws SQLException {
        return migrateTo(c, file, clock, latest());
    }

    static List<String> migrateTo(Connection c, Path file, Clock clock, int target) throws SQLException {
        var notices = new ArrayList<String>();
        int current = userVersion(c);
        if (current > latest()) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "The database " + file
                    + " was written by a newer Switchboard (schema " + current + "; this one knows up to "
                    + latest() + "). Update Switchboard, or start this one with --data-dir pointing elsewhere."
                    + " The file was left untouched.");
        }
        if (current >= target) {
            return notices;
        }
        if (current > 0 && file != null) {
            var backup = file.resolveSibling(file.getFileName() + ".before-v" + target + "-"
                    + STAMP.format(clock.instant().atZone(ZoneId.systemDefault())));
            if (!Files.exists(backup)) {
                try (var st = c.createStatement()) {
                    st.execute("VACUUM INTO '" + backup.toAbsolutePath().toString().replace("'", "''") + "'");
                }
                notices.add("Upgraded the database from schema " + current + " to " + target
                        + "; a copy of the old one is at " + backup);
            }
        }
        Transaction.write(c, tx -> {
            // Re-read inside the write transaction: another process may have migrated meanwhile.
            for (int v = userVersion(tx) + 1; v <= target; v++) {
                try (var st = tx.createStatement()) {
                    for (var sql : statements(script(v))) {
                        st.execute(sql);
                    }
                    st.execute("PRAGMA user_version = " + v);
                }
            }
            return null;
        });
        return notices;
    }

    static int userVersion(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String resource(int version) {
        return "migrations/V" + version + ".sql";
    }

    private static String script(int version) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource(version))) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + resource(version));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration " + resource(version), e);
        }
    }

    /**
     * Splits a script into statements: drops {@code --} comments (whole lines and line ends, outside quotes) and
     * splits at a ';' that ends a line. sqlite-jdbc runs only the first statement of a string it is given, so a
     * statement that did not end its line would otherwise be lost without a word; such a script is refused.
     */
    static List<String> statements(String script) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        for (var rawLine : script.split("\n")) {
            var line = withoutComment(rawLine);
            var trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int semicolon = trimmed.indexOf(';');
            if (semicolon >= 0 && semicolon != trimmed.length() - 1 && outsideQuotes(trimmed, semicolon)) {
                throw new IllegalStateException("Migration line has text after ';' (one statement per line end): "
                        + trimmed);
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static boolean outsideQuotes(String line, int index) {
        boolean quoted = false;
        for (int i = 0; i < index; i++) {
            if (line.charAt(i) == '\'') {
                quoted = !quoted;
            }
        }
        return !quoted;
    }
}
