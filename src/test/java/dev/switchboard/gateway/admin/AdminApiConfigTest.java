package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/export} and {@code /admin/import}, end to end. */
class AdminApiConfigTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void exportsWithoutKeysUnlessAskedAndImportPreviewsBeforeItWrites() throws Exception {
        var exported = api.get("/admin/export");
        assertStatus(200, exported);
        assertFalse(exported.json().get("keysIncluded").asBoolean());
        assertFalse(exported.json().get("channels").get(0).has("keys"));

        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) exported.json().deepCopy();
        var added = doc.withArray("channels").addObject();
        added.put("name", "imported").put("type", "anthropic").put("baseUrl", "https://claude.example.test")
                .put("enabled", true);
        added.putArray("keys").add("sk-test-import-9");
        added.putArray("models").addObject().put("model", "claude-sonnet-4-5").put("enabled", true);

        var preview = api.admin("POST", "/admin/import?dryRun=true", doc.toString());
        assertStatus(200, preview);
        assertFalse(preview.json().get("applied").asBoolean());
        assertTrue(preview.json().get("changes").toString().contains("imported"), preview.raw().body());
        assertTrue(api.store.channels().find("imported").isEmpty(), "a preview writes nothing");

        var applied = api.admin("POST", "/admin/import", doc.toString());
        assertStatus(200, applied);
        assertTrue(applied.json().get("applied").asBoolean());
        assertEquals("sk-test-import-9", api.store.channels().get("imported").keys().get(0).reveal());
        assertEquals(List.of("sk-test-relay-1", "sk-test-relay-2"), api.store.channels().get("relay").keys().stream()
                .map(k -> k.reveal()).toList(), "a channel the file lists without keys keeps its own");
    }

    @Test
    void refusesAMalformedImportAndChangesNothing() throws Exception {
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) api.get("/admin/export").json();
        before.remove("exportedAt");

        var r = api.admin("POST", "/admin/import", "{\"format\":\"something-else\"}");

        assertStatus(400, r);
        var after = (com.fasterxml.jackson.databind.node.ObjectNode) api.get("/admin/export").json();
        after.remove("exportedAt");
        assertEquals(before, after);
    }

    @Test
    void refusesAnImportNestedTooDeepInPlainWordsAndChangesNothing() throws Exception {
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) api.get("/admin/export").json();
        before.remove("exportedAt");

        var r = api.admin("POST", "/admin/import", "{\"format\":\"switchboard-config\",\"version\":1,\"settings\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}");

        assertStatus(400, r);
        assertTrue(r.raw().body().contains("more than 64 levels deep"), r.raw().body());
        assertFalse(r.raw().body().contains("StreamReadConstraints"), r.raw().body());
        var after = (com.fasterxml.jackson.databind.node.ObjectNode) api.get("/admin/export").json();
        after.remove("exportedAt");
        assertEquals(before, after);
    }
}
