package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/keys}: client access keys, end to end. */
class AdminApiKeysTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void accessKeyIsShownOnceThenMaskedAndCanBeRevoked() throws Exception {
        var created = api.admin("POST", "/admin/keys", "{\"name\":\"laptop\"}");

        assertStatus(201, created);
        var secret = created.json().get("key").asText();
        assertTrue(secret.startsWith("sb-") && secret.length() > 40, secret);
        assertEquals(secret, api.store.accessKeys().list().get(0).secret().reveal());
        assertEquals(1, api.switchboard.live().current().accessKeys().size(), "the guard knows it at once");
        assertStatus(409, api.admin("POST", "/admin/keys", "{\"name\":\"LAPTOP\"}"));
        assertStatus(400, api.admin("POST", "/admin/keys", "{}"));

        var list = api.get("/admin/keys");
        assertStatus(200, list);
        assertEquals("laptop", list.json().get(0).get("name").asText());
        assertNotEquals(secret, list.json().get(0).get("key").asText());
        assertFalse(list.raw().body().contains(secret));
        assertFalse(api.get("/admin/status").raw().body().contains(secret));

        var revoked = api.admin("DELETE", "/admin/keys/laptop", null);
        assertStatus(200, revoked);
        assertEquals("laptop", revoked.json().get("revoked").asText());
        assertTrue(api.switchboard.live().current().accessKeys().isEmpty());
        assertStatus(404, api.admin("DELETE", "/admin/keys/laptop", null));
    }
}
