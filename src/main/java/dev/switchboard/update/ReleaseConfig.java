package dev.switchboard.update;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.update4j.Configuration;
import org.update4j.FileMetadata;

/**
 * Writes the signed update configuration of a release ({@value Update4jUpdater#CONFIG_ASSET}): the version, the
 * notes, and each file with its size, checksum and RSA/SHA-256 signature, the whole signed with the release key.
 * The download address and the install folder are left as placeholders, filled in by each installation, so one
 * configuration serves GitHub, a mirror and a portable folder wherever it is.
 *
 * <p>{@code scripts/release} runs {@link #main}; tests call {@link #write} to play a release server.
 */
public final class ReleaseConfig {
    /** Environment variable naming the private key file when {@code --key} is not given. */
    public static final String KEY_ENV = "SWITCHBOARD_RELEASE_KEY";

    private ReleaseConfig() {
    }

    /** The configuration XML for {@code files}, each installed under its own name in the Switchboard folder. */
    public static String write(String version, String notes, List<Path> files, PrivateKey signer) {
        return write(version, notes, files, Map.of(), signer);
    }

    /** As above, with more properties (the images' fingerprints, {@link #imageProperty}). */
    public static String write(String version, String notes, List<Path> files, Map<String, String> properties,
                               PrivateKey signer) {
        var builder = Configuration.builder()
                .baseUri("${" + Update4jUpdater.DOWNLOAD_BASE + "}")
                .basePath("${" + Update4jUpdater.APP_DIR + "}")
                // Only so the builder can resolve its own placeholders; dynamic values are never written.
                .dynamicProperty(Update4jUpdater.DOWNLOAD_BASE, "https://release.invalid/")
                .dynamicProperty(Update4jUpdater.APP_DIR, "/switchboard")
                .property(Update4jUpdater.VERSION, version)
                .property(Update4jUpdater.NOTES, notes == null ? "" : notes)
                .signer(signer);
        new TreeMap<>(properties).forEach(builder::property);
        for (var file : files) {
            var name = file.getFileName().toString();
            // ignoreBootConflict: our jar is on the class path, never a named module update4j should vet.
            builder.file(FileMetadata.readFrom(file).uri(name).path(name).ignoreBootConflict());
        }
        var out = new StringWriter();
        try {
            builder.build().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes a release's signed configurations into {@code out}: {@value Update4jUpdater#CONFIG_ASSET} for
     * {@code files}, and for each portable archive in {@code images} its {@code switchboard-image-PLATFORM.xml}, with
     * its fingerprint in the first. Returns what it wrote.
     */
    public static List<Path> writeRelease(String version, String notes, List<Path> files, List<Path> images,
                                          PrivateKey key, Path out) throws IOException {
        Files.createDirectories(out);
        var written = new ArrayList<Path>();
        var properties = new TreeMap<String, String>();
        for (var image : images) {
            var platform = PortableArchive.platformOf(image, version);
            var unpacked = Files.createTempDirectory("switchboard-image");
            try {
                var folder = PortableArchive.extract(image, unpacked);
                var os = PortableArchive.osOf(folder);
                var app = os.image(folder);
                properties.put(imageProperty(platform), ImageFingerprint.of(os.runtimeHome(app),
                        os.jar(app).getParent()));
            } finally {
                StagedUpdate.deleteTree(unpacked);
            }
            var imageConfig = out.resolve(imageConfigAsset(platform));
            Files.writeString(imageConfig, write(version, notes, List.of(image), key), StandardCharsets.UTF_8);
            written.add(imageConfig);
        }
        var target = out.resolve(Update4jUpdater.CONFIG_ASSET);
        Files.writeString(target, write(version, notes, files, properties, key), StandardCharsets.UTF_8);
        written.add(target);
        return written;
    }

    /** The property of the update configuration that names the image fingerprint of {@code platform}. */
    public static String imageProperty(String platform) {
        return Update4jUpdater.IMAGE_PROPERTY_PREFIX + platform;
    }

    /** The signed configuration listing the portable archive of {@code platform}: {@code switchboard-image-linux-x64.xml}. */
    public static String imageConfigAsset(String platform) {
        return "switchboard-image-" + platform + ".xml";
    }

    /**
     * {@code java -cp switchboard.jar dev.switchboard.update.ReleaseConfig --version V [--notes FILE]
     * [--key PRIVATE.pem] [--image ARCHIVE]... --out DIR FILE...}: writes {@code DIR/switchboard-update.xml}, and for
     * each portable archive ({@link PortableArchive}) {@code DIR/switchboard-image-PLATFORM.xml}, with the
     * archive's {@link ImageFingerprint} in the first so that an unpacked portable folder knows whether the jar
     * alone or its whole image must be replaced. The key comes from {@code --key} or {@value #KEY_ENV}; it is
     * read, used and never printed.
     */
    public static void main(String[] args) throws IOException {
        String version = null;
        String notesFile = null;
        String keyFile = System.getenv(KEY_ENV);
        Path out = null;
        var files = new ArrayList<Path>();
        var images = new ArrayList<Path>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--image" -> images.add(Path.of(args[++i]));
                case "--version" -> version = args[++i];
                case "--notes" -> notesFile = args[++i];
                case "--key" -> keyFile = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (version == null || out == null || files.isEmpty() || keyFile == null || keyFile.isBlank()) {
            System.err.println("usage: ReleaseConfig --version V [--notes FILE] [--key PRIVATE.pem] --out DIR FILE..."
                    + " (or the key file in $" + KEY_ENV + ")");
            System.exit(2);
        }
        var notes = notesFile == null ? "" : Files.readString(Path.of(notesFile), StandardCharsets.UTF_8).strip();
        var key = ReleaseKeys.privateKey(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII));
        writeRelease(version, notes, files, images, key, out).forEach(w -> System.out.println("wrote " + w));
    }
}
