package dev.switchboard.app;

import dev.switchboard.store.Redaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.ErrorManager;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log: {@link System.Logger} and Jetty's SLF4J both end in java.util.logging, configured here with a
 * formatter that masks anything that looks like a key. The gateway writes {@code logs/switchboard-0.log} in the
 * data folder (rotated to {@code -1} and {@code -2}: 3 × 5 MB; the folder and its files readable by their owner
 * only), with one INFO line per request in the request log
 * (the logger {@code dev.switchboard.requests}, written by the usage writer, never by a request's thread); CLI runs
 * only print warnings.
 *
 * <p>The console shows warnings, so a busy gateway does not scroll a terminal away; {@code --verbose} shows
 * everything the file holds and Switchboard's debug lines too (each refusal as it happens, for one). Jetty's own
 * debug lines stay out even then: dozens per request about its parser and selector, which drown Switchboard's.
 */
final class Logging {
    /** How large a log file grows before the next one is begun; three are kept. */
    static final int FILE_LIMIT = 5_000_000;
    static final int FILE_COUNT = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /** Held so the level set on it survives: JUL keeps loggers only weakly. */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    private Logging() {
    }

    /** For short CLI runs: warnings and errors to stderr, nothing on disk. */
    static void forCli() {
        var root = reset();
        root.setLevel(Level.WARNING);
        var console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        console.setFormatter(new RedactingFormatter(false));
        root.addHandler(console);
    }

    /** For the gateway: INFO and up to the log file, warnings to stderr. */
    static void forGateway(Path dataFolder, boolean verbose) {
        forGateway(dataFolder, verbose, FILE_LIMIT);
    }

    /** {@link #forGateway(Path, boolean)} with another size per log file (tests: rotation without 5 MB of lines). */
    static void forGateway(Path dataFolder, boolean verbose, int fileLimit) {
        var root = reset();
        root.setLevel(verbose ? Level.FINE : Level.INFO);
        var console = new ConsoleHandler();
        console.setLevel(verbose ? Level.FINE : Level.WARNING);
        console.setFormatter(new RedactingFormatter(false));
        root.addHandler(console);
        try {
            var logs = dataFolder.resolve("logs");
            Files.createDirectories(logs);
            ownerOnly(logs, DIRECTORY);
            var file = new OwnerOnlyFileHandler(logs, fileLimit);
            file.setEncoding("UTF-8");
            file.setFormatter(new RedactingFormatter(true));
            file.setLevel(Level.ALL);
            root.addHandler(file);
        } catch (IOException | RuntimeException e) {
            root.warning("Cannot write the log file in " + dataFolder.resolve("logs") + " (" + e.getMessage()
                    + "); logging to the console only.");
        }
        // Jetty's INFO lines ("Started Server@…") say nothing a person needs; its debug lines, dozens per request,
        // would bury Switchboard's own under --verbose.
        JETTY.setLevel(verbose ? Level.INFO : Level.WARNING);
    }

    /**
     * The log folder and its files are readable by their owner only, like the database (DESIGN §6): the log holds
     * the request lines, with models, channels and upstreams' error texts. Java creates files by the process's
     * umask (most often 0644), so each file is set after it is made: the folder, set first, keeps everyone else
     * out meanwhile. Also a folder and files an older version left readable to all.
     */
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static void ownerOnly(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows, FAT on a USB stick): the folder's own ACLs apply.
        }
    }

    /** Every file in the log folder (the logs, the lock FileHandler keeps beside them). */
    private static void filesOwnerOnly(Path logs) throws IOException {
        try (var files = Files.newDirectoryStream(logs, Files::isRegularFile)) {
            for (var f : files) {
                ownerOnly(f, FILE);
            }
        }
    }

    /**
     * The JDK's rotating file handler, with each file it opens made owner-only: it opens one at the start and one
     * at each rotation, and hands each to {@link #setOutputStream} before it writes a line into it.
     */
    private static final class OwnerOnlyFileHandler extends FileHandler {
        /** Null while FileHandler's constructor opens the first file; the constructor below sets that one. */
        private final Path logs;

        OwnerOnlyFileHandler(Path logs, int fileLimit) throws IOException {
            super(logs.resolve("switchboard-%g.log").toString(), fileLimit, FILE_COUNT, true);
            this.logs = logs;
            filesOwnerOnly(logs);
        }

        @Override
        protected synchronized void setOutputStream(OutputStream out) {
            super.setOutputStream(out);
            if (logs != null) {
                try {
                    filesOwnerOnly(logs);
                } catch (IOException e) {
                    reportError("Cannot make the log files readable by their owner only", e, ErrorManager.OPEN_FAILURE);
                }
            }
        }
    }

    private static Logger reset() {
        LogManager.getLogManager().reset();
        return Logger.getLogger("");
    }

    private static final class RedactingFormatter extends Formatter {
        private final boolean withTrace;

        RedactingFormatter(boolean withTrace) {
            this.withTrace = withTrace;
        }

        @Override
        public String format(LogRecord r) {
            var sb = new StringBuilder();
            if (withTrace) {
                sb.append(TIME.format(r.getInstant())).append(' ');
            }
            sb.append(r.getLevel().getName()).append(' ');
            if (withTrace) {
                var name = r.getLoggerName() == null ? "" : r.getLoggerName();
                sb.append(name.substring(name.lastIndexOf('.') + 1)).append(": ");
            }
            sb.append(formatMessage(r));
            if (r.getThrown() != null) {
                if (withTrace) {
                    var sw = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(sw));
                    sb.append(System.lineSeparator()).append(sw);
                } else {
                    sb.append(" (").append(r.getThrown()).append(')');
                }
            }
            return Redaction.redact(sb.toString()) + System.lineSeparator();
        }
    }
}
