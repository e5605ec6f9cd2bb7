package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static dev.switchboard.gateway.admin.AdminFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/entries} and {@code /admin/entry}, end to end. */
class AdminApiEntriesTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void entriesAreListedWithHealthAndGroups() throws Exception {
        var r = api.get("/admin/entries");

        assertStatus(200, r);
        assertEquals(2, r.json().size());
        var e = r.json().get(0);
        assertEquals("relay/deepseek-ai/DeepSeek-V3.2", e.get("ref").asText());
        assertEquals("deepseek", e.get("alias").asText());
        assertTrue(e.get("enabled").asBoolean());
        assertTrue(e.get("channelEnabled").asBoolean());
        assertEquals("ok", e.get("health").get("state").asText());
        assertEquals("auto", e.get("groups").get(0).asText());

        assertEquals(2, api.get("/admin/entries?channel=RELAY").json().size());
        assertStatus(404, api.get("/admin/entries?channel=nope"));
    }

    @Test
    void entriesAreAddedAllOrNothing() throws Exception {
        var r = api.admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"m1\",\"vendor/m2\"]}");
        assertStatus(201, r);
        assertEquals(2, r.json().size());
        assertEquals("relay/m1", r.json().get(0).get("ref").asText());

        var one = api.admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"model\":\"m3\",\"alias\":\"three\","
                + "\"auto\":false}");
        assertStatus(201, one);
        assertEquals("three", one.json().get(0).get("alias").asText());
        assertEquals(0, one.json().get(0).get("groups").size());

        var clash = api.admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"m4\",\"gpt-4o\"]}");
        assertStatus(409, clash);
        assertTrue(clash.error().get("message").asText().contains("None of the 2 models was added"));
        assertTrue(api.store.entries().list().stream().noneMatch(e -> e.model().equals("m4")));

        assertStatus(404, api.admin("POST", "/admin/entries", "{\"channel\":\"nope\",\"model\":\"m\"}"));
        assertStatus(400, api.admin("POST", "/admin/entries", "{\"channel\":\"relay\"}"));
        assertStatus(400, api.admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"a\",\"b\"],"
                + "\"alias\":\"x\"}"));
    }

    @Test
    void oneEntryIsAddressedByRefInTheQueryOrTheBody() throws Exception {
        var ref = "relay/deepseek-ai/DeepSeek-V3.2";
        var shown = api.get("/admin/entry?ref=" + q(ref));
        assertStatus(200, shown);
        assertEquals(ref, shown.json().get("ref").asText());

        var off = api.admin("POST", "/admin/entry/disable", "{\"ref\":\"" + ref + "\"}");
        assertStatus(200, off);
        assertFalse(off.json().get("enabled").asBoolean());
        assertFalse(api.store.entries().get(ref).enabled());
        assertStatus(200, api.admin("POST", "/admin/entry/enable?ref=" + q(ref), null));
        assertTrue(api.store.entries().get(ref).enabled());

        var aliased = api.admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\",\"alias\":\"ds\"}");
        assertStatus(200, aliased);
        assertEquals("ds", aliased.json().get("alias").asText());
        var cleared = api.admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\",\"alias\":null}");
        assertTrue(cleared.json().get("alias").isNull());
        assertStatus(400, api.admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\"}"));

        var removed = api.admin("DELETE", "/admin/entry?ref=" + q(ref), null);
        assertStatus(200, removed);
        assertEquals(ref, removed.json().get("ref").asText());
        assertStatus(404, api.get("/admin/entry?ref=" + q(ref)));

        var noRef = api.admin("POST", "/admin/entry/disable", "{}");
        assertStatus(400, noRef);
        assertTrue(noRef.error().get("message").asText().contains("ref"));
        assertStatus(404, api.admin("POST", "/admin/entry/disable", "{\"ref\":\"relay/nope\"}"));
    }
}
