package dev.switchboard.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.Setting;
import dev.switchboard.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two machines (two data folders) syncing through one WebDAV folder ({@link DavServer}). */
class SyncServiceTest {
    @TempDir
    Path temp;

    private DavServer dav;
    private Machine a;
    private Machine b;

    @BeforeEach
    void start() {
        dav = new DavServer();
        a = new Machine(temp.resolve("a")).populated().setUp(dav);
        b = new Machine(temp.resolve("b")).setUp(dav);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        dav.close();
    }

    @Test
    void aPushThenAPullOnAnotherMachineCarriesEverythingKeysOnlySealed() {
        assertEquals(SyncResult.Outcome.PUSHED, a.sync.push(Machine.PASSPHRASE, false).outcome());
        var file = dav.file();
        for (var secret : Machine.SECRETS) {
            assertFalse(file.contains(secret), "the folder's file shows " + secret);
        }
        // the file is a keyless export that `switchboard import` reads
        var doc = ConfigDocument.parse(file);
        assertFalse(doc.keysIncluded());
        assertEquals(List.of("claude", "relay"), doc.channels().stream().map(ConfigDocument.ChannelSpec::name).toList());

        var pulled = b.sync.pull(Machine.PASSPHRASE, false);
        assertEquals(SyncResult.Outcome.PULLED, pulled.outcome());
        assertEquals(a.configuration(), b.configuration());
        assertEquals(Machine.KEY_1, b.store.channels().get("relay").keys().get(0).reveal());
        assertEquals(SyncState.IN_SYNC, a.sync.status().state());
        assertEquals(SyncState.IN_SYNC, b.sync.status().state());
    }

    @Test
    void statusSaysWhichSideChanged() {
        assertEquals(SyncState.NEVER_SYNCED, a.sync.status().state());
        assertFalse(a.sync.status().remoteExists());
        a.sync.push(Machine.PASSPHRASE, false);
        b.sync.pull(Machine.PASSPHRASE, false);

        a.store.settings().set(Setting.MAX_ATTEMPTS, "4");
        assertEquals(SyncState.LOCAL_CHANGED, a.sync.status().state());
        assertEquals(SyncState.IN_SYNC, b.sync.status().state());

        a.sync.push(Machine.PASSPHRASE, false);
        assertEquals(SyncState.IN_SYNC, a.sync.status().state());
        var remote = b.sync.status();
        assertEquals(SyncState.REMOTE_CHANGED, remote.state());
        assertEquals(List.of("setting max-attempts: 3 here, 4 in the sync folder"),
                remote.differences().stream().map(Difference::line).toList());

        b.store.channels().setEnabled("claude", false);
        assertEquals(SyncState.CONFLICT, b.sync.status().state());
    }

    @Test
    void aPushOverChangesFromAnotherMachineIsRefusedUntilThePersonKeepsTheirs() {
        a.sync.push(Machine.PASSPHRASE, false);
        b.sync.pull(Machine.PASSPHRASE, false);
        a.store.entries().add("relay", "gpt-5", null, true);
        a.sync.push(Machine.PASSPHRASE, false);
        b.store.channels().create(new ChannelDraft("local", ApiType.OPENAI, "https://local.example.test/v1",
                List.of("sk-FAKE-local-only-1"), Map.of(), null, Map.of(), true));
        int puts = dav.puts();
        var before = dav.file();

        var conflict = assertThrows(SyncConflict.class, () -> b.sync.push(Machine.PASSPHRASE, false));
        assertEquals(SyncState.CONFLICT, conflict.state());
        assertTrue(conflict.getMessage().contains("Both this machine and the sync folder changed"),
                conflict.getMessage());
        var lines = conflict.differences().stream().map(Difference::line).toList();
        assertTrue(lines.contains("channel relay: differs (models)"), lines.toString());
        assertTrue(lines.contains("channel local: only on this machine"), lines.toString());
        assertEquals(puts, dav.puts(), "a refused push wrote to the folder");
        assertEquals(before, dav.file());

        assertEquals(SyncResult.Outcome.PUSHED, b.sync.push(Machine.PASSPHRASE, true).outcome());
        a.sync.pull(Machine.PASSPHRASE, false);
        assertEquals(b.configuration(), a.configuration());
    }

