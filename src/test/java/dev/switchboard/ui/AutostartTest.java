package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ui.Autostart.Launch;
import dev.switchboard.ui.Autostart.Os;
import dev.switchboard.ui.Autostart.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autostart entries, written into a temp home: never the real one. */
class AutostartTest {
    @TempDir
    Path home;

    private static final Launch JAR = new Launch(List.of("/opt/jdk/bin/java", "-jar", "/home/me/sb/switchboard.jar",
            "--data-dir", "/home/me/sb"));

    @Test
    void linuxGetsAnXdgAutostartEntryAndLosesItAgain() throws Exception {
        var target = new Target(Os.LINUX, home, Map.of());
        Autostart.apply(true, JAR, target);

        var file = home.resolve(".config/autostart/switchboard.desktop");
        assertEquals(file, target.file());
        var text = Files.readString(file);
        assertTrue(text.startsWith("[Desktop Entry]\nType=Application\nName=Switchboard\n"), text);
        assertTrue(text.contains("\nExec=\"/opt/jdk/bin/java\" \"-jar\" \"/home/me/sb/switchboard.jar\""
                + " \"--data-dir\" \"/home/me/sb\"\n"), text);
        assertTrue(text.contains("\nTerminal=false\n"), text);

        Autostart.apply(false, null, target);
        assertFalse(Files.exists(file));
        Autostart.apply(false, null, target); // already gone: fine
    }

    @Test
    void turnedOffAtStartRemovesOnlyTheEntryOfThisDataFolder() throws Exception {
        var target = new Target(Os.LINUX, home, Map.of());
        Autostart.apply(true, JAR, target); // another copy's entry, for /home/me/sb
        Autostart.removeIfOurs(target, Path.of("/media/usb/switchboard"));
        assertTrue(Files.exists(target.file()), "another folder's entry stays");
        Autostart.removeIfOurs(target, Path.of("/home/me/sb"));
        assertFalse(Files.exists(target.file()), "this folder's entry goes");
    }

    @Test
    void linuxFollowsXdgConfigHome() {
        var config = home.resolve("cfg");
        var target = new Target(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", config.toString()));
        assertEquals(config.resolve("autostart/switchboard.desktop"), target.file());
    }

    @Test
    void desktopEntryArgumentsAreQuotedPerTheSpecification() {
        assertEquals("\"/a b/c\"", Autostart.desktopQuote("/a b/c"));
        assertEquals("\"100%%\"", Autostart.desktopQuote("100%"));
        assertEquals("\"a\\\\$b\"", Autostart.desktopQuote("a$b"), "quoted \\$, then the backslash doubled");
        assertEquals("\"C:\\\\\\\\x\"", Autostart.desktopQuote("C:\\x"), "a literal backslash is four");
    }

    @Test
    void windowsGetsACommandFileInTheStartupFolderThatStartsJavawDetached() throws Exception {
        var appData = home.resolve("AppData").resolve("Roaming");
        var target = new Target(Os.WINDOWS, home, Map.of("APPDATA", appData.toString()));
        var launch = new Launch(List.of("C:\\Program Files\\Java\\bin\\javaw.exe", "-jar",
                "C:\\Users\\me\\Switchboard\\switchboard.jar", "--data-dir", "C:\\Users\\me\\Switchboard"));
        Autostart.apply(true, launch, target);

        var file = appData.resolve("Microsoft/Windows/Start Menu/Programs/Startup/Switchboard.cmd");
        assertEquals(file, target.file());
        var text = Files.readString(file);
        assertTrue(text.startsWith("@echo off\r\n"), text);
        assertTrue(text.contains("start \"\" \"C:\\Program Files\\Java\\bin\\javaw.exe\" \"-jar\""
                + " \"C:\\Users\\me\\Switchboard\\switchboard.jar\" \"--data-dir\" \"C:\\Users\\me\\Switchboard\"\r\n"),
                text);
        assertFalse(text.contains("chcp"), "ASCII paths need no code page");

        Autostart.apply(false, null, target);
        assertFalse(Files.exists(file));
    }

    @Test
    void windowsWithoutAppDataUsesTheRoamingFolderUnderHome() {
        var target = new Target(Os.WINDOWS, home, Map.of());
        assertEquals(home.resolve("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/Switchboard.cmd"),
                target.file());
    }

    @Test
    void macGetsALaunchAgentThatRunsAtLoad() throws Exception {
        var target = new Target(Os.MAC, home, Map.of());
        var launch = new Launch(List.of("/Applications/Switchboard.app/Contents/MacOS/Switchboard", "--data-dir",
                "/Users/me/Library/Application Support/Switchboard & Co"));
        Autostart.apply(true, launch, target);

        var file = home.resolve("Library/LaunchAgents/dev.switchboard.plist");
        assertEquals(file, target.file());
        var text = Files.readString(file);
        assertTrue(text.contains("<key>Label</key>\n    <string>dev.switchboard</string>"), text);
        assertTrue(text.contains("<string>/Applications/Switchboard.app/Contents/MacOS/Switchboard</string>\n"
                + "        <string>--data-dir</string>\n"
                + "        <string>/Users/me/Library/Application Support/Switchboard &amp; Co</string>"), text);
        assertTrue(text.contains("<key>RunAtLoad</key>\n    <true/>"), text);

        Autostart.apply(false, null, target);
        assertFalse(Files.exists(file));
    }

    @Test
    void syncRewritesWhenOnRemovesWhenOffAndNeverThrows() throws Exception {
        var target = new Target(Os.LINUX, home, Map.of());
        Autostart.sync(true, Optional.of(JAR), target);
        assertTrue(Files.readString(target.file()).contains("switchboard.jar"));

        var moved = new Launch(List.of("/opt/jdk/bin/java", "-jar", "/media/stick/switchboard.jar", "--data-dir",
                "/media/stick"));
        Autostart.sync(true, Optional.of(moved), target);
        assertTrue(Files.readString(target.file()).contains("/media/stick/switchboard.jar"), "follows the jar");

        Autostart.sync(true, Optional.empty(), target); // a development build: left as it is
        assertTrue(Files.exists(target.file()));

        Autostart.sync(false, Optional.empty(), target);
        assertFalse(Files.exists(target.file()));

        // a home that cannot hold the folder: logged, not thrown
        var blocked = home.resolve("blocked");
        Files.writeString(blocked, "a file where a folder should be");
        Autostart.sync(true, Optional.of(JAR), new Target(Os.LINUX, blocked, Map.of()));
    }

    @Test
    void theInstalledAppIsStartedWithTheDataFolder() {
        var dataDir = home.resolve("data");
        var previous = System.getProperty("jpackage.app-path");
        System.setProperty("jpackage.app-path", "/opt/switchboard/bin/Switchboard");
        try {
            assertEquals(Optional.of(new Launch(List.of("/opt/switchboard/bin/Switchboard", "--data-dir",
                    dataDir.toString()))), Launch.current(dataDir, Os.LINUX));
        } finally {
            if (previous == null) {
                System.clearProperty("jpackage.app-path");
            } else {
                System.setProperty("jpackage.app-path", previous);
            }
        }
        // under Maven the classes run from a folder, not a jar: nothing a log-in could start
        if (previous == null) {
            assertEquals(Optional.empty(), Launch.current(dataDir, Os.LINUX));
        }
        assertEquals(Os.WINDOWS, Os.of("Windows 10"));
        assertEquals(Os.MAC, Os.of("Mac OS X"));
        assertEquals(Os.LINUX, Os.of("Linux"));
    }
}
