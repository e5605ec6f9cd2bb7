package dev.switchboard.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a text with a passphrase the person types, and opens it again: how keys travel to the sync folder.
 *
 * <p>Decisions (JDK 17 only, no library):
 * <ul>
 *   <li>Key derivation: PBKDF2 with HMAC-SHA512, {@value #ITERATIONS} iterations (OWASP's figure for it), a random
 *       16-byte salt per seal. JDK 17 has no scrypt or Argon2. SHA-512 rather than SHA-256: one PBKDF2 block of
 *       SHA-512 gives the 64 bytes needed (an AES key and a check key), so a guesser has no cheaper block to
 *       compute than the person did.</li>
 *   <li>Encryption: AES-256-GCM with a random 12-byte nonce; the 128-bit tag refuses any change.</li>
 *   <li>A wrong passphrase and a tampered box would both fail GCM's tag alike. To tell the person which, the box
 *       carries {@code check}: an HMAC of a fixed text under the second half of the derived bytes. A wrong
 *       passphrase fails the check ("wrong passphrase"); the right one with a failing tag means the box or the
 *       document it is bound to was changed ("tampered"). The check lets a guesser test a guess no faster than
 *       the ciphertext itself would.</li>
 *   <li>The header (version, KDF, iterations, cipher) and the caller's {@code bound} text are the GCM's
 *       additional data: neither can be changed without the passphrase. The sync file binds the configuration
 *       document beside the box ({@link SyncFile}), so nobody with write access to the folder can, say, point a
 *       channel at their own server and wait for the next pull to send it the decrypted key.</li>
 *   <li>A box says its iteration count; opening accepts at most {@value #MAX_ITERATIONS} (a forged huge count
 *       would only burn CPU) and at least {@value #MIN_ITERATIONS}.</li>
 * </ul>
 */
public final class SecretBox {
    static final int VERSION = 1;
    static final String KDF = "PBKDF2WithHmacSHA512";
    static final String CIPHER = "AES-256-GCM";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
    public static final int ITERATIONS = 210_000;
    static final int MIN_ITERATIONS = 1_000;
    static final int MAX_ITERATIONS = 10_000_000;
    /** The shortest passphrase a seal accepts: the sealed file sits on somebody else's server. */
    public static final int MIN_PASSPHRASE = 8;
    private static final byte[] CHECK_TEXT = "switchboard-sync passphrase check".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    /** Seals with {@value #ITERATIONS} iterations. */
    public SecretBox() {
        this(ITERATIONS);
    }

    /** Tests seal with fewer iterations, to stay fast; a box says its own count, so opening needs no setting. */
    SecretBox(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range: " + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * Seals {@code plain} under {@code passphrase}, bound to {@code bound} (which must be given again to open it).
     *
     * @return the box as a JSON object: header fields, salt, nonce, check and the ciphertext, in base64
     */
    public ObjectNode seal(String plain, String passphrase, String bound) {
        requireUsable(passphrase);
        var salt = random(16);
        var nonce = random(12);
        var box = Mappers.JSON.createObjectNode();
        box.put("version", VERSION);
        box.put("kdf", KDF);
        box.put("iterations", iterations);
        box.put("cipher", CIPHER);
        var keys = derive(passphrase, salt, iterations);
        try {
            box.put("salt", b64(salt));
            box.put("nonce", b64(nonce));
            box.put("check", b64(check(keys)));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(iterations, bound));
            box.put("data", b64(cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8))));
            return box;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java cannot encrypt with AES-256-GCM: " + e.getMessage(), e);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /**
     * Opens a box {@link #seal} made.
     *
     * @throws StoreException INVALID saying "wrong passphrase", or that the box was tampered with or is not one
     */
    public static String open(JsonNode box, String passphrase, String bound) {
        if (box == null || !box.isObject()) {
            throw damaged("it has no encrypted secrets section");
        }
        if (box.path("version").asInt(-1) != VERSION) {
            throw new StoreException(StoreException.Kind.INVALID, "The sync folder's"
                    + " secrets are sealed in format " + box.path("version").asText("?") + "; this Switchboard"
                    + " opens format " + VERSION + ". Update Switchboard on this machine.");
        }
        if (!KDF.equals(box.path("kdf").asText()) || !CIPHER.equals(box.path("cipher").asText())) {
            throw damaged("it names a key derivation or cipher this Switchboard does not use");
        }
        int iterations = box.path("iterations").asInt(-1);
        if (!box.path("iterations").isInt() || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw damaged("its iteration count is missing or out of range");
        }
        byte[] salt = bytes(box, "salt");
        byte[] nonce = bytes(box, "nonce");
        byte[] check = bytes(box, "check");
        byte[] data = bytes(box, "data");
        if (salt.length < 16 || nonce.length != 12 || data.length < 16) {
            throw damaged("its salt, nonce or data has the wrong length");
        }
        requireGiven(passphrase);
        var keys = derive(passphrase, salt, iterations);
        try {
            if (!MessageDigest.isEqual(check(keys), check)) {
                throw new StoreException(StoreException.Kind.INVALID, "Wrong passphrase: it does not open the"
                        + " secrets in the sync folder. Give the passphrase that was used to push them.");
            }
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys, 0, 32, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(iterations, bound));
            return new String(cipher.doFinal(data), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new StoreException(StoreException.Kind.INVALID, "The sync folder's file was changed by someone"
                    + " without the passphrase, or damaged: its secrets do not match the configuration beside them."
                    + " It was refused and nothing here changed. Push from a machine whose configuration is right"
                    + " (`sync push --force`) to replace it.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java cannot decrypt AES-256-GCM: " + e.getMessage(), e);
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /** Refuses a passphrase too short to seal with. */
    static void requireUsable(String passphrase) {
        requireGiven(passphrase);
        if (passphrase.length() < MIN_PASSPHRASE) {
            throw new StoreException(StoreException.Kind.INVALID, "The passphrase is too short: use at least "
                    + MIN_PASSPHRASE + " characters (the sealed keys sit on the WebDAV server).");
        }
    }

    static void requireGiven(String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new StoreException(StoreException.Kind.INVALID, "A passphrase is needed: the keys travel"
                    + " encrypted with it, and it is never stored.");
        }
    }

    private static byte[] derive(String passphrase, byte[] salt, int iterations) {
        var chars = passphrase.toCharArray();
        var spec = new PBEKeySpec(chars, salt, iterations, 512);
        try {
            return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java has no " + KDF + ": " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] check(byte[] keys) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys, 32, 32, "HmacSHA256"));
        return mac.doFinal(CHECK_TEXT);
    }

    private static byte[] aad(int iterations, String bound) {
        return ("switchboard-sync/" + VERSION + "\n" + KDF + "\n" + iterations + "\n" + CIPHER + "\n" + bound)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode box, String field) {
        var v = box.get(field);
        if (v == null || !v.isTextual()) {
            throw damaged("it has no \"" + field + "\"");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw damaged("its \"" + field + "\" is not base64");
        }
    }

    private static StoreException damaged(String what) {
        return new StoreException(StoreException.Kind.INVALID, "The sync folder's encrypted secrets are damaged ("
                + what + "): refused, and nothing here changed. Push from a machine whose configuration is right"
                + " (`sync push --force`) to replace them.");
    }

    private static byte[] random(int n) {
        var b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
