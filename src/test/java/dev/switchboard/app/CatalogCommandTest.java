package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.catalog.Catalog;
import dev.switchboard.update.ReleaseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard catalog update}, and the catalog half of {@code update --check}, in-process against a local
 * "GitHub Releases". As in {@link UpdateCommandTest}, the test class path's release key is the test one.
 */
class CatalogCommandTest {
    private static final String ACME = "{\"id\":\"acme-9\",\"provider\":\"acme\",\"name\":\"Acme 9\","
            + "\"released\":\"2027-01-10\"}";

    @TempDir
    Path dir;

    @Test
    void updateKeepsANewerSignedCatalogAndSaysItIsUsedFromTheNextStart() {
        try (var server = new ReleaseServer()) {
            var edition = Catalog.bundled().updated().plus(Duration.ofDays(3));
            server.publishCatalog("v99.0.0", ReleaseServer.catalogEdition(edition, ACME));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "catalog", "update").ok()
                    .prints("Updated the model catalog to the edition of " + edition, "release v99.0.0", "next start");

            assertTrue(Files.isRegularFile(dir.resolve("catalog").resolve("models.json")));
            assertTrue(Catalog.load(dir).lookup("acme-9").isPresent());
        }
    }

    @Test
    void updateRefusesACatalogWithABadSignature() throws Exception {
        try (var server = new ReleaseServer()) {
            server.publishCatalog("v99.0.0", ReleaseServer.catalogEdition(
                    Catalog.bundled().updated().plus(Duration.ofDays(3)), ACME), otherKey());
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "catalog", "update").fails(Main.FAILURE, "not signed by the Switchboard release key");

            assertFalse(Files.exists(dir.resolve("catalog").resolve("models.json")));
        }
    }

    @Test
    void updateSaysAnOlderCatalogWasIgnored() {
        try (var server = new ReleaseServer()) {
            server.publishCatalog("v0.0.1", ReleaseServer.catalogEdition(
                    Catalog.bundled().updated().minus(Duration.ofDays(3))));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "catalog", "update").ok().prints("older than the edition", "ignored");
        }
    }

    @Test
    void updateFromAnUnreachableServerIsAFailureWithAReason() {
        CliRun.run(dir, "settings", "set", "update-url", "http://127.0.0.1:9/owner/repo/releases").ok();

        CliRun.run(dir, "catalog", "update").fails(Main.FAILURE, "cannot reach the release server 127.0.0.1:9");
    }

    @Test
    void theUpdateCheckFetchesANewerCatalogToo() throws Exception {
        try (var server = new ReleaseServer()) {
            var jar = Files.write(dir.resolve("switchboard.jar"), "new build".getBytes(StandardCharsets.UTF_8));
            server.publish("v0.0.1", "0.0.1", "", List.of(jar));
            server.publishCatalog("v0.0.1", ReleaseServer.catalogEdition(
                    Catalog.bundled().updated().plus(Duration.ofDays(3)), ACME));
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            CliRun.run(dir, "update", "--check").ok().prints("is up to date", "catalog: Updated the model catalog");

            assertTrue(Catalog.load(dir).lookup("acme-9").isPresent());
        }
    }

    @Test
    void aBadCatalogIsANoteThatDoesNotFailTheUpdateCheck() throws Exception {
        try (var server = new ReleaseServer()) {
            var jar = Files.write(dir.resolve("switchboard.jar"), "new build".getBytes(StandardCharsets.UTF_8));
            server.publish("v0.0.1", "0.0.1", "", List.of(jar));
            server.publishCatalog("v0.0.1", "{\"version\":1}".getBytes(StandardCharsets.UTF_8),
                    otherKey());
            CliRun.run(dir, "settings", "set", "update-url", server.releasesUrl()).ok();

            var r = CliRun.run(dir, "update", "--check").ok().prints("is up to date");

            assertTrue(r.err().contains("note: The model catalog of release v0.0.1 is not signed"), r.err());
        }
    }

    /** A key pair made for the test: not the release key the test class path trusts. */
    private static PrivateKey otherKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}
