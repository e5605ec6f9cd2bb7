package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.update.ReleaseServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaged Switchboard of version N updates itself to N+1 from a local "GitHub Releases": {@code update
 * --apply} downloads and verifies, and the next start installs, backs up the database and runs N+1. Both jars
 * are the built {@code target/switchboard.jar} repacked: with the test release key in place of the bundled one
 * (a real release key's private half is never at hand), and for N+1 with version 99.0.0.
 */
class SelfUpdateIT {
    @TempDir
    Path temp;

    @Test
    void versionNDownloadsNPlusOneAndRunsItAtTheNextStartWithItsDataBackedUp() throws Exception {
        var built = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
        var testKey = ReleaseServer.resource("test-release-key.pub").getBytes(StandardCharsets.US_ASCII);
        var app = Files.createDirectories(temp.resolve("app"));
        var jar = repack(built, app.resolve("switchboard.jar"), testKey, null);
        var next = repack(built, Files.createDirectories(temp.resolve("release")).resolve("switchboard.jar"), testKey,
                "99.0.0");
        var before = run(jar, "--version");
        assertTrue(before.output().contains("Switchboard " + Version.current()), before.output());

        try (var server = new ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "The next one.", List.of(next));
            assertEquals(0, run(jar, "settings", "set", "update-url", server.releasesUrl()).exitCode());
            assertEquals(0, run(jar, "settings", "set", "port", "9393").exitCode());

            var check = run(jar, "update", "--check");
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("latest:  Switchboard 99.0.0"), check.output());
            assertTrue(check.output().contains("The next one."), check.output());

            var apply = run(jar, "update", "--apply");
            assertEquals(0, apply.exitCode(), apply.output());
            assertTrue(apply.output().contains("installed the next time Switchboard starts"), apply.output());
            assertTrue(Files.exists(app.resolve("updates").resolve("switchboard-99.0.0.zip")));
        }

        var restarted = run(jar, "--version");

        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(restarted.output().contains("Updated Switchboard " + Version.current() + " to 99.0.0"),
                restarted.output());
        assertTrue(restarted.output().contains("Switchboard 99.0.0"), restarted.output());
        assertArrayEquals(Files.readAllBytes(next), Files.readAllBytes(jar), "the new jar is in place");
        try (Stream<Path> files = Files.list(app)) {
            var backups = files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-99.0.0-"))
                    .toList();
            assertEquals(1, backups.size(), "one backup of the database before the first start of 99.0.0");
        }
        var settings = run(jar, "settings", "get", "port");
        assertEquals(0, settings.exitCode(), settings.output());
        assertTrue(settings.output().contains("9393"), "the data survived: " + settings.output());
        assertTrue(run(jar, "--version").output().startsWith("Switchboard 99.0.0"), "N+1 runs directly now");
    }

    @Test
    void asOnWindowsAHelperPutsTheUpdateInPlaceOnceTheOldVersionHasExitedAndStartsTheNewOne() throws Exception {
        // Windows cannot rename the jar a running JVM holds: there the old version stages the update, starts
        // FinishUpdate from a copy of its jar and exits. The test seam makes this JVM behave so.
        var built = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
        var testKey = ReleaseServer.resource("test-release-key.pub").getBytes(StandardCharsets.US_ASCII);
        var app = Files.createDirectories(temp.resolve("app"));
        var jar = repack(built, app.resolve("switchboard.jar"), testKey, null);
        var next = repack(built, Files.createDirectories(temp.resolve("release")).resolve("switchboard.jar"), testKey,
                "99.0.0");
        try (var server = new ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "", List.of(next));
            assertEquals(0, run(jar, "settings", "set", "update-url", server.releasesUrl()).exitCode());
            assertEquals(0, run(jar, "update", "--apply").exitCode());
        }

        var restarted = run(List.of("-D" + StartupUpdate.FINISH_AFTER_EXIT_PROPERTY + "=true"), jar, "--version");

        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(restarted.output().contains("Updating Switchboard " + Version.current() + " to 99.0.0"),
                restarted.output());
        // The helper and the new version write to the same console, which the test reads to its end.
        assertTrue(restarted.output().contains("Switchboard 99.0.0"), restarted.output());
        assertArrayEquals(Files.readAllBytes(next), Files.readAllBytes(jar), "the helper put the new jar in place");
        assertTrue(Files.notExists(app.resolve("updates").resolve("switchboard-99.0.0.zip")), "the archive is consumed");
        try (Stream<Path> files = Files.list(app)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-99.0.0-"))
                    .count(), "the database was backed up before");
        }
        assertTrue(run(jar, "--version").output().startsWith("Switchboard 99.0.0"), "N+1 runs directly now");
    }

    /** A copy of {@code jar} with the test release key and, when given, another version. */
    static Path repack(Path jar, Path to, byte[] releaseKey, String version) throws IOException {
        Files.copy(jar, to);
        try (var zip = FileSystems.newFileSystem(to, (ClassLoader) null)) {
            Files.write(zip.getPath("/dev/switchboard/update/release-key.pub"), releaseKey);
            if (version != null) {
                var props = zip.getPath("/dev/switchboard/app/version.properties");
                var text = Files.readString(props).replaceAll("(?m)^version=.*$", "version=" + version);
                Files.writeString(props, text);
            }
        }
        return to;
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(Path jar, String... args) throws Exception {
        return run(List.of(), jar, args);
    }

    private Run run(List<String> jvmOptions, Path jar, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + output);
        return new Run(p.exitValue(), output);
    }
}
