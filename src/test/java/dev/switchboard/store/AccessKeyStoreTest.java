package dev.switchboard.store;

import static dev.switchboard.store.TestStores.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeyStoreTest {
    @TempDir
    Path dir;

    private Store store;
    private AccessKeyStore keys;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        keys = store.accessKeys();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsAKeyWithAFreshUrlSafeSecret() {
        var laptop = keys.create("laptop");
        var phone = keys.create("phone");

        var secret = laptop.secret().reveal();
        assertTrue(secret.startsWith("sb-"), secret);
        assertEquals(46, secret.length());
        assertTrue(secret.substring(3).matches("[A-Za-z0-9_-]{43}"), secret);
        assertNotEquals(secret, phone.secret().reveal());
        assertEquals("laptop", laptop.name());
    }

    @Test
    void listsKeysMasked() {
        var created = keys.create("laptop");
        var secret = created.secret().reveal();

        var listed = keys.list();

        assertEquals(List.of(created), listed);
        assertEquals(secret, listed.get(0).secret().reveal(), "the gateway still needs to compare it");
        assertNotEquals(secret, listed.get(0).secret().toString());
        assertFalse(listed.get(0).toString().contains(secret), listed.get(0).toString());
    }

    @Test
    void rejectsADuplicateNameIgnoringCase() {
        keys.create("laptop");

        assertFails(StoreException.Kind.CONFLICT, () -> keys.create("LAPTOP"));

        assertEquals(1, keys.list().size());
    }

    @Test
    void revokesAKeyByName() {
        keys.create("laptop");
        var phone = keys.create("phone");

        keys.revoke("Laptop");

        assertEquals(List.of(phone), keys.list());
    }

    @Test
    void revokingAnUnknownKeyIsNotFound() {
        keys.create("laptop");

        var e = assertFails(StoreException.Kind.NOT_FOUND, () -> keys.revoke("tablet"));

        assertTrue(e.getMessage().contains("tablet"), e.getMessage());
        assertEquals(1, keys.list().size());
    }

    @Test
    void rejectsAnInvalidName() {
        assertFails(StoreException.Kind.INVALID, () -> keys.create(" "));
        assertFails(StoreException.Kind.INVALID, () -> keys.create("a/b"));

        assertEquals(List.of(), keys.list());
    }
}
