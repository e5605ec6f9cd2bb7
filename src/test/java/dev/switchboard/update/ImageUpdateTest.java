package dev.switchboard.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unpacked portable folder (a Linux app-image stand-in, marked portable, with its database in its root) at 1.0.0
 * updates itself from a local "GitHub Releases" that publishes 1.1.0 as the release workflow does: the jar, the
 * portable archive and their signed configurations. When the release's runtime or launchers are this image's, only
 * the jar is fetched and replaced; when they differ, the whole image is, after the database was backed up, and the
 * data in the folder stays.
 */
class ImageUpdateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String RUNTIME = "JAVA_VERSION=\"17.0.15\"\nMODULES=\"java.base java.desktop\"\n";

    @TempDir
    Path temp;

    private final ReleaseServer server = new ReleaseServer();
    private Path root;
    private Path appFolder;

    @BeforeEach
    void anUnpackedPortableFolderWithItsData() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a Linux layout");
        root = image(temp.resolve("stick").resolve("Switchboard"), "1.0.0", RUNTIME, "-Xmx128m");
        appFolder = root.resolve("lib/app");
        Files.writeString(appFolder.resolve(Installation.MARKER), "portable");
        try (var store = Store.open(root, Database.Check.QUICK, CLOCK)) {
            store.settings().set(Setting.PORT, "9191");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Update4jUpdater updater() {
        return new Update4jUpdater(server.site("1.0.0"), ReleaseServer.KEY, root.resolve("updates"), appFolder,
                "1.0.0", new DatabaseBackup(root, CLOCK),
                new Installation.PortableImage(PortableArchive.Os.LINUX, root.resolve("lib/runtime"), "x64"));
    }

    @Test
    void aReleaseWithThisImagesRuntimeAndLaunchersReplacesTheJarAlone() throws Exception {
        var next = release("1.1.0", RUNTIME, "-Xmx128m");
        var updater = updater();

        var pending = updater.download(updater.check().orElseThrow());
        updater.installPending();

        assertFalse(server.requested().stream().anyMatch(p -> p.endsWith(".tar.gz")), "the archive is not fetched: "
                + server.requested());
        assertArrayEquals(Files.readAllBytes(next.resolve("lib/app/switchboard.jar")),
                Files.readAllBytes(appFolder.resolve("switchboard.jar")));
        assertEquals(RUNTIME, Files.readString(root.resolve("lib/runtime/release")), "the runtime stays");
        assertFalse(Files.exists(pending.archive()));
    }

    @Test
    void aReleaseWithAnotherRuntimeReplacesTheWholeImageAfterBackingUpTheDatabaseAndKeepsTheData() throws Exception {
        var newRuntime = "JAVA_VERSION=\"17.0.16\"\nMODULES=\"java.base java.desktop jdk.crypto.ec\"\n";
        var next = release("1.1.0", newRuntime, "-Xmx96m");
        var updater = updater();

        updater.download(updater.check().orElseThrow());
        assertTrue(server.requested().stream().anyMatch(p -> p.endsWith("Switchboard-1.1.0-linux-x64.tar.gz")));
        assertEquals(RUNTIME, Files.readString(root.resolve("lib/runtime/release")), "nothing changes before the start");
        var installed = updater.installPending();

        assertEquals("1.1.0", installed.orElseThrow().version());
        assertEquals(newRuntime, Files.readString(root.resolve("lib/runtime/release")), "the new runtime");
        assertTrue(Files.readString(appFolder.resolve("Switchboard.cfg")).contains("-Xmx96m"), "the new launchers");
        assertArrayEquals(Files.readAllBytes(next.resolve("bin/Switchboard")),
                Files.readAllBytes(root.resolve("bin/Switchboard")));
        assertTrue(Files.isExecutable(root.resolve("bin/Switchboard")));
        assertArrayEquals(Files.readAllBytes(next.resolve("lib/app/switchboard.jar")),
                Files.readAllBytes(appFolder.resolve("switchboard.jar")));
        assertTrue(Files.isRegularFile(appFolder.resolve(Installation.MARKER)), "still portable");
        try (var store = Store.open(root, Database.Check.FULL, CLOCK)) {
            assertEquals(9191, store.snapshot().settings().port(), "the data in the folder stays");
        }
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-1.1.0-"))
                    .count(), "the database was backed up first");
        }
        assertTrue(Files.isDirectory(root.resolve(".lib.old")), "the old lib/ waits aside until the next start");

        updater.stagePending(); // the next start: nothing pending, leftovers tidied
        assertFalse(Files.exists(root.resolve(".lib.old")));
        assertFalse(Files.exists(root.resolve("updates/image-1.1.0")));
    }

    /** Publishes {@code version} with its jar and portable archive; returns the new image. */
    private Path release(String version, String runtime, String heap) throws IOException {
        var build = Files.createDirectories(temp.resolve("build-" + version));
        var next = image(build.resolve("Switchboard"), version, runtime, heap);
        var archive = PortableArchive.write(next, build, "x64");
        var jar = Files.copy(next.resolve("lib/app/switchboard.jar"),
                Files.createDirectories(temp.resolve("release-" + version)).resolve("switchboard.jar"));
        server.publishWithImages("v" + version, version, List.of(jar), List.of(archive));
        return next;
    }

    /** A Linux app-image stand-in: launchers, runtime, a jar of {@code version}, a launcher configuration. */
    private static Path image(Path image, String version, String runtime, String heap) throws IOException {
        var bin = Files.createDirectories(image.resolve("bin"));
        for (var launcher : List.of("Switchboard", "switchboard-headless")) {
            Files.writeString(bin.resolve(launcher), "launcher of " + version);
            Files.setPosixFilePermissions(bin.resolve(launcher), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        var app = Files.createDirectories(image.resolve("lib/app"));
        try (var out = new JarOutputStream(Files.newOutputStream(app.resolve("switchboard.jar")))) {
            out.putNextEntry(new JarEntry("dev/switchboard/app/version.properties"));
            out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("filler"));
            var bytes = new byte[50_000];
            new Random(version.hashCode()).nextBytes(bytes);
            out.write(bytes);
            out.closeEntry();
        }
        Files.writeString(app.resolve("Switchboard.cfg"), "[Application]\napp.classpath=$APPDIR/switchboard.jar\n\n"
                + "[JavaOptions]\njava-options=-Djpackage.app-version=" + version + "\njava-options=" + heap + "\n");
        Files.writeString(Files.createDirectories(image.resolve("lib/runtime")).resolve("release"), runtime);
        return image;
    }
}
