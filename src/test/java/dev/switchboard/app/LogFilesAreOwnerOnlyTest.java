package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code logs/} folder and every file in it are readable by their owner only, like the database and the admin
 * token (DESIGN §6, issue 18): the log holds the request lines (models, channels, upstreams' error texts). Also the
 * files begun when the log rotates, and a folder an older version left world-readable.
 */
class LogFilesAreOwnerOnlyTest {
    private static final String DIRECTORY = "rwx------";
    private static final String FILE = "rw-------";

    @TempDir
    Path dataDir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "permissions are POSIX modes here; elsewhere the folder's own ACLs apply");
    }

    @AfterEach
    void restoreLogging() throws IOException {
        // Logging.forGateway replaced the JVM's logging: the other tests get the test configuration back
        LogManager.getLogManager().readConfiguration();
    }

    private Path logs() {
        return dataDir.resolve("logs");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every file in logs/ with its mode, by name. */
    private TreeMap<String, String> fileModes() throws IOException {
        var out = new TreeMap<String, String>();
        try (Stream<Path> files = Files.list(logs())) {
            for (var f : files.toList()) {
                out.put(f.getFileName().toString(), mode(f));
            }
        }
        return out;
    }

    @Test
    void theLogFolderAndItsFilesAreOwnerOnly() throws IOException {
        Logging.forGateway(dataDir, false);
        Logger.getLogger("dev.switchboard.test").info("a line");

        assertEquals(DIRECTORY, mode(logs()));
        var files = fileModes();
        assertTrue(files.containsKey("switchboard-0.log"), files.toString());
        files.forEach((name, mode) -> assertEquals(FILE, mode, name));
    }

    @Test
    void theFilesBegunWhenTheLogRotatesAreOwnerOnlyToo() throws IOException {
        Logging.forGateway(dataDir, false, 2_000);
        var log = Logger.getLogger("dev.switchboard.test");
        for (int i = 0; i < 100; i++) {
            log.info("line " + i + " " + "x".repeat(100));
        }

        var files = fileModes();
        assertTrue(files.keySet().containsAll(List.of("switchboard-0.log", "switchboard-1.log", "switchboard-2.log")),
                "the log rotated: " + files);
        files.forEach((name, mode) -> assertEquals(FILE, mode, name));
    }

    @Test
    void aFolderAnOlderVersionLeftReadableIsMadeOwnerOnly() throws IOException {
        Files.createDirectories(logs());
        Files.setPosixFilePermissions(logs(), PosixFilePermissions.fromString("rwxr-xr-x"));
        var old = Files.writeString(logs().resolve("switchboard-1.log"), "an old line\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        Logging.forGateway(dataDir, false);

        assertEquals(DIRECTORY, mode(logs()));
        assertEquals(FILE, mode(old));
        fileModes().forEach((name, mode) -> assertEquals(FILE, mode, name));
    }
}
