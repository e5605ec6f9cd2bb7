package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Setting;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/settings}, end to end. */
class AdminApiSettingsTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void settingsAreListedWithDefaultsAndDescriptionsSetAndReset() throws Exception {
        var list = api.get("/admin/settings");
        assertStatus(200, list);
        assertEquals(Setting.values().length, list.json().size());
        var port = list.json().get(0);
        assertEquals("port", port.get("key").asText());
        assertEquals("9090", port.get("value").asText());
        assertEquals("9090", port.get("default").asText());
        assertTrue(port.get("isDefault").asBoolean());
        assertFalse(port.get("description").asText().isEmpty());
        assertEquals("at the next start", port.get("takesEffect").asText());

        var set = api.admin("PUT", "/admin/settings/max-attempts", "{\"value\":7}");
        assertStatus(200, set);
        assertEquals("7", set.json().get("value").asText());
        assertFalse(set.json().get("isDefault").asBoolean());
        assertEquals(7, api.switchboard.live().current().settings().maxAttempts(), "the gateway uses it at once");
        assertEquals("7", api.get("/admin/settings/max_attempts").json().get("value").asText());

        var bad = api.admin("PUT", "/admin/settings/max-attempts", "{\"value\":\"lots\"}");
        assertStatus(400, bad);
        assertTrue(bad.error().get("message").asText().contains("max-attempts"));
        assertStatus(400, api.admin("PUT", "/admin/settings/max-attempts", "{}"));
        var unknown = api.admin("PUT", "/admin/settings/prot", "{\"value\":\"1\"}");
        assertStatus(404, unknown);
        assertTrue(unknown.error().get("message").asText().contains("Known settings"));

        var reset = api.admin("DELETE", "/admin/settings/max-attempts", null);
        assertStatus(200, reset);
        assertEquals("5", reset.json().get("value").asText());
        assertTrue(reset.json().get("isDefault").asBoolean());
    }

    @Test
    void outboundProxyPasswordIsMaskedAndItsMaskedFormRefused() throws Exception {
        var set = api.admin("PUT", "/admin/settings/outbound-proxy",
                "{\"value\":\"socks5://me:proxy-test-pass-1@proxy.example.test:1080\"}");

        assertStatus(200, set);
        assertEquals("socks5://me:****@proxy.example.test:1080", set.json().get("value").asText());
        assertTrue(api.store.settings().load().outboundProxy().contains("proxy-test-pass-1"));
        assertStatus(400, api.admin("PUT", "/admin/settings/outbound-proxy",
                "{\"value\":\"socks5://me:****@proxy.example.test:1080\"}"));
        assertTrue(api.store.settings().load().outboundProxy().contains("proxy-test-pass-1"));
        api.get("/admin/settings");
        api.get("/admin/settings/outbound-proxy");
    }
}
