package dev.switchboard.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys in PEM form: the release key's public half bundled in the jar ({@code release-key.pub}), which is the
 * only thing an update is trusted by, and the private half that {@code scripts/release} signs with (kept outside
 * the repository, read only by the release tool). Keys are never logged.
 */
public final class ReleaseKeys {
    static final String BUNDLED = "release-key.pub";

    private ReleaseKeys() {
    }

    /** The public key this build trusts. */
    public static PublicKey bundled() {
        try (InputStream in = ReleaseKeys.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("The release key " + BUNDLED + " is missing from this build.");
            }
            return publicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled release key: " + e.getMessage(), e);
        }
    }

    /** An X.509 {@code -----BEGIN PUBLIC KEY-----} block. */
    public static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an RSA public key in PEM form (BEGIN PUBLIC KEY).");
        }
    }

    /** A PKCS#8 {@code -----BEGIN PRIVATE KEY-----} block, as {@code openssl genpkey} writes it. */
    public static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            // The message never quotes the text: it is a secret.
            throw new IllegalArgumentException("Not an RSA private key in PKCS#8 PEM form (BEGIN PRIVATE KEY);"
                    + " convert one with `openssl pkcs8 -topk8 -nocrypt`.");
        }
    }

    private static byte[] der(String pem, String type) {
        var begin = "-----BEGIN " + type + "-----";
        var end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("Expected a PEM block '" + begin + "'.");
        }
        var body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
