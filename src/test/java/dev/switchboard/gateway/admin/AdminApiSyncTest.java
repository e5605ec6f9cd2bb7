package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.sync.DavServer;
import dev.switchboard.sync.SyncService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /admin/sync}: set up, status, push and pull, against a WebDAV folder that another machine (a second data
 * folder) syncs with too; a conflict answers 409 with what differs, and only an explicit choice resolves it.
 */
class AdminApiSyncTest {
    static final String PASSPHRASE = "a long FAKE passphrase";

    @TempDir
    Path dataDir;
    @TempDir
    Path otherDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    private DavServer dav;
    private Store other;
    private SyncService otherSync;

    @BeforeEach
    void start() {
        dav = new DavServer();
        other = Store.open(otherDir, Database.Check.QUICK, Clock.systemUTC());
        otherSync = new SyncService(other, otherDir, Clock.systemUTC());
        otherSync.setUp(dav.folderUrl(), DavServer.USER, DavServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        other.close();
        dav.close();
    }

    private String setupBody(String password) {
        return "{\"url\": \"" + dav.folderUrl() + "\", \"user\": \"" + DavServer.USER + "\", \"password\": \""
                + password + "\"}";
    }

    @Test
    void setUpPushAndTheOtherMachinePullsWithTheKeys() throws Exception {
        assertFalse(api.get("/admin/sync").json().get("configured").asBoolean());
        var refused = api.admin("PUT", "/admin/sync", setupBody("wrong-FAKE-password"));
        assertStatus(400, refused);
        assertTrue(refused.error().get("message").asText().contains("HTTP 401"), refused.raw().body());

        var setup = api.admin("PUT", "/admin/sync", setupBody(DavServer.PASSWORD));
        assertStatus(200, setup);
        assertEquals("****", setup.json().get("password").asText());
        assertFalse(setup.raw().body().contains(DavServer.PASSWORD));
        assertEquals(dav.folderUrl(), api.get("/admin/sync").json().get("url").asText());
        assertEquals("never-synced", api.get("/admin/sync/status").json().get("state").asText());

        var pushed = api.admin("POST", "/admin/sync/push", "{\"passphrase\": \"" + PASSPHRASE + "\"}");
        assertStatus(200, pushed);
        assertEquals("pushed", pushed.json().get("outcome").asText());
        assertEquals("in-sync", api.get("/admin/sync/status").json().get("state").asText());
        assertFalse(dav.file().contains("sk-test-relay-1"));

        otherSync.pull(PASSPHRASE, false);
        assertEquals("sk-test-relay-1", other.channels().get("relay").keys().get(0).reveal());
        assertEquals("hdr-test-secret-1", other.channels().get("relay").headers().get("X-Relay-Auth"));
    }

    @Test
    void aConflictIs409WithTheDifferencesAndOnlyAnExplicitChoiceResolvesIt() throws Exception {
        assertStatus(200, api.admin("PUT", "/admin/sync", setupBody(DavServer.PASSWORD)));
        assertStatus(200, api.admin("POST", "/admin/sync/push", "{\"passphrase\": \"" + PASSPHRASE + "\"}"));
        otherSync.pull(PASSPHRASE, false);
        other.settings().set(Setting.MAX_ATTEMPTS, "2");
        otherSync.push(PASSPHRASE, false);
        api.store.settings().set(Setting.COOLDOWN_SECONDS, "60");

        var status = api.get("/admin/sync/status");
        assertEquals("conflict", status.json().get("state").asText());
        var conflict = api.admin("POST", "/admin/sync/push", "{\"passphrase\": \"" + PASSPHRASE + "\"}");
        assertStatus(409, conflict);
        assertEquals("sync_conflict", conflict.code());
        assertEquals("conflict", conflict.json().get("state").asText());
        var lines = conflict.json().get("differences").toString();
        assertTrue(lines.contains("setting max-attempts: 5 here, 2 in the sync folder"), lines);
        assertTrue(lines.contains("setting cooldown-seconds: 60 here, 300 in the sync folder"), lines);
        assertStatus(409, api.admin("POST", "/admin/sync/pull", "{\"passphrase\": \"" + PASSPHRASE + "\"}"));

        var wrongChoice = api.admin("POST", "/admin/sync/pull", "{\"passphrase\": \"" + PASSPHRASE
                + "\", \"choice\": \"keep-mine\"}");
        assertStatus(400, wrongChoice);
        assertTrue(wrongChoice.error().get("message").asText().contains("push with \"keep-mine\""));

        var taken = api.admin("POST", "/admin/sync/pull", "{\"passphrase\": \"" + PASSPHRASE
                + "\", \"choice\": \"take-theirs\"}");
        assertStatus(200, taken);
        assertEquals("pulled", taken.json().get("outcome").asText());
        assertEquals(2, api.store.settings().load().maxAttempts());
        var backup = Path.of(taken.json().get("backup").asText());
        assertTrue(Files.readString(backup).contains("\"cooldown-seconds\" : \"60\""), "the backup lacks the change");
        assertEquals("in-sync", api.get("/admin/sync/status").json().get("state").asText());
    }

    @Test
    void aWrongPassphraseOrAnUnknownFieldIsRefused() throws Exception {
        assertStatus(200, api.admin("PUT", "/admin/sync", setupBody(DavServer.PASSWORD)));
        assertStatus(200, api.admin("POST", "/admin/sync/push", "{\"passphrase\": \"" + PASSPHRASE + "\"}"));
        var wrong = api.admin("POST", "/admin/sync/pull", "{\"passphrase\": \"not the FAKE passphrase\","
                + " \"choice\": \"take-theirs\"}");
        assertStatus(400, wrong);
        assertTrue(wrong.error().get("message").asText().startsWith("Wrong passphrase"));
        assertStatus(400, api.admin("POST", "/admin/sync/push", "{\"passphrase\": \"" + PASSPHRASE
                + "\", \"force\": true}"));
        assertStatus(405, api.admin("GET", "/admin/sync/push", null));
        assertStatus(404, api.get("/admin/sync/elsewhere"));
        var forgotten = api.admin("DELETE", "/admin/sync", null);
        assertTrue(forgotten.json().get("forgotten").asBoolean());
        assertEquals("not-set-up", api.get("/admin/sync/status").json().get("state").asText());
    }
}
