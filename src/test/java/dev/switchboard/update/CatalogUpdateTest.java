package dev.switchboard.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.catalog.Catalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model catalog kept fresh between releases, against a local "GitHub Releases" over real HTTP: a release
 * publishes {@code models.json} and its signature, and {@link CatalogUpdater} keeps it in the data folder only when
 * it is signed by the release key and newer than the catalog in use. The release key pair is made here, for this
 * class only.
 */
class CatalogUpdateTest {
    private static final Instant BUNDLED = Catalog.bundled().updated();
    private static final String ACME = "{\"id\":\"acme-9\",\"provider\":\"acme\",\"name\":\"Acme 9\","
            + "\"released\":\"2027-01-10\",\"context\":400000}";
    private static KeyPair release;

    @TempDir
    Path data;

    private final ReleaseServer server = new ReleaseServer();

    @BeforeAll
    static void releaseKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        release = generator.generateKeyPair();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CatalogUpdater updater() {
        return new CatalogUpdater(server.site("1.0.0"), release.getPublic(), data);
    }

    @Test
    void aNewerSignedCatalogIsKeptInTheDataFolderAndUsedFromTheNextLoad() throws Exception {
        var edition = BUNDLED.plus(Duration.ofDays(30));
        var published = ReleaseServer.catalogEdition(edition, ACME);
        server.publishCatalog("v1.0.0", published, release.getPrivate());
        assertTrue(Catalog.load(data).lookup("acme-9").isEmpty(), "not known before");

        var check = updater().refresh();

        var updated = assertInstanceOf(CatalogCheck.Updated.class, check);
        assertEquals(edition, updated.edition());
        assertEquals(Catalog.bundled().all().size() + 1, updated.models());
        assertTrue(check.message().contains("next start"), check.message());
        assertArrayEquals(published, Files.readAllBytes(Catalog.fetchedFile(data)), "kept as published");
        var loaded = Catalog.load(data);
        assertEquals(edition, loaded.updated());
        assertEquals(400000, loaded.lookup("acme-9").orElseThrow().context());
        assertEquals(List.of(), leftovers(), "no partial file is left");

        assertInstanceOf(CatalogCheck.Current.class, updater().refresh(), "the same edition again is up to date");
    }

