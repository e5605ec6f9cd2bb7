package dev.switchboard.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The updater against a local "GitHub Releases" over real HTTP: a portable folder ({@code switchboard.jar} and
 * {@code switchboard.db} side by side) at version 1.0.0, and releases of 1.0.0 or 1.1.0 on the server.
 */
class UpdaterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final byte[] OLD_JAR = "the installed switchboard.jar, version 1.0.0".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private final ReleaseServer server = new ReleaseServer();
    private Path app;
    private Path newJar;

    @BeforeEach
    void portableFolderAndANewBuild() throws IOException {
        app = Files.createDirectories(temp.resolve("stick"));
        Files.write(app.resolve("switchboard.jar"), OLD_JAR);
        try (var store = Store.open(app, Database.Check.QUICK, CLOCK)) {
            store.settings().set(dev.switchboard.store.Setting.PORT, "9191");
        }
        var bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        newJar = Files.write(Files.createDirectories(temp.resolve("build")).resolve("switchboard.jar"), bytes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Update4jUpdater updater(String current) {
        return new Update4jUpdater(server.site(current), ReleaseServer.KEY, app.resolve("updates"), app, current,
                new DatabaseBackup(app, CLOCK));
    }

    @Test
    void saysThereIsNoUpdateWhenTheLatestReleaseIsTheRunningVersion() throws Exception {
        server.publish("v1.0.0", "1.0.0", "the first one", List.of(newJar), ReleaseServer.SIGNER);

        assertTrue(updater("1.0.0").check().isEmpty());
        assertTrue(updater("1.1.0").check().isEmpty(), "an older release is no update either");
        assertUntouched();
    }

    @Test
    void downloadsAndVerifiesANewerReleaseThenInstallsItAtTheNextStartAfterBackingUpTheDatabase() throws Exception {
        server.publish("v1.1.0", "1.1.0", "Faster failover.\nFixes the tray icon.", List.of(newJar),
                ReleaseServer.SIGNER);
        var updater = updater("1.0.0");

        var info = updater.check().orElseThrow();
        assertEquals("1.1.0", info.version());
        assertEquals("Faster failover.\nFixes the tray icon.", info.notes());

        var pending = updater.download(info);
        assertEquals("1.1.0", pending.version());
        assertTrue(Files.isRegularFile(pending.archive()));
        assertTrue(pending.archive().startsWith(app.resolve("updates")));
        assertArrayEquals(OLD_JAR, Files.readAllBytes(app.resolve("switchboard.jar")), "nothing installed yet");
        assertEquals(pending, updater.pending().orElseThrow());

        var installed = updater.installPending().orElseThrow();

        assertEquals("1.1.0", installed.version());
        assertArrayEquals(Files.readAllBytes(newJar), Files.readAllBytes(app.resolve("switchboard.jar")));
        assertFalse(Files.exists(pending.archive()), "the archive is consumed");
        var backups = backups();
        assertEquals(1, backups.size(), backups::toString);
        assertTrue(backups.get(0).getFileName().toString().startsWith("switchboard.db.before-1.1.0-"));
        Files.copy(backups.get(0), Files.createDirectories(temp.resolve("restored")).resolve(Database.FILE_NAME));
        try (var restored = Store.open(temp.resolve("restored"), Database.Check.FULL, CLOCK)) {
            assertEquals(9191, restored.snapshot().settings().port(), "the backup holds the data");
        }
        assertTrue(updater("1.1.0").installPending().isEmpty(), "installed once, not again");
    }

    @Test
    void refusesToDownloadWhereTheInstallationCannotBeReplaced() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var updater = updater("1.0.0");
        var info = updater.check().orElseThrow();
        java.nio.file.Files.setPosixFilePermissions(app, java.nio.file.attribute.PosixFilePermissions.fromString(
                "r-xr-xr-x"));
        try {
            // root writes anywhere: there the folder is writable after all, and the case cannot be shown
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(app), "running as root");
            var e = assertThrows(UpdateException.class, () -> updater.download(info));
            assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
            assertTrue(e.getMessage().contains("the way it was installed"), e.getMessage());
            assertTrue(updater.pending().isEmpty(), "nothing left for the next start to fail on");
        } finally {
            java.nio.file.Files.setPosixFilePermissions(app, java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rwxr-xr-x"));
        }
    }

    @Test
    void anInstalledPackageSaysHowToUpdateThroughItAndDownloadsNothing() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var installed = new Update4jUpdater(server.site("1.0.0"), ReleaseServer.KEY, app.resolve("updates"), app,
                "1.0.0", new DatabaseBackup(app, CLOCK), new Installation.InstalledPackage(PortableArchive.Os.WINDOWS));
        var info = installed.check().orElseThrow();

        var hint = installed.updatedByPackage(info).orElseThrow();
        var e = assertThrows(UpdateException.class, () -> installed.download(info));

        assertEquals(hint, e.getMessage());
        says(e, ".msi", "1.1.0", server.releasesUrl() + "/tag/v1.1.0");
        assertUntouched();
        assertTrue(updater("1.0.0").updatedByPackage(info).isEmpty(), "a jar in a folder updates itself");
    }

    @Test
    void anAppImageIsAnInstalledPackageUnlessMarkedPortable() throws IOException {
        var launcher = "/somewhere/Switchboard/bin/Switchboard";
        var home = temp.resolve("runtime");
        assertEquals(new Installation.JarFolder(), Installation.detect(app, null, "Linux", home, "amd64"));
        assertEquals(new Installation.InstalledPackage(PortableArchive.Os.LINUX),
                Installation.detect(app, launcher, "Linux", home, "amd64"));
        Files.writeString(app.resolve(Installation.MARKER), "portable");
        var portable = Installation.detect(app, "C:\\Switchboard\\Switchboard.exe", "Windows 11", home, "amd64");
        assertEquals(new Installation.PortableImage(PortableArchive.Os.WINDOWS, home, "x64"), portable);
        assertEquals("windows-x64", ((Installation.PortableImage) portable).platform());
    }

    @Test
    void refusesAReleaseWhoseConfigurationIsSignedByAnotherKey() {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.otherKey());
        var updater = updater("1.0.0");

        var e = assertThrows(UpdateException.class, updater::check);

        says(e, "not signed by the switchboard release key", "nothing was changed");
        assertUntouched();
    }

    @Test
    void refusesAFileWhoseChecksumDoesNotMatch() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var altered = Files.readAllBytes(newJar);
        altered[1000] ^= 0x5a; // same size, other content
        server.serve("v1.1.0", "switchboard.jar", altered);
        var updater = updater("1.0.0");

        var e = assertThrows(UpdateException.class, () -> updater.download(updater.check().orElseThrow()));

        says(e, "checksum does not match", "nothing was changed");
        assertUntouched();
    }

    @Test
    void refusesATruncatedDownload() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        server.serve("v1.1.0", "switchboard.jar", Arrays.copyOf(Files.readAllBytes(newJar), 120_000));
        var updater = updater("1.0.0");

        var e = assertThrows(UpdateException.class, () -> updater.download(updater.check().orElseThrow()));

        says(e, "wrong size", "cut short", "nothing was changed");
        assertUntouched();
    }

    @Test
    void saysWhyWhenTheReleaseServerCannotBeReached() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var site = ReleaseSite.of("http://127.0.0.1:" + closedPort + "/owner/switchboard/releases", "", "1.0.0");
        var updater = new Update4jUpdater(site, ReleaseServer.KEY, app.resolve("updates"), app, "1.0.0",
                new DatabaseBackup(app, CLOCK));

        var e = assertThrows(UpdateException.class, updater::check);

        says(e, "cannot reach the release server 127.0.0.1:" + closedPort, "connection refused");
        assertUntouched();
    }

    @Test
    void aFailedDownloadLeavesAnEarlierPendingUpdateInPlace() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var updater = updater("1.0.0");
        var pending = updater.download(updater.check().orElseThrow());
        var archive = Files.readAllBytes(pending.archive());

        server.publish("v1.2.0", "1.2.0", "", List.of(newJar), ReleaseServer.SIGNER);
        server.serve("v1.2.0", "switchboard.jar", Arrays.copyOf(archive, 10));
        assertThrows(UpdateException.class, () -> updater.download(updater.check().orElseThrow()));

        assertEquals(pending, updater.pending().orElseThrow());
        assertArrayEquals(archive, Files.readAllBytes(pending.archive()));
    }

    @Test
    void setsAsidePendingUpdateAlteredOnDiskAndKeepsTheInstalledJar() throws Exception {
        server.publish("v1.1.0", "1.1.0", "", List.of(newJar), ReleaseServer.SIGNER);
        var updater = updater("1.0.0");
        var pending = updater.download(updater.check().orElseThrow());
        // Someone swaps the downloaded jar inside the archive for another of the same size.
        try (var zip = java.nio.file.FileSystems.newFileSystem(pending.archive(), (ClassLoader) null)) {
            try (var files = Files.walk(zip.getPath("/files"))) {
                var jar = files.filter(Files::isRegularFile).findFirst().orElseThrow();
                var bytes = Files.readAllBytes(jar);
                bytes[5] ^= 1;
                bytes[6] ^= 1; // keeps Adler32's A sum, not its B sum: update4j's own checksum notices
                Files.write(jar, bytes);
            }
        }

        var e = assertThrows(UpdateException.class, updater::installPending);

        says(e, "failed its check", "altered", "set aside", "keeps working");
        assertArrayEquals(OLD_JAR, Files.readAllBytes(app.resolve("switchboard.jar")));
        assertTrue(updater.pending().isEmpty());
        assertTrue(backups().isEmpty(), "no backup for an update that was not installed");
    }

    /** The installed jar is the old one, nothing waits in updates/, and the database was not copied. */
    private void assertUntouched() {
        try {
            assertArrayEquals(OLD_JAR, Files.readAllBytes(app.resolve("switchboard.jar")));
            var updates = app.resolve("updates");
            if (Files.isDirectory(updates)) {
                try (Stream<Path> left = Files.list(updates)) {
                    assertEquals(List.of(), left.toList(), "nothing is left in updates/");
                }
            }
            assertTrue(backups().isEmpty());
            try (var store = Store.open(app, Database.Check.FULL, CLOCK)) {
                assertEquals(9191, store.snapshot().settings().port());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(app)) {
            return files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-")).toList();
        }
    }

    private static void says(Exception e, String... words) {
        var message = e.getMessage().toLowerCase(Locale.ROOT);
        for (var w : words) {
            assertTrue(message.contains(w.toLowerCase(Locale.ROOT)), () -> "expected '" + w + "' in: " + e.getMessage());
        }
    }
}
