package dev.switchboard.update;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A local server laid out like GitHub Releases of {@code owner/switchboard}: {@code /releases/latest} answers 302
 * to {@code /releases/tag/TAG}, and a release's files are at {@code /releases/download/TAG/NAME}. Releases are
 * signed with the test release key ({@code test-release-key.pem}, a key for tests only) unless a test passes a key
 * of its own. A release may also publish the model catalog, {@code models.json} with {@code models.json.sig}.
 */
public final class ReleaseServer implements AutoCloseable {
    static final PublicKey KEY = ReleaseKeys.publicKey(resource("test-release-key.pub"));
    static final PrivateKey SIGNER = ReleaseKeys.privateKey(resource("test-release-key.pem"));

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public ReleaseServer() {
        server.start();
    }

    /** What {@code update-url} is set to. */
    public String releasesUrl() {
        return server.baseUrl() + "/owner/switchboard/releases";
    }

    ReleaseSite site(String currentVersion) {
        return ReleaseSite.of(releasesUrl(), "owner/switchboard", currentVersion);
    }

    /** Publishes {@code files} as release {@code tag}, signed with the test release key, as the latest. */
    public void publish(String tag, String version, String notes, List<Path> files) {
        publish(tag, version, notes, files, SIGNER);
    }

    /** Publishes {@code files} as release {@code tag} of {@code version}, signed by {@code signer}, as the latest. */
    void publish(String tag, String version, String notes, List<Path> files, PrivateKey signer) {
        var xml = ReleaseConfig.write(version, notes, files, signer);
        serve(tag, Update4jUpdater.CONFIG_ASSET, xml.getBytes(StandardCharsets.UTF_8));
        for (var f : files) {
            try {
                serve(tag, f.getFileName().toString(), Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        latest(tag);
    }

    /**
     * Publishes release {@code tag} of {@code version} as {@code scripts/release} and the release workflow lay it out:
     * {@code files} (the jar) and the portable archives {@code images}, each with its signed image configuration,
     * the fingerprints in the update configuration; signed with the test release key, made the latest.
     */
    public void publishWithImages(String tag, String version, List<Path> files, List<Path> images) {
        try {
            var out = Files.createTempDirectory("switchboard-release");
            for (var written : ReleaseConfig.writeRelease(version, "", files, images, SIGNER, out)) {
                serve(tag, written.getFileName().toString(), Files.readAllBytes(written));
            }
            for (var f : files) {
                serve(tag, f.getFileName().toString(), Files.readAllBytes(f));
            }
            for (var image : images) {
                serve(tag, image.getFileName().toString(), Files.readAllBytes(image));
            }
            StagedUpdate.deleteTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        latest(tag);
    }

    /**
     * Publishes {@code catalog} as release {@code tag}'s {@code models.json} with its signature by {@code signer}
     * ({@code models.json.sig}), and makes {@code tag} the latest release.
     */
    public void publishCatalog(String tag, byte[] catalog, PrivateKey signer) {
        serve(tag, CatalogUpdater.ASSET, catalog);
        serve(tag, CatalogUpdater.SIGNATURE_ASSET,
                (CatalogSignature.sign(catalog, signer) + "\n").getBytes(StandardCharsets.US_ASCII));
        latest(tag);
    }

    /** Publishes {@code catalog} signed with the test release key that the test class path trusts. */
    public void publishCatalog(String tag, byte[] catalog) {
        publishCatalog(tag, catalog, SIGNER);
    }

    /**
     * A catalog as a release publishes it: the bundled one, dated {@code updated}, with {@code rows} (JSON objects)
     * added at the end.
     */
    public static byte[] catalogEdition(java.time.Instant updated, String... rows) {
        String bundled;
        try (var in = dev.switchboard.catalog.Catalog.class.getResourceAsStream("models.json")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var text = bundled.replaceFirst("\"updated\":\"[^\"]*\"", "\"updated\":\"" + updated + "\"");
        int end = text.lastIndexOf("\n]}");
        var extra = new StringBuilder();
        for (var row : rows) {
            extra.append(",\n").append(row);
        }
        return (text.substring(0, end) + extra + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** Makes {@code tag} the latest release: {@code /releases/latest} redirects to it. */
    void latest(String tag) {
        server.stubFor(get(urlEqualTo("/owner/switchboard/releases/latest")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", server.baseUrl() + "/owner/switchboard/releases/tag/" + tag)));
    }

    /** Replaces one file of a release with other bytes (as a tampered or broken mirror would serve). */
    void serve(String tag, String name, byte[] body) {
        server.stubFor(get(urlEqualTo("/owner/switchboard/releases/download/" + tag + "/" + name))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                        .withBody(body)));
    }

    /** Paths the server was asked for, in order. */
    List<String> requested() {
        var out = new ArrayList<String>();
        server.getAllServeEvents().forEach(e -> out.add(0, URI.create(e.getRequest().getUrl()).getPath()));
        return out;
    }

    static PrivateKey otherKey() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static String resource(String name) {
        try (var in = ReleaseServer.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
