package dev.switchboard.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * What the WebDAV server can do wrong, played by WireMock: refuse the password, answer 412 because another machine
 * wrote first, not answer in time, serve a damaged file or none with an ETag. Each is refused with a message that
 * says what happened and what to do, and this machine is left as it was.
 */
class SyncFaultsTest {
    private static final String FILE = "/dav/switchboard/" + SyncFile.NAME;

    @TempDir
    Path temp;

    private final WireMockServer server = new WireMockServer(options().dynamicPort());
    private Machine m;

    @BeforeEach
    void start() {
        server.start();
        m = new Machine(temp).populated();
        // set up without a check: the tests below decide what the server answers
        new SyncStateStore(m.store.database()).save(folder(), DavServer.USER, DavServer.PASSWORD);
    }

    @AfterEach
    void stop() {
        m.close();
        server.stop();
    }

    private String folder() {
        return server.baseUrl() + "/dav/switchboard/";
    }

    /** Marks the last sync as having seen {@code etag}, with this machine as it is now. */
    private void syncedAt(String etag) {
        new SyncStateStore(m.store.database()).mark(new SyncTarget.Mark(etag,
                SyncFile.fingerprint(ConfigExport.export(m.store, true)), Instant.EPOCH));
    }

    /** A sync file another machine pushed: this machine's configuration with another setting. */
    private byte[] anotherMachinesFile(String passphrase) {
        var doc = ConfigExport.export(m.store, true);
        doc.withObjectProperty("settings").put("max-attempts", "7");
        return SyncFile.seal(doc, passphrase, new SecretBox(1_000));
    }

    private StoreException refused(Executable action, String words) {
        var before = m.configuration();
        var e = assertThrows(StoreException.class, action);
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertFalse(e.getMessage().contains(DavServer.PASSWORD), "the message shows the password");
        assertEquals(before, m.configuration(), "a refused operation changed this machine");
        return e;
    }

    @Test
    void aRefusedPasswordIsSaidAndNothingIsStored() {
        server.stubFor(request("MKCOL", urlEqualTo("/dav/other/")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"dav\"")));
        var e = refused(() -> m.sync.setUp(server.baseUrl() + "/dav/other", DavServer.USER, "wrong-FAKE-password"),
                "refused the user name or password (HTTP 401)");
        assertEquals(StoreException.Kind.INVALID, e.kind());
        assertEquals(folder(), m.sync.target().orElseThrow().url(), "the refused setup replaced the stored one");
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(401)));
        refused(() -> m.sync.pull(Machine.PASSPHRASE, false), "HTTP 401");
    }

    @Test
    void aPushThatMeetsAnotherMachinesWriteIs412AndAConflictNotAnOverwrite() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"seen\"")
                .withBody(anotherMachinesFile(Machine.PASSPHRASE))));
        server.stubFor(put(urlEqualTo(FILE)).willReturn(aResponse().withStatus(412)));
        syncedAt("\"seen\"");
        m.store.settings().set(dev.switchboard.store.Setting.MAX_ATTEMPTS, "4");

        var conflict = assertThrows(SyncConflict.class, () -> m.sync.push(Machine.PASSPHRASE, false));
        assertTrue(conflict.getMessage().contains("HTTP 412"), conflict.getMessage());
        assertEquals(SyncState.CONFLICT, conflict.state());
        // the PUT was conditional on the version this machine had seen
        server.verify(putRequestedFor(urlEqualTo(FILE)).withHeader("If-Match", equalTo("\"seen\"")));
        assertEquals(SyncState.LOCAL_CHANGED, m.sync.status().state(), "the refused push was recorded as synced");
    }

    @Test
    void aFirstPushIntoAFolderThatFilledMeanwhileIs412Too() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(404)));
        server.stubFor(request("MKCOL", urlEqualTo("/dav/switchboard/")).willReturn(aResponse().withStatus(405)));
        server.stubFor(put(urlEqualTo(FILE)).willReturn(aResponse().withStatus(412)));
        assertThrows(SyncConflict.class, () -> m.sync.push(Machine.PASSPHRASE, false));
        server.verify(putRequestedFor(urlEqualTo(FILE)).withHeader("If-None-Match", equalTo("*")));
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsSaidSo() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"x\"")
                .withFixedDelay(5_000)));
        // a short timeout for this test only: elsewhere a busy machine's slow first answer must not fail a test
        var impatient = new SyncService(m.store, temp, Machine.CLOCK, new SecretBox(1_000), Duration.ofMillis(300));
        var e = refused(() -> impatient.pull(Machine.PASSPHRASE, false), "did not answer within 300 ms");
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
        refused(impatient::status, "did not answer within 300 ms");
    }

    @Test
    void aDamagedFileIsRefusedAndThisMachineKeepsItsConfiguration() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"x\"")
                .withBody("{\"format\": \"switchboard-config\", \"version\": 1, \"chan")));
        refused(() -> m.sync.pull(Machine.PASSPHRASE, true), "is not a Switchboard sync file");
    }

    @Test
    void corruptSecretsAreRefusedAndThisMachineKeepsItsConfiguration() {
        var text = new String(anotherMachinesFile(Machine.PASSPHRASE), StandardCharsets.UTF_8)
                .replaceFirst("\"data\" : \"[A-Za-z0-9+/]{8}", "\"data\" : \"AAAAAAAA");
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"x\"")
                .withBody(text)));
        refused(() -> m.sync.pull(Machine.PASSPHRASE, true), "changed by someone without the passphrase");
    }

    @Test
    void aWrongPassphraseIsSaidAndThisMachineKeepsItsConfiguration() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"x\"")
                .withBody(anotherMachinesFile(Machine.PASSPHRASE))));
        var e = refused(() -> m.sync.pull("not the FAKE passphrase", true), "Wrong passphrase");
        assertEquals(StoreException.Kind.INVALID, e.kind());
    }

    @Test
    void aServerWithoutETagsIsNotSyncedWith() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200)
                .withBody(anotherMachinesFile(Machine.PASSPHRASE))));
        server.stubFor(head(urlEqualTo(FILE)).willReturn(aResponse().withStatus(200)));
        refused(() -> m.sync.pull(Machine.PASSPHRASE, true), "gives no ETag");
    }

    @Test
    void aServerErrorOnPushIsSaidAndNothingIsRecorded() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(404)));
        server.stubFor(request("MKCOL", urlEqualTo("/dav/switchboard/")).willReturn(aResponse().withStatus(405)));
        server.stubFor(put(urlEqualTo(FILE)).willReturn(aResponse().withStatus(507)));
        var e = refused(() -> m.sync.push(Machine.PASSPHRASE, false), "answered HTTP 507");
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
        assertEquals(null, m.sync.target().orElseThrow().last());
    }

    @Test
    void aRedirectIsNotFollowedButNamed() {
        server.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "https://dav.example.test/dav/switchboard/" + SyncFile.NAME)));
        refused(() -> m.sync.status(), "HTTP 301 to https://dav.example.test/dav/switchboard/" + SyncFile.NAME);
    }

    @Test
    void anUnreachableServerIsSaidSo() {
        var port = server.port();
        server.stop();
        var e = refused(() -> m.sync.status(), "Cannot reach the WebDAV server");
        assertTrue(e.getMessage().contains(":" + port + " (connection refused)"), e.getMessage());
        assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
    }
}
