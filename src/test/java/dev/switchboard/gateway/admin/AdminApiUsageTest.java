package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code /admin/usage}, end to end. */
class AdminApiUsageTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void usageShowsRecentRequestsWithTheirAttemptsAndRedactsWhatLooksLikeAKey() throws Exception {
        var t0 = Instant.parse("2025-06-01T10:00:00Z");
        var failed = new UsageRecord.Attempt(1L, "relay", "gpt-4o", 0, 401, LoggedOutcome.CREDENTIAL, 80L, 90L,
                "upstream said: Incorrect API key provided: sk-test-relay-1");
        var ok = new UsageRecord.Attempt(2L, "relay", "deepseek-ai/DeepSeek-V3.2", 0, 200, LoggedOutcome.SUCCESS, 120L, 900L, null);
        api.store.usage().insert(List.of(
                new UsageRecord(t0, "openai-chat", "auto", false, 2L, "relay", "deepseek-ai/DeepSeek-V3.2", 200,
                        LoggedOutcome.SUCCESS, 200L, 1000L, new UsageRecord.Tokens(12L, 2L, 4L, null, 0L), null, List.of(failed, ok)),
                new UsageRecord(t0.plusSeconds(1), "openai-chat", "gpt-4o", true, null, null, null, 404,
                        LoggedOutcome.NO_CANDIDATE, null, 3L, null, "No enabled model", List.of())));

        var r = api.get("/admin/usage");
        assertStatus(200, r);
        assertEquals(2, r.json().size());
        var newest = r.json().get(0);
        assertEquals("gpt-4o", newest.get("requestedModel").asText());
        assertEquals("no_candidate", newest.get("outcome").asText());
        var older = r.json().get(1);
        assertEquals("2025-06-01T10:00:00Z", older.get("startedAt").asText());
        assertEquals(12, older.get("tokens").get("input").asInt());
        assertEquals(2, older.get("attempts").size());
        assertEquals("credential", older.get("attempts").get(0).get("outcome").asText());
        assertTrue(older.get("attempts").get(0).get("error").asText().startsWith("upstream said: Incorrect API key"));

        var limited = api.get("/admin/usage?limit=1");
        assertEquals(1, limited.json().size());
        assertStatus(400, api.get("/admin/usage?limit=0"));
        assertStatus(400, api.get("/admin/usage?limit=lots"));
        assertStatus(400, api.get("/admin/usage?limit=100000"));
        assertEquals(2, api.get("/admin/status").json().get("requests").asInt());
    }
}
