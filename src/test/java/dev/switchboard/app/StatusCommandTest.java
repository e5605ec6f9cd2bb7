package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard status} end to end, with the port setting on a port nothing listens on, and with this
 * folder's gateway running elsewhere.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    int port;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void pointAtAFreePort() throws IOException {
        port = freePort();
        sb("settings", "set", "port", Integer.toString(port)).ok();
    }

    @Test
    void showsTheDataFolderCountsAndThatNothingIsRunning() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a", "-m", "b").ok();
        sb("channels", "add", "--force", "off", "--url", "https://off.example.com/v1", "--key", "sk-off-00000000001",
                "-m", "c", "--disabled").ok();
        sb("entries", "add", "relay", "solo", "--no-auto").ok();
        sb("entries", "disable", "relay/b").ok();
        sb("groups", "create", "fast").ok();

        var lines = sb("status").ok().out().lines().toList();
        assertEquals("Switchboard " + Version.current(), lines.get(0));
        assertEquals("data folder: " + dir.toAbsolutePath().normalize(), lines.get(1));
        assertTrue(lines.get(2).startsWith("database:    switchboard.db ("), lines::toString);
        assertEquals("channels:    2 (1 enabled)", lines.get(3));
        assertEquals("entries:     4 (2 routable, 0 cooling down, 0 disabled by the system)", lines.get(4));
        assertEquals("groups:      auto (3), fast (0)", lines.get(5));
        assertEquals("requests:    0 logged", lines.get(6));
        assertEquals("gateway:     http://127.0.0.1:" + port + " — not running", lines.get(7));
        assertEquals("metrics:     http://127.0.0.1:" + port + "/metrics", lines.get(8));
        assertEquals(9, lines.size(), lines::toString);
    }

    @Test
    void showsAnEmptyDataFolder() {
        var out = sb("status").ok().out();
        CliRun.says(out, "channels:    0 (0 enabled)", "entries:     0 (0 routable", "groups:      auto (0)",
                ":" + port + " — not running");
    }

    @Test
    void probesLoopbackWhenBoundToEveryAddress() {
        sb("settings", "set", "bind", "0.0.0.0").ok();
        sb("status").ok().prints("gateway:     http://127.0.0.1:" + port + " — not running");
    }

    @Test
    void changesNothing() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a").ok();
        var before = CliRun.state(dir);
        sb("status").ok();
        assertEquals(before, CliRun.state(dir));
    }

    // ---- this folder's gateway, found from its instance file (SingleInstance) rather than the port setting

    @Test
    @Timeout(120) // a safety net only: the test waits for the gateway's own "listening" line, never for time
    void findsThisFoldersGatewayOnThePortServeWasGivenAndNotAfterItIsKilled() throws Exception {
        int given = freePort();
        var serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.switchboard.app.Main", "--data-dir", dir.toString(),
                "serve", "--headless", "--port", Integer.toString(given)).redirectErrorStream(true).start();
        try {
            awaitListening(serve);

            assertEquals("gateway:     http://127.0.0.1:" + given + " — running (the port and bind settings say"
                    + " http://127.0.0.1:" + port + "; this run was started with others, or they changed since)",
                    gatewayLine(sb("status").ok()));

            serve.destroyForcibly(); // a crash: the instance file stays behind, naming a port nothing listens on
            serve.waitFor();
            assertTrue(Files.exists(dir.resolve(SingleInstance.INSTANCE_FILE)), "the stale file this is about");
            assertEquals("gateway:     http://127.0.0.1:" + port + " — not running", gatewayLine(sb("status").ok()));
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void findsAGatewayStartedInThisProcessOnAGivenPort() throws Exception {
        int given = freePort();
        var won = (SingleInstance.Claim.Won) SingleInstance.acquire(dir, () -> "window");
        try (var store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
             var running = Switchboard.start(store, "127.0.0.1", given, "test", Clock.systemUTC())) {
            won.gatewayAt(running.gateway().baseUrl());

            var status = sb("status").ok();

            var line = gatewayLine(status);
            assertTrue(line.startsWith("gateway:     http://127.0.0.1:" + given + " — running ("), line);
            // where it listens, not where the settings say: that is where Prometheus must scrape
            status.prints("metrics:     http://127.0.0.1:" + given + "/metrics");
        } finally {
            won.release();
        }
    }

    @Test
    void saysSoWhenThisFoldersSwitchboardRunsButItsGatewayIsPaused() {
        var won = (SingleInstance.Claim.Won) SingleInstance.acquire(dir, () -> "window");
        try {
            CliRun.says(gatewayLine(sb("status").ok()), "http://127.0.0.1:" + port + " — not listening",
                    "Switchboard runs for this data folder", "paused");
        } finally {
            won.release();
        }
    }

    @Test
    void aStaleInstanceFileFallsBackToTheConfiguredPort() throws Exception {
        // Left by a process that is gone: its port is closed now.
        Files.writeString(dir.resolve(SingleInstance.INSTANCE_FILE), freePort() + " 0123456789abcdef\n");
        assertEquals("gateway:     http://127.0.0.1:" + port + " — not running", gatewayLine(sb("status").ok()));

        // The configured port answers (an older Switchboard, say, that wrote no instance file): that is found.
        try (var store = Store.open(dir, Database.Check.QUICK, Clock.systemUTC());
             var running = Switchboard.start(store, "127.0.0.1", port, "test", Clock.systemUTC())) {
            assertEquals("gateway:     http://127.0.0.1:" + port + " — running", gatewayLine(sb("status").ok()));
        }
    }

    @Test
    void anInstanceFileWhosePortSomethingElseHoldsFallsBackToo() throws Exception {
        try (var stranger = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var hangsUp = new Thread(() -> {
                while (!stranger.isClosed()) {
                    try {
                        stranger.accept().close(); // not Switchboard: it does not know the question
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            hangsUp.start();
            Files.writeString(dir.resolve(SingleInstance.INSTANCE_FILE), stranger.getLocalPort() + " 0123456789abcdef\n");

            assertEquals("gateway:     http://127.0.0.1:" + port + " — not running", gatewayLine(sb("status").ok()));
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String gatewayLine(CliRun status) {
        return status.out().lines().filter(l -> l.startsWith("gateway:")).findFirst().orElseThrow();
    }

    /** Reads the gateway's output until it says it listens (or ends: then fails with what it said). */
    private static void awaitListening(Process serve) throws IOException {
        var said = new StringBuilder();
        var out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        for (var line = out.readLine(); line != null; line = out.readLine()) {
            said.append(line).append('\n');
            if (line.contains("is listening on")) {
                var drain = new Thread(() -> {
                    try {
                        out.transferTo(Writer.nullWriter()); // keep its pipe from filling up
                    } catch (IOException ignored) {
                        // it stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new AssertionError("serve stopped before it listened:\n" + said);
    }

    @Test
    void unknownOptionIsAUsageError() {
        sb("status", "--verbose").fails(Main.USAGE, "Unknown option", "'--verbose'");
    }
}
