package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard update} in-process against a local "GitHub Releases" ({@link dev.switchboard.update}'s
 * test server, reached through the {@code update-url} setting). The test class path's release key is the test
 * one, so releases signed with it are trusted here and nowhere else.
 */
class UpdateCommandTest {
    @TempDir
    Path dir;

    @Test
    void checkShowsTheCurrentVersionTheLatestAndItsNotes() throws Exception {
        try (var server = new dev.switchboard.update.ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "Faster failover.", List.of(jar()));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "update", "--check").ok()
                    .prints("current: Switchboard " + Version.current(), "latest:  Switchboard 99.0.0 (v99.0.0)",
                            "Faster failover.", "update --apply");
        }
    }

    @Test
    void checkSaysSoWhenThisVersionIsTheLatest() throws Exception {
        try (var server = new dev.switchboard.update.ReleaseServer()) {
            server.publish("v0.0.1", "0.0.1", "", List.of(jar()));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "update", "--check").ok().prints("is up to date");
        }
    }

    @Test
    void applyFromClassesSaysThereIsNoJarToUpdateAndKeepsNothing() throws Exception {
        try (var server = new dev.switchboard.update.ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "", List.of(jar()));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "update", "--apply").fails(Main.FAILURE, "runs from its classes");
            assertFalse(Files.exists(dir.resolve("updates").resolve("switchboard-99.0.0.zip")));
        }
    }

    @Test
    void unreachableServerIsAFailureWithAReason() {
        CliRun.run(dir, "settings", "set", "update-url", "http://127.0.0.1:9/owner/repo/releases").ok();

        CliRun.run(dir, "update", "--check").fails(Main.FAILURE, "cannot reach the release server 127.0.0.1:9");
    }

    @Test
    void needsCheckOrApply() {
        var r = CliRun.run(dir, "update");
        assertTrue(r.code() == Main.USAGE, r::toString);
    }

    private Path jar() throws Exception {
        return Files.write(dir.resolve("switchboard.jar"), "new build".getBytes(StandardCharsets.UTF_8));
    }
}
