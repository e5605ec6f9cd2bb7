package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar double-clicked (no arguments, a display): the first JVM starts a second one with the tray app's options
 * and ends; the second is the app, writes its class-data archive when it quits, and the next start uses it.
 */
class TunedLaunchIT {
    @TempDir
    Path temp;

    private final List<ProcessHandle> apps = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        apps.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aDoubleClickedJarRunsTheAppInATunedJvmThatWritesThenUsesItsArchive() throws Exception {
        boolean display = System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank();
        if (!display && "1".equals(System.getenv("SWITCHBOARD_REQUIRE_DISPLAY"))) {
            fail("No display, but SWITCHBOARD_REQUIRE_DISPLAY=1: run the tests under xvfb-run.");
        }
        assumeTrue(display, "needs a display (xvfb-run)");
        var folder = Files.createDirectories(temp.resolve("usb-stick"));
        var jar = Files.copy(Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")),
                folder.resolve("switchboard.jar"));

        var first = start(jar, folder);
        var options = first.info().arguments().map(List::of).orElseThrow();
        assertTrue(options.containsAll(TunedLaunch.OPTIONS), options.toString());
        var archive = options.stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst()
                .map(o -> Path.of(o.substring(o.indexOf('=') + 1))).orElseThrow(() -> new AssertionError(options));
        assertEquals(folder.resolve("cache"), archive.getParent(), "the archive travels with the folder");

        first.destroy(); // as the session ending would: the app closes and the JVM writes the archive
        first.onExit().get(120, TimeUnit.SECONDS);
        assertTrue(Files.size(archive) > 0, "the JVM wrote its archive when the app quit");

        var second = start(jar, folder);
        var again = second.info().arguments().map(List::of).orElseThrow();
        assertTrue(again.contains("-XX:SharedArchiveFile=" + archive), again.toString());
        second.destroy();
        second.onExit().get(120, TimeUnit.SECONDS);
    }

    /** Starts the jar as a double-click does and returns the app: the second JVM, once the first has ended. */
    private ProcessHandle start(Path jar, Path folder) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var launcher = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0")
                .directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("launch.log").toFile()).start();
        assertTrue(launcher.waitFor(120, TimeUnit.SECONDS), "the first JVM ends once the app is started");
        assertEquals(0, launcher.exitValue(), Files.readString(folder.resolve("launch.log"), StandardCharsets.UTF_8));
        // The app is not the launcher's child any more (it ended): found by its command line, polled because no
        // event says a process started. Bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> app = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                    .map(a -> List.of(a).contains("-D" + TunedLaunch.MARK + "=tuned")
                            && List.of(a).contains(jar.toString()))
                    .orElse(false)).findFirst();
            if (app.isPresent()) {
                apps.add(app.get());
                return app.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no tuned JVM started: " + Files.readString(folder.resolve("launch.log")));
    }
}
