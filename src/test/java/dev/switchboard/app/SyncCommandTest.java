package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.sync.DavServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard sync …} end to end on two machines (two data folders) and one WebDAV folder: setup, status,
 * push, pull, a conflict and the person's choice, every way of giving the passphrase, and no secret printed.
 */
class SyncCommandTest {
    static final String KEY = "sk-FAKE-sync-cli-key-1";
    static final String PASSPHRASE = "a long FAKE passphrase";

    @TempDir
    Path dir;

    private DavServer dav;
    private Path a;
    private Path b;

    @BeforeEach
    void start() {
        dav = new DavServer();
        a = dir.resolve("a");
        b = dir.resolve("b");
        CliRun.run(a, "channels", "add", "--force", "relay", "--url", "https://relay.example.test/v1", "--key", KEY)
                .ok();
        CliRun.run(a, "entries", "add", "relay", "gpt-4o").ok();
    }

    @AfterEach
    void stop() {
        dav.close();
    }

    private CliRun setup(Path data) {
        return CliRun.runWithStdin(data, DavServer.PASSWORD + "\n", "sync", "setup", dav.folderUrl(), "--user",
                DavServer.USER, "--password", "-");
    }

    /** {@code sync ARGS} with the passphrase in the environment, as a script gives it. */
    private static CliRun withVariable(Path data, String... args) {
        var all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = data.toString();
        all[2] = "sync";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.runRaw(Map.of("SWITCHBOARD_SYNC_PASSPHRASE", PASSPHRASE), data.resolve("unused"), "", all);
    }

    @Test
    void setUpPushOnOneMachinePullOnAnotherAndBothAreInSync() throws Exception {
        setup(a).ok().prints("Sync folder set up: " + dav.folderUrl() + " (user alice); the folder was created.")
                .hides(DavServer.PASSWORD);
        CliRun.run(a, "sync", "status").ok().prints("Last sync:   never", "never synced; the folder is empty");

        var passphraseFile = dir.resolve("passphrase.txt");
        Files.writeString(passphraseFile, PASSPHRASE + "\n");
        CliRun.run(a, "sync", "push", "--passphrase-file", passphraseFile.toString()).ok()
                .prints("Pushed this machine's configuration to " + dav.folderUrl()).hides(KEY);
        assertFalse(dav.file().contains(KEY));

        setup(b).ok().prints("Sync folder set up");
        CliRun.run(b, "sync", "status").ok().prints("never synced; the folder holds a configuration");
        var pull = CliRun.runWithStdin(b, PASSPHRASE + "\n", "sync", "pull").ok()
                .prints("+ channel relay", "+ entry relay/gpt-4o", "Pulled 3 changes from " + dav.folderUrl(),
                        "previous configuration is saved in", "--replace").hides(KEY);
        assertTrue(pull.out().contains(b.resolve("backups").toString()), pull.out());
        assertEquals(CliRun.state(a), CliRun.state(b));
        CliRun.run(b, "sync", "status").ok().prints("State:       in sync");

        var json = CliRun.run(b, "sync", "status", "--json").ok().hides(DavServer.PASSWORD).json();
        assertEquals("in-sync", json.get("state").asText());
        assertEquals("****", json.get("password").asText());
        assertEquals(dav.folderUrl(), json.get("url").asText());
    }

    @Test
    void aConflictIsShownWithWhatDiffersAndThePersonsChooses() {
        setup(a).ok();
        setup(b).ok();
        withVariable(a, "push").ok();
        withVariable(b, "pull").ok();
        CliRun.run(a, "settings", "set", "max-attempts", "4").ok();
        withVariable(a, "push").ok();
        CliRun.run(b, "entries", "add", "relay", "gpt-5").ok();

        CliRun.run(b, "sync", "status").ok().prints("conflict: both this machine and the folder changed",
                "sync push --force", "sync pull --force", "setting max-attempts: 5 here, 4 in the sync folder");
        int puts = dav.puts();
        var refused = withVariable(b, "push").fails(Main.FAILURE, "Both this machine and the sync folder changed",
                "Nothing was pushed");
        CliRun.says(refused.err(), "What differs", "channel relay: differs (models)",
                "setting max-attempts: 5 here, 4 in the sync folder");
        assertEquals(puts, dav.puts(), "a refused push wrote to the folder");
        withVariable(b, "pull").fails(Main.FAILURE, "Nothing was pulled", "pull with --force");

        var before = CliRun.state(b);
        withVariable(b, "pull", "--force").ok().prints("- entry relay/gpt-5", "+ setting max-attempts (4)",
                "previous configuration is saved in");
        assertNotEquals(before, CliRun.state(b));
        assertEquals(CliRun.state(a), CliRun.state(b));
        CliRun.run(b, "sync", "status").ok().prints("in sync");
    }

    @Test
    void atATerminalThePassphraseIsAskedTwiceForAPushAndNeverShown() {
        setup(a).ok();
        var typed = new ArrayDeque<>(List.of(PASSPHRASE, "a different FAKE passphrase"));
        CliRun.runAtTerminal(prompt -> typed.poll(), a, "sync", "push").fails(Main.USAGE,
                "The two passphrases differ; nothing was pushed");
        assertEquals(0, dav.puts());
        var again = new ArrayDeque<>(List.of(PASSPHRASE, PASSPHRASE));
        CliRun.runAtTerminal(prompt -> again.poll(), a, "sync", "push").ok().prints("Pushed").hides(PASSPHRASE);
        var wrong = new ArrayDeque<>(List.of("not the FAKE passphrase"));
        setup(b).ok();
        CliRun.runAtTerminal(prompt -> wrong.poll(), b, "sync", "pull").fails(Main.USAGE, "Wrong passphrase");
    }

    @Test
    void withoutASetupOrAPassphraseItSaysWhatToDo() {
        CliRun.run(a, "sync", "status").ok().prints("No sync folder is set up", "sync setup URL");
        CliRun.run(a, "sync", "push").fails(Main.USAGE, "No sync folder is set up", "sync setup URL");
        setup(a).ok();
        CliRun.run(a, "sync", "push").fails(Main.USAGE, "No passphrase given", "--passphrase-file");
        CliRun.runWithStdin(a, "short\n", "sync", "push").fails(Main.USAGE, "at least 8 characters");
        CliRun.run(a, "sync", "setup", "ftp://example.test/x").fails(Main.USAGE, "not a usable WebDAV folder");
        CliRun.runWithStdin(a, "wrong-FAKE-password\n", "sync", "setup", dav.folderUrl(), "--user", "alice",
                "--password", "-").fails(Main.USAGE, "refused the user name or password (HTTP 401)");
        CliRun.run(a, "sync", "forget").ok().prints("Forgot the sync folder");
        CliRun.run(a, "sync", "status").ok().prints("No sync folder is set up");
    }
}
