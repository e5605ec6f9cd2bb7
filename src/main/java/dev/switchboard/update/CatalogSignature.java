package dev.switchboard.update;

import dev.switchboard.catalog.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The signature of a release's model catalog: {@value CatalogUpdater#SIGNATURE_ASSET} beside
 * {@value CatalogUpdater#ASSET}, the Base64 of an RSA/SHA-256 signature of the file's exact bytes, made with the
 * release key that signs the update configuration. The same key and algorithm as the configuration and its files
 * ({@link ReleaseConfig}), so a release has one key to guard and an installation one key to trust; a detached file
 * because {@code models.json} stays the plain JSON people read (and the format an override uses).
 *
 * <p>{@code scripts/release} runs {@link #main}; tests call {@link #sign} to play a release server.
 */
public final class CatalogSignature {
    private static final String ALGORITHM = "SHA256withRSA";

    private CatalogSignature() {
    }

    /** The Base64 signature of {@code catalog}, as {@value CatalogUpdater#SIGNATURE_ASSET} holds it. */
    public static String sign(byte[] catalog, PrivateKey key) {
        try {
            var signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(catalog);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with this key (" + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** Whether {@code base64} (surrounding white space allowed) is {@code key}'s signature of exactly {@code catalog}. */
    static boolean verifies(byte[] catalog, String base64, PublicKey key) {
        try {
            var signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(catalog);
            return signature.verify(Base64.getDecoder().decode(base64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not Base64, not a signature of this key's size: not signed by it either way
        }
    }

    /**
     * {@code java -cp switchboard.jar dev.switchboard.update.CatalogSignature [--key PRIVATE.pem] models.json}:
     * checks that the file is a catalog an installation will take (readable, dated by its {@code updated}) and
     * writes {@code models.json.sig} beside it. The key comes from {@code --key} or {@value ReleaseConfig#KEY_ENV};
     * it is read, used and never printed.
     */
    public static void main(String[] args) throws IOException {
        String keyFile = System.getenv(ReleaseConfig.KEY_ENV);
        Path catalog = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key") && i + 1 < args.length) {
                keyFile = args[++i];
            } else {
                catalog = Path.of(args[i]);
            }
        }
        if (catalog == null || keyFile == null || keyFile.isBlank()) {
            System.err.println("usage: CatalogSignature [--key PRIVATE.pem] models.json (or the key file in $"
                    + ReleaseConfig.KEY_ENV + ")");
            System.exit(2);
        }
        var bytes = Files.readAllBytes(catalog);
        Catalog read;
        try {
            read = Catalog.read(bytes);
        } catch (IllegalArgumentException e) {
            System.err.println(catalog + " is not a model catalog Switchboard can read: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (read.updated() == null) {
            System.err.println(catalog + " does not say when it was made (its top-level \"updated\"), so no"
                    + " installation would take it; rebuild it with scripts/build-catalog.");
            System.exit(1);
        }
        var key = ReleaseKeys.privateKey(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII));
        var target = catalog.resolveSibling(catalog.getFileName() + ".sig");
        Files.writeString(target, sign(bytes, key) + "\n", StandardCharsets.US_ASCII);
        System.out.println("wrote " + target + " (catalog of " + read.updated() + ", " + read.all().size()
                + " models, signed)");
    }
}
