package dev.switchboard.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.StoreException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sealing keys with a passphrase: what opens, and what is refused, and how the refusal reads. */
class SecretBoxTest {
    private static final String SECRET = "{\"keys\":[\"sk-FAKE-sealed-key-1\"]}";
    private static final String PASSPHRASE = "correct horse battery";
    private final SecretBox box = new SecretBox(1_000);

    @Test
    void opensWithThePassphraseItWasSealedWith() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        assertEquals(SECRET, SecretBox.open(sealed, PASSPHRASE, "doc-hash"));
        assertFalse(sealed.toString().contains("sk-FAKE-sealed-key-1"), "the secret is in the box in clear");
        assertEquals("PBKDF2WithHmacSHA512", sealed.get("kdf").asText());
        assertEquals("AES-256-GCM", sealed.get("cipher").asText());
        assertEquals(1, sealed.get("version").asInt());
    }

    @Test
    void eachSealHasItsOwnSaltAndNonce() {
        var a = box.seal(SECRET, PASSPHRASE, "doc-hash");
        var b = box.seal(SECRET, PASSPHRASE, "doc-hash");
        assertNotEquals(a.get("salt"), b.get("salt"));
        assertNotEquals(a.get("nonce"), b.get("nonce"));
        assertNotEquals(a.get("data"), b.get("data"));
    }

    @Test
    void aWrongPassphraseIsSaidToBeWrong() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        var e = assertThrows(StoreException.class, () -> SecretBox.open(sealed, "incorrect horse", "doc-hash"));
        assertTrue(e.getMessage().startsWith("Wrong passphrase"), e.getMessage());
        assertEquals(StoreException.Kind.INVALID, e.kind());
    }

    @Test
    void aChangedCiphertextIsRefusedAsTampered() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        var data = Base64.getDecoder().decode(sealed.get("data").asText());
        data[3] ^= 1;
        sealed.put("data", Base64.getEncoder().encodeToString(data));
        var e = assertThrows(StoreException.class, () -> SecretBox.open(sealed, PASSPHRASE, "doc-hash"));
        assertTrue(e.getMessage().contains("changed by someone without the passphrase"), e.getMessage());
    }

    @Test
    void aBoxOpensOnlyBesideTheDocumentItWasBoundTo() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        var e = assertThrows(StoreException.class, () -> SecretBox.open(sealed, PASSPHRASE, "another-doc-hash"));
        assertTrue(e.getMessage().contains("do not match the configuration beside them"), e.getMessage());
    }

    @Test
    void aChangedHeaderIsRefused() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        sealed.put("iterations", 2_000);
        assertThrows(StoreException.class, () -> SecretBox.open(sealed, PASSPHRASE, "doc-hash"));
        var huge = box.seal(SECRET, PASSPHRASE, "doc-hash");
        huge.put("iterations", 2_000_000_000);
        var e = assertThrows(StoreException.class, () -> SecretBox.open(huge, PASSPHRASE, "doc-hash"));
        assertTrue(e.getMessage().contains("iteration count"), e.getMessage());
    }

    @Test
    void aMissingOrGarbledFieldIsDamageNotACrash() {
        var sealed = box.seal(SECRET, PASSPHRASE, "doc-hash");
        sealed.put("nonce", "not base64!");
        var e = assertThrows(StoreException.class, () -> SecretBox.open(sealed, PASSPHRASE, "doc-hash"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        sealed.remove("nonce");
        assertThrows(StoreException.class, () -> SecretBox.open(sealed, PASSPHRASE, "doc-hash"));
        var newer = box.seal(SECRET, PASSPHRASE, "doc-hash");
        newer.put("version", 2);
        var v = assertThrows(StoreException.class, () -> SecretBox.open(newer, PASSPHRASE, "doc-hash"));
        assertTrue(v.getMessage().contains("Update Switchboard"), v.getMessage());
    }

    @Test
    void aShortPassphraseIsNotUsedToSeal() {
        var e = assertThrows(StoreException.class, () -> box.seal(SECRET, "short", "doc-hash"));
        assertTrue(e.getMessage().contains("at least 8 characters"), e.getMessage());
        var none = assertThrows(StoreException.class, () -> box.seal(SECRET, "", "doc-hash"));
        assertTrue(none.getMessage().contains("passphrase is needed"), none.getMessage());
    }

    @Test
    void theProductionCountIsOwaspsForPbkdf2Sha512() {
        assertTrue(SecretBox.ITERATIONS >= 210_000);
    }
}
