package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/rules}, {@code POST /admin/rules/test} and the rules in {@code /v1/routing/status}, end to end. */
class AdminApiRulesTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    private static List<String> names(JsonNode rules) {
        var out = new ArrayList<String>();
        rules.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    @Test
    void rulesAreAddedChangedOrderedAndRemoved() throws Exception {
        assertStatus(201, api.admin("POST", "/admin/groups", "{\"name\":\"reasoning\"}"));
        assertStatus(200, api.admin("POST", "/admin/groups/reasoning/members", "{\"ref\":\"deepseek\"}"));

        var added = api.admin("POST", "/admin/rules", "{\"name\":\"think\",\"thinking\":true,\"group\":\"Reasoning\"}");
        assertStatus(201, added);
        assertEquals(1, added.json().get("position").asInt());
        assertEquals("reasoning", added.json().get("group").asText(), "the group as the store spells it");
        assertEquals("thinking", added.json().get("conditions").asText());
        assertEquals("ready", added.json().get("state").asText());
        assertTrue(added.json().get("when").get("thinking").asBoolean());

        var first = api.admin("POST", "/admin/rules", "{\"name\":\"claude\",\"model\":\"claude*\","
                + "\"protocol\":\"messages\",\"group\":\"auto\",\"position\":1}");
        assertStatus(201, first);
        assertEquals("anthropic-messages", first.json().get("when").get("protocol").asText());
        assertEquals(List.of("claude", "think"), names(api.get("/admin/rules").json()));

        var changed = api.admin("PATCH", "/admin/rules/claude", "{\"protocol\":null,\"tokensAbove\":60000,"
                + "\"enabled\":false}");
        assertStatus(200, changed);
        assertEquals("model claude* and input over 60000 tokens", changed.json().get("conditions").asText());
        assertEquals("off", changed.json().get("state").asText());

        var moved = api.admin("POST", "/admin/rules/claude/move", "{\"position\":2}");
        assertStatus(200, moved);
        assertEquals(2, moved.json().get("position").asInt());
        assertEquals(List.of("think", "claude"), names(api.get("/admin/rules").json()));

        assertStatus(200, api.admin("DELETE", "/admin/rules/CLAUDE", null));
        assertStatus(404, api.get("/admin/rules/claude"));
        assertEquals(List.of("think"), names(api.get("/admin/rules").json()));
    }

    @Test
    void badRulesAreRefusedSayingWhatIsWrong() throws Exception {
        var none = api.admin("POST", "/admin/rules", "{\"name\":\"all\",\"group\":\"auto\"}");
        assertStatus(400, none);
        assertTrue(none.error().get("message").asText().contains("no condition"), none.raw().body());
        var group = api.admin("POST", "/admin/rules", "{\"name\":\"x\",\"thinking\":true,\"group\":\"nope\"}");
        assertStatus(404, group);
        assertTrue(group.error().get("message").asText().contains("no group named 'nope'"), group.raw().body());
        var protocol = api.admin("POST", "/admin/rules", "{\"name\":\"x\",\"protocol\":\"openai\",\"group\":\"auto\"}");
        assertStatus(400, protocol);
        assertTrue(protocol.error().get("message").asText().contains("openai-chat and openai-responses"));
        assertStatus(400, api.admin("POST", "/admin/rules", "{\"name\":\"x\",\"thinking\":\"yes\",\"group\":\"auto\"}"));
        assertStatus(400, api.admin("POST", "/admin/rules", "{\"name\":\"x\",\"thinkng\":true,\"group\":\"auto\"}"));
        assertStatus(201, api.admin("POST", "/admin/rules", "{\"name\":\"x\",\"images\":true,\"group\":\"auto\"}"));
        assertStatus(409, api.admin("POST", "/admin/rules", "{\"name\":\"X\",\"images\":true,\"group\":\"auto\"}"));
    }

    @Test
    void testShowsWhichRuleOrTierASampleRequestWouldHit() throws Exception {
        assertStatus(201, api.admin("POST", "/admin/groups", "{\"name\":\"cheap\"}"));
        assertStatus(200, api.admin("POST", "/admin/groups/cheap/members", "{\"ref\":\"deepseek\"}"));
        assertStatus(201, api.admin("POST", "/admin/rules", "{\"name\":\"background\",\"background\":true,"
                + "\"group\":\"cheap\"}"));

        var traits = api.admin("POST", "/admin/rules/test", "{\"model\":\"claude-haiku-4-5\",\"protocol\":"
                + "\"anthropic-messages\",\"background\":true}");
        assertStatus(200, traits);
        assertEquals("rule:background", traits.json().get("chosenBy").asText());
        assertEquals("background", traits.json().get("rule").asText());
        assertEquals("relay/deepseek-ai/DeepSeek-V3.2", traits.json().get("candidates").get(0).asText());

        var body = api.admin("POST", "/admin/rules/test", "{\"protocol\":\"anthropic-messages\",\"headers\":{"
                + "\"user-agent\":\"claude-cli/2.1.332 (external, sdk-cli)\"},\"body\":{\"model\":\"claude-haiku-4-5\","
                + "\"max_tokens\":512,\"tools\":[],\"messages\":[{\"role\":\"user\",\"content\":\"Title?\"}]}}");
        assertStatus(200, body);
        assertEquals("rule:background", body.json().get("chosenBy").asText());
        assertTrue(body.json().get("traits").get("background").asBoolean());

        var plain = api.admin("POST", "/admin/rules/test", "{\"model\":\"gpt-4o\"}");
        assertEquals("tier:exact", plain.json().get("chosenBy").asText());
        var pinned = api.admin("POST", "/admin/rules/test", "{\"model\":\"gpt-4o\",\"pin\":\"cheap\"}");
        assertEquals("pinned:/g/cheap", pinned.json().get("chosenBy").asText());
        assertStatus(404, api.admin("POST", "/admin/rules/test", "{\"model\":\"gpt-4o\",\"pin\":\"nope\"}"));
        assertStatus(400, api.admin("POST", "/admin/rules/test", "{\"body\":{},\"thinking\":true}"));
    }

    @Test
    void theRoutingStatusListsTheRulesWithTheirStateAndTheLogSaysWhatChose() throws Exception {
        assertStatus(201, api.admin("POST", "/admin/groups", "{\"name\":\"gone\"}"));
        assertStatus(201, api.admin("POST", "/admin/rules", "{\"name\":\"vision\",\"images\":true,\"group\":\"gone\"}"));
        assertStatus(201, api.admin("POST", "/admin/rules", "{\"name\":\"think\",\"thinking\":true,\"group\":\"auto\"}"));
        var status = api.get("/v1/routing/status");
        assertStatus(200, status);
        var rules = status.json().get("rules");
        assertEquals(List.of("vision", "think"), names(rules));
        assertEquals("nothing-can-serve", rules.get(0).get("state").asText(), "an empty group");
        assertEquals("ready", rules.get(1).get("state").asText());
        assertStatus(200, api.admin("DELETE", "/admin/groups/gone", null));
        assertEquals("group-missing", api.get("/v1/routing/status").json().get("rules").get(0).get("state").asText());
    }
}
