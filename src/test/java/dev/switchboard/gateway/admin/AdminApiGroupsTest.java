package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static dev.switchboard.gateway.admin.AdminFixture.q;
import static dev.switchboard.gateway.admin.AdminFixture.refs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/groups}, end to end. */
class AdminApiGroupsTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void groupsAreCreatedFilledOrderedEmptiedAndDeleted() throws Exception {
        var list = api.get("/admin/groups");
        assertStatus(200, list);
        assertEquals("auto", list.json().get(0).get("name").asText());
        assertTrue(list.json().get(0).get("builtin").asBoolean());
        assertEquals(List.of("relay/gpt-4o", "relay/deepseek-ai/DeepSeek-V3.2"), refs(list.json().get(0)));

        var created = api.admin("POST", "/admin/groups", "{\"name\":\"coding\"}");
        assertStatus(201, created);
        assertEquals(0, created.json().get("members").size());
        assertStatus(409, api.admin("POST", "/admin/groups", "{\"name\":\"Coding\"}"));

        assertStatus(200, api.admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));
        var added = api.admin("POST", "/admin/groups/coding/members",
                "{\"ref\":\"relay/deepseek-ai/DeepSeek-V3.2\",\"position\":1}");
        assertStatus(200, added);
        assertEquals(List.of("relay/deepseek-ai/DeepSeek-V3.2", "relay/gpt-4o"), refs(added.json()));
        assertEquals(1, added.json().get("members").get(0).get("position").asInt());
        assertStatus(409, api.admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));
        assertStatus(400, api.admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\",\"position\":\"1\"}"));

        var moved = api.admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\",\"position\":1}");
        assertStatus(200, moved);
        assertEquals(List.of("relay/gpt-4o", "relay/deepseek-ai/DeepSeek-V3.2"), refs(moved.json()));
        assertStatus(400, api.admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\",\"position\":9}"));
        assertStatus(400, api.admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\"}"));

        var shown = api.get("/admin/groups/CODING");
        assertStatus(200, shown);
        assertEquals("coding", shown.json().get("name").asText());

        var removed = api.admin("DELETE", "/admin/groups/coding/members?ref=" + q("relay/gpt-4o"), null);
        assertStatus(200, removed);
        assertEquals(List.of("relay/deepseek-ai/DeepSeek-V3.2"), refs(removed.json()));
        assertStatus(404, api.admin("DELETE", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));

        assertStatus(200, api.admin("DELETE", "/admin/groups/coding", null));
        assertStatus(404, api.get("/admin/groups/coding"));
        var auto = api.admin("DELETE", "/admin/groups/auto", null);
        assertStatus(409, auto);
        assertTrue(auto.error().get("message").asText().contains("built in"));
    }
}
