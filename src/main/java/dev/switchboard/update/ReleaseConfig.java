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
        var builder = Configuration.builder()
                .baseUri("${" + Update4jUpdater.DOWNLOAD_BASE + "}")
                .basePath("${" + Update4jUpdater.APP_DIR + "}")
                // Only so the builder can resolve its own placeholders; dynamic values are never written.
                .dynamicProperty(Update4jUpdater.DOWNLOAD_BASE, "https://release.invalid/")
                .dynamicProperty(Update4jUpdater.APP_DIR, "/switchboard")
                .property(Update4jUpdater.VERSION, version)
                .property(Update4jUpdater.NOTES, notes == null ? "" : notes)
                .signer(signer);
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
     * {@code java -cp switchboard.jar dev.switchboard.update.ReleaseConfig --version V [--notes FILE]
     * [--key PRIVATE.pem] --out DIR FILE...}: writes {@code DIR/switchboard-update.xml}. The key comes from
     * {@code --key} or {@value #KEY_ENV}; it is read, used and never printed.
     */
    public static void main(String[] args) throws IOException {
        String version = null;
        String notesFile = null;
        String keyFile = System.getenv(KEY_ENV);
        Path out = null;
        var files = new ArrayList<Path>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
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
        Files.createDirectories(out);
        var target = out.resolve(Update4jUpdater.CONFIG_ASSET);
        Files.writeString(target, write(version, notes, files, key), StandardCharsets.UTF_8);
        System.out.println("wrote " + target + " (" + files.size() + " file(s), signed)");
    }
}
