package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard status} end to end, with the port setting on a port nothing listens on. */
class StatusCommandTest {
    @TempDir
    Path dir;

    int port;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void pointAtAFreePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        sb("settings", "set", "port", Integer.toString(port)).ok();
    }

    @Test
    void showsTheDataFolderCountsAndThatNothingIsRunning() {
        sb("channels", "add", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a", "-m", "b").ok();
        sb("channels", "add", "off", "--url", "https://off.example.com/v1", "--key", "sk-off-00000000001",
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
        assertEquals(8, lines.size(), lines::toString);
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
        sb("channels", "add", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "-m", "a").ok();
        var before = CliRun.state(dir);
        sb("status").ok();
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void unknownOptionIsAUsageError() {
        sb("status", "--verbose").fails(Main.USAGE, "Unknown option", "'--verbose'");
    }
}