    @Test
    void thePersonsOwnModelsJsonStillWinsOverTheFetchedCatalog() throws Exception {
        server.publishCatalog("v1.0.0", ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1)), ACME),
                release.getPrivate());
        updater().refresh();
        Files.writeString(data.resolve(Catalog.FILE), "{\"version\":1,\"models\":[{\"id\":\"acme-9\","
                + "\"provider\":\"acme\",\"name\":\"Mine\",\"released\":\"2027-01-10\",\"context\":123}]}");

        var loaded = Catalog.load(data);

        assertEquals(123, loaded.lookup("acme-9").orElseThrow().context(), "the override's row wins");
        assertEquals(Catalog.bundled().all().size() + 1, loaded.all().size(), "on top of the fetched rows");
    }

    @Test
    void aCatalogSignedByAnotherKeyIsRefusedAndThePreviousOneKept() throws Exception {
        var kept = ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1)), ACME);
        server.publishCatalog("v1.0.0", kept, release.getPrivate());
        updater().refresh();

        server.publishCatalog("v1.1.0", ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(2))),
                ReleaseServer.otherKey());
        var e = assertThrows(UpdateException.class, () -> updater().refresh());

        says(e, "not signed by the switchboard release key", "catalog in use stays");
        assertArrayEquals(kept, Files.readAllBytes(Catalog.fetchedFile(data)));
        assertTrue(Catalog.load(data).lookup("acme-9").isPresent());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aCatalogAlteredAfterSigningIsRefused() throws Exception {
        var signed = ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1)), ACME);
        server.publishCatalog("v1.0.0", signed, release.getPrivate());
        var altered = new String(signed, StandardCharsets.UTF_8).replace("400000", "900000")
                .getBytes(StandardCharsets.UTF_8);
        server.serve("v1.0.0", CatalogUpdater.ASSET, altered); // the signature still names the original bytes

        var e = assertThrows(UpdateException.class, () -> updater().refresh());

        says(e, "not signed");
        assertFalse(Files.exists(Catalog.fetchedFile(data)));
        assertEquals(BUNDLED, Catalog.load(data).updated());
    }

    @Test
    void aCatalogWithoutItsSignatureIsRefused() {
        server.publishCatalog("v1.0.0", ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1))),
                release.getPrivate());
        server.serve("v1.0.0", CatalogUpdater.SIGNATURE_ASSET, new byte[0]);

        var e = assertThrows(UpdateException.class, () -> updater().refresh());

        says(e, "not signed");
        assertFalse(Files.exists(Catalog.fetchedFile(data)));
    }

    @Test
    void aCatalogOlderThanTheBundledOneIsIgnored() throws Exception {
        var older = BUNDLED.minus(Duration.ofDays(60));
        server.publishCatalog("v0.9.0", ReleaseServer.catalogEdition(older, ACME), release.getPrivate());

        var check = updater().refresh();

        var ignored = assertInstanceOf(CatalogCheck.Older.class, check);
        assertEquals(older, ignored.offered());
        assertEquals(BUNDLED, ignored.inUse());
        assertTrue(check.message().contains("ignored"), check.message());
        assertFalse(Files.exists(Catalog.fetchedFile(data)), "nothing is kept");
        assertTrue(Catalog.load(data).lookup("acme-9").isEmpty());
    }

    @Test
    void aCatalogOlderThanTheOneFetchedBeforeIsIgnored() throws Exception {
        var newer = ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(10)), ACME);
        server.publishCatalog("v1.0.0", newer, release.getPrivate());
        updater().refresh();

        server.publishCatalog("v1.0.1", ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(5))),
                release.getPrivate());
        assertInstanceOf(CatalogCheck.Older.class, updater().refresh());

        assertArrayEquals(newer, Files.readAllBytes(Catalog.fetchedFile(data)));
    }

    @Test
    void aSignedCatalogInAFormatThisBuildCannotReadIsRefused() {
        var future = ("{\"version\":2,\"updated\":\"" + BUNDLED.plus(Duration.ofDays(1)) + "\",\"models\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        server.publishCatalog("v2.0.0", future, release.getPrivate());

        var e = assertThrows(UpdateException.class, () -> updater().refresh());

        says(e, "cannot be read by this switchboard", "newer switchboard", "catalog in use stays");
        assertFalse(Files.exists(Catalog.fetchedFile(data)));
    }

    @Test
    void aReleaseWithoutACatalogChangesNothing() throws Exception {
        server.publish("v1.0.0", "1.0.0", "", List.of(Files.writeString(data.resolve("switchboard.jar"), "jar")));

        var check = updater().refresh();

        assertInstanceOf(CatalogCheck.NotPublished.class, check);
        assertFalse(Files.exists(Catalog.fetchedFile(data)));
    }

    @Test
    void anUnreachableServerIsAClearFailureAndLosesNothing() throws Exception {
        var kept = ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1)), ACME);
        server.publishCatalog("v1.0.0", kept, release.getPrivate());
        updater().refresh();
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var site = ReleaseSite.of("http://127.0.0.1:" + closedPort + "/owner/switchboard/releases", "", "1.0.0");

        var e = assertThrows(UpdateException.class,
                () -> new CatalogUpdater(site, release.getPublic(), data).refresh());

        says(e, "cannot reach the release server 127.0.0.1:" + closedPort, "connection refused");
        assertArrayEquals(kept, Files.readAllBytes(Catalog.fetchedFile(data)));
    }

    @Test
    void theUpdaterChecksTheCatalogOfTheDataFolderItUpdates() throws Exception {
        var jarFolder = Files.createDirectories(data.resolve("app"));
        var updater = new Update4jUpdater(server.site("1.0.0"), release.getPublic(), data.resolve("updates"),
                jarFolder, "1.0.0", version -> null);
        server.publishCatalog("v1.0.0", ReleaseServer.catalogEdition(BUNDLED.plus(Duration.ofDays(1)), ACME),
                release.getPrivate());

        assertInstanceOf(CatalogCheck.Updated.class, updater.refreshCatalog());

        assertTrue(Files.isRegularFile(data.resolve("catalog").resolve("models.json")));
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(Catalog.fetchedFile(data).getParent())) {
            return files.filter(p -> !p.equals(Catalog.fetchedFile(data))).toList();
        }
    }

    private static void says(Exception e, String... words) {
        var message = e.getMessage().toLowerCase(Locale.ROOT);
        for (var w : words) {
            assertTrue(message.contains(w.toLowerCase(Locale.ROOT)), () -> "expected '" + w + "' in: " + e.getMessage());
        }
    }
}
