package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
    @TempDir
    Path dir;

    private Path option;
    private Path home;
    private Path jar;
    private Path user;
    /** A regular file: nothing can be created under it, not even by root. */
    private Path blocker;

    @BeforeEach
    void folders() throws IOException {
        option = dir.resolve("option");
        home = dir.resolve("home");
        jar = Files.createDirectories(dir.resolve("jar"));
        user = dir.resolve("user");
        blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    }

    private static Map<String, String> env(Path switchboardHome) {
        return Map.of(DataFolder.ENV, switchboardHome.toString());
    }

    @Test
    void dataDirOptionWinsOverTheEnvironmentAndTheJarFolder() {
        var folder = DataFolder.resolve(option.toString(), env(home), jar, user);

        assertEquals(option, folder.path());
        assertEquals(List.of(), folder.notices());
        assertTrue(Files.isDirectory(option), "the chosen folder is created");
    }

    @Test
    void switchboardHomeWinsOverTheJarFolder() {
        var folder = DataFolder.resolve("  ", env(home), jar, user);

        assertEquals(home, folder.path());
        assertEquals(List.of(), folder.notices());
    }

    @Test
    void theJarFolderIsTheDefault() {
        var folder = DataFolder.resolve(null, Map.of(DataFolder.ENV, " "), jar, user);

        assertEquals(jar, folder.path());
        assertEquals(List.of(), folder.notices());
    }

    @Test
    void withoutAJarFolderTheUserDataDirIsUsed() {
        var folder = DataFolder.resolve(null, Map.of(), null, user);

        assertEquals(user, folder.path());
        assertEquals(List.of(), folder.notices());
        assertTrue(Files.isDirectory(user));
    }

    @Test
    void anUnusableDataDirOptionIsAnErrorNotSwappedForTheUserDataDir() {
        for (var wanted : List.of(blocker, blocker.resolve("data"), blocker.resolve("a").resolve("b"))) {
            var e = assertThrows(IllegalStateException.class,
                    () -> DataFolder.resolve(wanted.toString(), Map.of(), jar, user));

            assertTrue(e.getMessage().contains("Cannot use the data folder " + wanted + " given with --data-dir"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("a file, not a folder"), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was written"), e.getMessage());
            assertTrue(e.getMessage().contains("Give --data-dir a folder you can write"), e.getMessage());
        }
        assertFalse(Files.exists(user), "the fallback is not even made");
    }

    @Test
    void anUnusableSwitchboardHomeIsAnErrorToo() {
        var wanted = blocker.resolve("home");

        var e = assertThrows(IllegalStateException.class, () -> DataFolder.resolve(null, env(wanted), jar, user));

        assertTrue(e.getMessage().contains(wanted + " given with " + DataFolder.ENV), e.getMessage());
        assertTrue(e.getMessage().contains("Set " + DataFolder.ENV + " to a folder you can write"), e.getMessage());
        assertFalse(Files.exists(user));
    }

    @Test
    void aDataDirThatCannotBeWrittenIsAnErrorAndLeavesNothingMade() throws IOException {
        var readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "root may write anywhere");
            for (var wanted : List.of(readOnly, readOnly.resolve("new").resolve("data"))) {
                var e = assertThrows(IllegalStateException.class,
                        () -> DataFolder.resolve(wanted.toString(), Map.of(), jar, user));
                assertTrue(e.getMessage().contains("not writable") || e.getMessage().contains("cannot write"),
                        e.getMessage());
            }
            try (var left = Files.list(readOnly)) {
                assertEquals(0, left.count());
            }
        } finally {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aJarFolderThatIsAFileFallsBackToTheUserDataDirAndSaysSo() {
        var folder = DataFolder.resolve(null, Map.of(), blocker, user);

        assertEquals(user, folder.path());
        assertEquals(1, folder.notices().size(), folder.notices().toString());
        var notice = folder.notices().get(0);
        assertTrue(notice.contains(blocker.toString()), notice);
        assertTrue(notice.contains(user.toString()), notice);
        assertTrue(notice.contains("the folder Switchboard runs from"), notice);
        assertTrue(notice.contains("--data-dir"), notice);
    }

    @Test
    void failsWhenTheFallbackIsNotWritableEither() {
        var wanted = blocker.resolve("data");
        var fallback = blocker.resolve("user");

        var e = assertThrows(IllegalStateException.class,
                () -> DataFolder.resolve(null, Map.of(), wanted, fallback));

        assertTrue(e.getMessage().contains(wanted.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fallback.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void locatingTheFolderMakesNothing() {
        var wanted = dir.resolve("new").resolve("data");

        assertEquals(wanted, DataFolder.locate(wanted.toString(), Map.of(), jar, user).path());
        assertFalse(Files.exists(dir.resolve("new")));
        assertThrows(IllegalStateException.class, () -> DataFolder.locate(blocker.toString(), Map.of(), jar, user));
    }

    @Test
    void failsWhenTheUserDataDirIsWantedAndNotWritable() {
        var fallback = blocker.resolve("user");

        var e = assertThrows(IllegalStateException.class, () -> DataFolder.resolve(null, Map.of(), null, fallback));

        assertTrue(e.getMessage().contains(fallback.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void anInvalidPathIsRejectedNamingItsSource() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataFolder.resolve("bad\0path", Map.of(), jar, user));

        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void userDataDirOnWindowsIsUnderAppData() {
        var appData = dir.resolve("Roaming").toString();

        assertEquals(Path.of(appData, "Switchboard"),
                DataFolder.userDataDir(Map.of("APPDATA", appData), "Windows 11", home));
        assertEquals(home.resolve("AppData").resolve("Roaming").resolve("Switchboard"),
                DataFolder.userDataDir(Map.of(), "Windows 10", home));
    }

    @Test
    void userDataDirOnMacOsIsUnderApplicationSupport() {
        assertEquals(home.resolve("Library").resolve("Application Support").resolve("Switchboard"),
                DataFolder.userDataDir(Map.of("XDG_DATA_HOME", "/ignored"), "Mac OS X", home));
    }

    @Test
    void userDataDirOnLinuxFollowsXdgDataHome() {
        var xdg = dir.resolve("xdg").toString();

        assertEquals(Path.of(xdg, "switchboard"), DataFolder.userDataDir(Map.of("XDG_DATA_HOME", xdg), "Linux", home));
        assertEquals(home.resolve(".local").resolve("share").resolve("switchboard"),
                DataFolder.userDataDir(Map.of(), "Linux", home));
        assertEquals(home.resolve(".local").resolve("share").resolve("switchboard"),
                DataFolder.userDataDir(Map.of("XDG_DATA_HOME", " "), "Linux", home));
    }

    // The packaged app (jpackage): the launcher names itself in jpackage.app-path; the data goes to the folder a
    // person copies as one, never into lib/app/ beside the jar, nor inside a macOS .app bundle.

    @Test
    void withoutALauncherTheHomeIsTheJarFolder() {
        assertEquals(jar, DataFolder.homeFolder(null, "Linux", jar));
        assertEquals(jar, DataFolder.homeFolder(" ", "Windows 11", jar));
    }

    @Test
    void aLinuxAppImageKeepsItsDataInItsRootBesideBin() {
        var root = dir.resolve("Switchboard");
        var libApp = root.resolve("lib").resolve("app");

        var home = DataFolder.homeFolder(root.resolve("bin").resolve("Switchboard").toString(), "Linux", libApp);

        assertEquals(root, home);
        assertEquals(root, DataFolder.resolve(null, Map.of(), home, user).path());
    }

    @Test
    void aWindowsAppImageKeepsItsDataBesideTheExe() {
        var root = dir.resolve("Switchboard");

        assertEquals(root, DataFolder.homeFolder(root.resolve("Switchboard.exe").toString(), "Windows 11",
                root.resolve("app")));
    }

    @Test
    void aMacOsAppKeepsItsDataBesideTheBundleNotInsideIt() {
        var stick = dir.resolve("usb-stick");
        var bundle = stick.resolve("Switchboard.app");
        var launcher = bundle.resolve("Contents").resolve("MacOS").resolve("Switchboard");

        assertEquals(stick, DataFolder.homeFolder(launcher.toString(), "Mac OS X",
                bundle.resolve("Contents").resolve("app")));
    }

    @Test
    void aMacOsAppInstalledInApplicationsUsesTheUserDataDir() {
        var launcher = dir.resolve("Applications/Switchboard.app/Contents/MacOS/Switchboard");

        var home = DataFolder.homeFolder(launcher.toString(), "Mac OS X", jar);

        assertEquals(null, home);
        assertEquals(user, DataFolder.resolve(null, Map.of(), home, user).path());
    }

    @Test
    void theOptionAndTheEnvironmentStillWinOverTheAppImageRoot() {
        var home = DataFolder.homeFolder(dir.resolve("Switchboard/bin/Switchboard").toString(), "Linux", jar);

        assertEquals(option, DataFolder.resolve(option.toString(), env(this.home), home, user).path());
        assertEquals(this.home, DataFolder.resolve(null, env(this.home), home, user).path());
    }

    @Test
    void anUnwritableAppImageRootFallsBackToTheUserDataDir() {
        // An installed deb lives under /opt, which its user cannot write; a file stands in for it here.
        var home = DataFolder.homeFolder(blocker.resolve("bin").resolve("Switchboard").toString(), "Linux", jar);

        var folder = DataFolder.resolve(null, Map.of(), home, user);

        assertEquals(blocker, home);
        assertEquals(user, folder.path());
        assertTrue(folder.notices().get(0).contains(blocker.toString()), folder.notices().toString());
    }

    @Test
    void aJarInAMavenTargetFolderKeepsItsDataInTheUserDataDirAndSaysSo() throws IOException {
        var project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        var target = Files.createDirectories(project.resolve("target"));

        var folder = DataFolder.resolve(null, Map.of(), target, user);

        assertEquals(user, folder.path());
        assertEquals(1, folder.notices().size());
        assertTrue(folder.notices().get(0).contains("mvn clean"), folder.notices().get(0));
        assertFalse(Files.exists(target.resolve("switchboard.db")));
    }

    @Test
    void anEarlierRunsDatabaseInTheBuildFolderIsNamedWithTheWayToKeepIt() throws IOException {
        var project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        var target = Files.createDirectories(project.resolve("target"));
        Files.writeString(target.resolve("switchboard.db"), "");

        var folder = DataFolder.resolve(null, Map.of(), target, user);

        assertEquals(user, folder.path());
        assertTrue(folder.notices().get(0).contains("--data-dir \"" + target + "\""), folder.notices().get(0));
    }

    @Test
    void aBuildFolderChosenWithDataDirIsKept() throws IOException {
        var project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        var target = Files.createDirectories(project.resolve("target"));

        var folder = DataFolder.resolve(target.toString(), Map.of(), target, user);

        assertEquals(target, folder.path());
        assertEquals(List.of(), folder.notices());
    }

    @Test
    void aFolderNamedTargetOutsideAProjectIsAnOrdinaryJarFolder() throws IOException {
        var target = Files.createDirectories(dir.resolve("usb").resolve("target"));

        assertEquals(target, DataFolder.resolve(null, Map.of(), target, user).path());
    }
}