    @Test
    void aPullOverLocalChangesIsRefusedAndTakingTheirsKeepsABackup() throws Exception {
        a.sync.push(Machine.PASSPHRASE, false);
        b.sync.pull(Machine.PASSPHRASE, false);
        b.store.channels().create(new ChannelDraft("local", ApiType.OPENAI, "https://local.example.test/v1",
                List.of("sk-FAKE-local-only-1"), Map.of(), null, Map.of(), true));
        var mine = b.configuration();

        var conflict = assertThrows(SyncConflict.class, () -> b.sync.pull(Machine.PASSPHRASE, false));
        assertEquals(SyncState.LOCAL_CHANGED, conflict.state());
        assertEquals(List.of("channel local: only on this machine"),
                conflict.differences().stream().map(Difference::line).toList());
        assertEquals(mine, b.configuration(), "a refused pull changed this machine");

        var pulled = b.sync.pull(Machine.PASSPHRASE, true);
        assertEquals(a.configuration(), b.configuration());
        assertTrue(pulled.changes().stream().anyMatch(c -> c.line().equals("- channel local (with its entries)")),
                pulled.changes().toString());
        var backup = pulled.backup();
        assertNotNull(backup);
        assertEquals(b.folder.resolve("backups"), backup.getParent());
        var saved = Files.readString(backup);
        assertTrue(saved.contains("sk-FAKE-local-only-1"), "the backup lacks the channel the pull removed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        // the backup is an export with keys: importing it restores what was replaced
        assertTrue(ConfigDocument.parse(saved).keysIncluded());
    }

    @Test
    void aMachineWithItsOwnChannelsIsAskedBeforeItsFirstPull() {
        a.sync.push(Machine.PASSPHRASE, false);
        try (var c = new Machine(temp.resolve("c")).populated().setUp(dav)) {
            c.store.channels().create(new ChannelDraft("mine", ApiType.OPENAI, "https://mine.example.test/v1",
                    List.of("sk-FAKE-mine-1"), Map.of(), null, Map.of(), true));
            var conflict = assertThrows(SyncConflict.class, () -> c.sync.pull(Machine.PASSPHRASE, false));
            assertEquals(SyncState.NEVER_SYNCED, conflict.state());
            assertTrue(conflict.getMessage().contains("never synced"), conflict.getMessage());
            var push = assertThrows(SyncConflict.class, () -> c.sync.push(Machine.PASSPHRASE, false));
            assertTrue(push.getMessage().contains("already holds a configuration"), push.getMessage());
        }
    }

    @Test
    void aPushWithAnotherPassphraseIsRefusedUnlessThePersonReplacesTheFolder() {
        a.sync.push(Machine.PASSPHRASE, false);
        a.store.settings().set(Setting.MAX_ATTEMPTS, "4");
        int puts = dav.puts();
        var e = assertThrows(StoreException.class, () -> a.sync.push("another FAKE passphrase", false));
        assertTrue(e.getMessage().startsWith("Wrong passphrase"), e.getMessage());
        assertEquals(puts, dav.puts());

        // keep mine: how the passphrase is changed; the other machine then needs the new one
        a.sync.push("another FAKE passphrase", true);
        var old = assertThrows(StoreException.class, () -> b.sync.pull(Machine.PASSPHRASE, false));
        assertTrue(old.getMessage().startsWith("Wrong passphrase"), old.getMessage());
        assertEquals(SyncResult.Outcome.PULLED, b.sync.pull("another FAKE passphrase", false).outcome());
    }

    @Test
    void aChangedConfigurationBesideTheSealedKeysIsRefused() {
        a.sync.push(Machine.PASSPHRASE, false);
        // someone with write access to the folder points a channel at their own server
        dav.replaceFile(dav.file().replace("https://relay.example.test/v1", "https://attacker.example.test/v1"));
        var before = b.configuration();
        var e = assertThrows(StoreException.class, () -> b.sync.pull(Machine.PASSPHRASE, false));
        assertTrue(e.getMessage().contains("changed by someone without the passphrase"), e.getMessage());
        assertEquals(before, b.configuration());
    }

    @Test
    void whereAMachinesGatewayListensAndHowItStartsStayWithThatMachine() {
        a.store.settings().set(Setting.BIND, "0.0.0.0");
        a.store.settings().set(Setting.START_WITH_SYSTEM, "true");
        a.sync.push(Machine.PASSPHRASE, false);
        assertFalse(dav.file().contains("0.0.0.0"), "the bind address travelled");
        b.store.settings().set(Setting.PORT, "9191");
        b.sync.pull(Machine.PASSPHRASE, false);
        var settings = b.store.settings().load();
        assertEquals(9191, settings.port(), "the pull replaced this machine's port");
        assertEquals("127.0.0.1", settings.bind());
        assertFalse(settings.startWithSystem());
        assertEquals(3, settings.maxAttempts(), "a shared setting did not arrive");

        b.store.settings().set(Setting.PORT, "9292");
        assertEquals(SyncState.IN_SYNC, b.sync.status().state(), "a machine's own setting counted as a change");
    }

    @Test
    void nothingToDoWhenNeitherSideChanged() {
        a.sync.push(Machine.PASSPHRASE, false);
        int puts = dav.puts();
        assertEquals(SyncResult.Outcome.ALREADY_IN_SYNC, a.sync.push(Machine.PASSPHRASE, false).outcome());
        assertEquals(SyncResult.Outcome.ALREADY_IN_SYNC, a.sync.pull(Machine.PASSPHRASE, false).outcome());
        assertEquals(puts, dav.puts());
    }

    @Test
    void setupChecksTheServerAndStoresNothingItRefuses() {
        try (var c = new Machine(temp.resolve("c"))) {
            var e = assertThrows(StoreException.class, () -> c.sync.setUp(dav.folderUrl(), DavServer.USER,
                    "wrong-FAKE-password"));
            assertTrue(e.getMessage().contains("refused the user name or password (HTTP 401)"), e.getMessage());
            assertTrue(c.sync.target().isEmpty());
            var url = assertThrows(StoreException.class, () -> c.sync.setUp("ftp://dav.example.test/x", "u", "p"));
            assertTrue(url.getMessage().contains("not a usable WebDAV folder"), url.getMessage());
            var inUrl = assertThrows(StoreException.class, () -> c.sync.setUp("https://u:p@dav.example.test/x", "u",
                    null));
            assertTrue(inUrl.getMessage().contains("not in the URL"), inUrl.getMessage());
            var masked = assertThrows(StoreException.class, () -> c.sync.setUp(dav.folderUrl(), "u", "****"));
            assertTrue(masked.getMessage().contains("looks masked"), masked.getMessage());
            assertTrue(c.sync.target().isEmpty());
        }
    }

    @Test
    void anotherFolderStartsAsNeverSyncedAndLeavingThePasswordOutKeepsIt() {
        a.sync.push(Machine.PASSPHRASE, false);
        assertNotEquals(null, a.sync.target().orElseThrow().last());
        a.sync.setUp(dav.baseUrl() + "/dav/other", DavServer.USER, null);
        var target = a.sync.target().orElseThrow();
        assertEquals(dav.baseUrl() + "/dav/other/", target.url());
        assertEquals(DavServer.PASSWORD, target.password());
        assertEquals(null, target.last());
        assertEquals(SyncState.NEVER_SYNCED, a.sync.status().state());
    }

    @Test
    void aFileGoneFromTheFolderIsPutBackByAPush() {
        a.sync.push(Machine.PASSPHRASE, false);
        dav.deleteFile();
        var status = a.sync.status();
        assertEquals(SyncState.REMOTE_CHANGED, status.state());
        assertFalse(status.remoteExists());
        assertEquals(SyncResult.Outcome.PUSHED, a.sync.push(Machine.PASSPHRASE, false).outcome());
        assertNotNull(dav.file());
        assertEquals(SyncState.IN_SYNC, a.sync.status().state());
    }

    @Test
    void aPullFromAnEmptyFolderSaysToPushFirst() {
        try (var c = new Machine(temp.resolve("c"))) {
            c.sync.setUp(dav.baseUrl() + "/dav/fresh/", DavServer.USER, DavServer.PASSWORD);
            var e = assertThrows(StoreException.class, () -> c.sync.pull(Machine.PASSPHRASE, false));
            assertEquals(StoreException.Kind.NOT_FOUND, e.kind());
            assertTrue(e.getMessage().contains("push from the machine whose configuration you want first"),
                    e.getMessage());
        }
    }
}
