package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.sync.DavServer;
import dev.switchboard.sync.Lighttpd;
import dev.switchboard.sync.SyncFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard sync} between two machines (two data folders) through a real WebDAV server, lighttpd, started
 * by the test ({@link Lighttpd}; CI installs it): the first push, the other machine's pull with the keys, a change
 * each side, the conflict, the person's choice and the backup, as a person would run them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SyncOverWebDavIT {
    static final String KEY = "sk-FAKE-webdav-key-1";
    static final String HEADER = "hdr-FAKE-webdav-secret-1";
    static final String PASSPHRASE = "a long FAKE passphrase";

    @TempDir
    Path dir;

    private Lighttpd server;
    private Path a;
    private Path b;

    @BeforeEach
    void start() throws Exception {
        server = Lighttpd.start(dir.resolve("server"));
        a = dir.resolve("a");
        b = dir.resolve("b");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private CliRun sync(Path data, String... args) {
        var all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = data.toString();
        all[2] = "sync";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.runRaw(Map.of("SWITCHBOARD_SYNC_PASSPHRASE", PASSPHRASE), data.resolve("unused"),
                DavServer.PASSWORD + "\n", all);
    }

    @Test
    void twoMachinesSyncThroughARealWebDavServer() throws Exception {
        CliRun.run(a, "channels", "add", "--force", "relay", "--url", "https://relay.example.test/v1", "--key", KEY,
                "-H", "X-Relay-Auth: " + HEADER).ok();
        CliRun.run(a, "entries", "add", "relay", "gpt-4o").ok();

        sync(a, "setup", server.folderUrl(), "--user", DavServer.USER, "--password", "-").ok()
                .prints("the folder was created");
        sync(a, "push").ok().prints("Pushed");
        var file = Files.readString(dir.resolve("server/root/dav/switchboard").resolve(SyncFile.NAME));
        assertFalse(file.contains(KEY) || file.contains(HEADER), "a secret is readable on the server");
        assertTrue(file.contains("\"switchboard-config\"") && file.contains("https://relay.example.test/v1"));

        sync(b, "setup", server.folderUrl(), "--user", DavServer.USER, "--password", "-").ok();
        sync(b, "pull").ok().prints("+ channel relay");
        assertEquals(CliRun.state(a), CliRun.state(b));
        CliRun.run(b, "channels", "show", "relay").ok().hides(KEY);
        sync(a, "status").ok().prints("in sync");
        sync(b, "status").ok().prints("in sync");

        // both change: a conflict for whichever comes second, shown, then resolved by the person's choice
        CliRun.run(a, "settings", "set", "max-attempts", "4").ok();
        sync(a, "push").ok();
        CliRun.run(b, "entries", "add", "relay", "gpt-5").ok();
        sync(b, "status").ok().prints("conflict");
        sync(b, "push").fails(Main.FAILURE, "Both this machine and the sync folder changed",
                "setting max-attempts: 5 here, 4 in the sync folder");
        sync(b, "push", "--force").ok().prints("Pushed");
        sync(a, "status").ok().prints("remote changed");
        sync(a, "pull").ok().prints("+ entry relay/gpt-5", "- setting max-attempts (back to default)", "saved in");
        assertEquals(CliRun.state(a), CliRun.state(b));
        assertTrue(Files.list(a.resolve("backups")).findAny().isPresent());
    }
}
