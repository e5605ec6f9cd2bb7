package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a start runs in a JVM of its own choosing, and what that JVM is given. */
class TunedLaunchTest {
    @TempDir
    Path dir;

    private Env env(Map<String, String> variables) {
        return new Env(variables, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), dir.resolve("app"), dir.resolve("home"), dir.resolve("user"),
                Clock.systemUTC());
    }

    private static final Map<String, String> X11 = Map.of("DISPLAY", ":0");

    @Test
    void aDesktopStartIsOnlyRootOptionsOrServeWithoutHeadless() {
        assertTrue(TunedLaunch.desktopStart(new String[0]), "double-clicked: no arguments at all");
        assertTrue(TunedLaunch.desktopStart(new String[]{"--data-dir", "/x", "--port", "9091", "-v"}));
        assertTrue(TunedLaunch.desktopStart(new String[]{"--data-dir=/x", "serve", "--bind", "127.0.0.1"}));
        assertFalse(TunedLaunch.desktopStart(new String[]{"serve", "--headless"}), "a server stays one process");
        assertFalse(TunedLaunch.desktopStart(new String[]{"--headless"}));
        assertFalse(TunedLaunch.desktopStart(new String[]{"channels", "list"}), "a CLI command");
        assertFalse(TunedLaunch.desktopStart(new String[]{"--help"}));
        assertFalse(TunedLaunch.desktopStart(new String[]{"--version"}));
        assertFalse(TunedLaunch.desktopStart(new String[]{"serve", "serve"}));
    }

    @Test
    void relaunchesOnlyAPlainJarWithADisplay() {
        var none = Set.<String>of();
        assertTrue(TunedLaunch.wanted(env(X11), new String[0], none, List.of()));
        assertFalse(TunedLaunch.wanted(env(Map.of()), new String[0], none, List.of()), "no display: one process");
        assertFalse(TunedLaunch.wanted(env(X11), new String[0], Set.of(TunedLaunch.MARK), List.of()),
                "the tuned JVM itself");
        assertFalse(TunedLaunch.wanted(env(X11), new String[0], Set.of("jpackage.app-path"), List.of()),
                "the packaged app's launcher sets its own options");
        assertFalse(TunedLaunch.wanted(env(Map.of("DISPLAY", ":0", TunedLaunch.OFF_VARIABLE, "0")), new String[0],
                none, List.of()), "switched off by the person");
        for (var own : List.of("-Xmx2g", "-Xms64m", "-XX:+UseZGC", "-XX:MaxRAMPercentage=10",
                "-XX:SharedArchiveFile=/x.jsa")) {
            assertFalse(TunedLaunch.wanted(env(X11), new String[0], none, List.of("-Dx=y", own)), own);
        }
        assertTrue(TunedLaunch.wanted(env(X11), new String[0], none, List.of("-Dfile.encoding=UTF-8")),
                "options that say nothing of memory are carried over, not a reason to stay");
    }

    @Test
    void theArchiveIsWrittenOnceThenUsedAndAnOldOneGoes() throws Exception {
        var jar = Files.writeString(dir.resolve("switchboard.jar"), "not really a jar");
        var data = dir.resolve("data");
        var args = new String[]{"--data-dir", data.toString()};
        var old = Files.createDirectories(data.resolve("cache")).resolve("switchboard-0123456789abcdef.jsa");
        Files.writeString(old, "an older jar's archive");

        var first = TunedLaunch.archiveOptions(env(X11), args, jar);
        var archive = data.resolve("cache").resolve("switchboard-" + TunedLaunch.archiveKey(jar) + ".jsa");
        assertEquals("-XX:ArchiveClassesAtExit=" + archive, first.get(0));
        assertFalse(Files.exists(old), "an archive no JVM will take again is removed");

        Files.writeString(archive, "written by the JVM when the app quit");
        assertEquals("-XX:SharedArchiveFile=" + archive, TunedLaunch.archiveOptions(env(X11), args, jar).get(0));

        Files.writeString(jar, "a new version of the jar"); // another size: another archive
        assertFalse(TunedLaunch.archiveOptions(env(X11), args, jar).get(0).contains(archive.toString()));
    }

    /** The packaged launchers and the double-clicked jar run the app with the same options (pom's javaOptions). */
    @Test
    void thePackagedLaunchersUseTheSameOptions() throws Exception {
        var pom = Files.readString(Path.of("pom.xml"));
        var block = pom.substring(pom.indexOf("<javaOptions>"), pom.indexOf("</javaOptions>"));
        var options = java.util.regex.Pattern.compile("<option>([^<]+)</option>").matcher(block).results()
                .map(m -> m.group(1)).toList();
        assertEquals(TunedLaunch.OPTIONS, options.subList(0, TunedLaunch.OPTIONS.size()), block);
    }

    @Test
    void theSecondJvmGetsTheOptionsTheMarkAndTheSameArguments() {
        var command = TunedLaunch.command(env(X11), new String[]{"--data-dir", dir.resolve("d").toString()});
        assertTrue(command.containsAll(TunedLaunch.OPTIONS), command.toString());
        assertTrue(command.contains("-D" + TunedLaunch.MARK + "=tuned"), command.toString());
        int jar = command.indexOf("-jar");
        assertTrue(jar > 0 && command.get(jar + 1).endsWith(".jar"), command.toString());
        assertEquals(List.of("--data-dir", dir.resolve("d").toString()), command.subList(jar + 2, command.size()));
    }
}
