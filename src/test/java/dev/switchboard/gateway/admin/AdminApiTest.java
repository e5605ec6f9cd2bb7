package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.AdminFixture.assertStatus;
import static dev.switchboard.gateway.admin.AdminFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API as a whole, end to end: who may call, how a bad request or an unusable store is refused, and
 * {@code /admin/status}. Each resource has its own test class beside this one.
 */
class AdminApiTest {
    @TempDir
    Path dataDir;
    @RegisterExtension
    final AdminFixture api = new AdminFixture(() -> dataDir);

    @Test
    void missingOrWrongTokenIsUnauthorizedOnEveryKindOfRoute() throws Exception {
        for (var route : List.of("GET /admin/status", "GET /admin/channels", "POST /admin/keys",
                "GET /v1/routing/status", "POST /v1/routing/top", "GET /admin/nothing")) {
            var parts = route.split(" ");
            var missing = api.call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null);
            assertStatus(401, missing);
            assertEquals("invalid_admin_token", missing.code(), route);
            assertEquals("authentication_error", missing.error().get("type").asText());
            assertTrue(missing.raw().headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
            assertTrue(missing.error().get("message").asText().contains(AdminToken.FILE_NAME));

            var wrong = api.call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null,
                    "Authorization", "Bearer " + api.token.substring(1) + "x");
            assertStatus(401, wrong);
            assertStatus(401, api.call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null,
                    "X-Admin-Token", api.token + "x"));
        }
        assertEquals(0, api.store.accessKeys().list().size(), "nothing was done without the token");
    }

    @Test
    void tokenWorksAsBearerOrXAdminTokenAndIsNeverTakenFromTheUrl() throws Exception {
        assertStatus(200, api.call("GET", "/admin/status", null, "Authorization", "Bearer " + api.token));
        assertStatus(200, api.call("GET", "/admin/status", null, "X-Admin-Token", api.token));
        assertStatus(401, api.call("GET", "/admin/status?token=" + q(api.token), null));
        assertStatus(401, api.call("GET", "/admin/status?access_token=" + q(api.token), null));
    }

    @Test
    void aWebPageNeverDrivesTheAdminApiEvenFromAnAllowedOrigin() throws Exception {
        api.store.settings().set(Setting.ALLOWED_ORIGINS, "https://app.example.com");

        var r = api.call("GET", "/admin/status", null, "Authorization", "Bearer " + api.token,
                "Origin", "https://app.example.com");

        assertStatus(403, r);
        assertEquals("admin_not_for_browsers", r.code());
    }

    @Test
    void tokenIsTheOneKeptInTheDataFolder() throws Exception {
        assertTrue(api.token.length() >= 32);
        assertEquals(api.token, java.nio.file.Files.readString(dataDir.resolve(AdminToken.FILE_NAME)).strip());
    }

    @Test
    void malformedJsonIsBadRequestWithoutEchoingIt() throws Exception {
        var r = api.admin("POST", "/admin/channels", "{\"name\": \"x\", \"keys\": [sk-test-new-1]}");

        assertStatus(400, r);
        assertEquals("invalid_json", r.code());
        assertStatus(400, api.admin("POST", "/admin/channels", "[1, 2]"));
        assertStatus(400, api.admin("POST", "/v1/routing/top", "\"auto\""));
    }

    @Test
    void wrongMethodIsRefusedWithAllowAndUnknownPathIsNotFound() throws Exception {
        var r = api.admin("PUT", "/admin/channels", "{}");
        assertStatus(405, r);
        assertEquals("GET, POST", r.raw().headers().firstValue("allow").orElse(""));
        assertEquals("method_not_allowed", r.code());
        assertStatus(405, api.admin("GET", "/v1/routing/top", null));
        assertStatus(405, api.admin("POST", "/v1/routing/status", "{}"));

        var unknown = api.get("/admin/nothing-here");
        assertStatus(404, unknown);
        assertEquals("not_found", unknown.code());
        assertStatus(404, api.get("/admin/status/extra"));
        assertStatus(404, api.get("/v1/routing/else"));
    }

    @Test
    void storeErrorKindsMapToHttpStatuses() {
        assertEquals(400, AdminRefusal.of(new StoreException(StoreException.Kind.INVALID, "x")).status);
        assertEquals(404, AdminRefusal.of(new StoreException(StoreException.Kind.NOT_FOUND, "x")).status);
        assertEquals(409, AdminRefusal.of(new StoreException(StoreException.Kind.CONFLICT, "x")).status);
        assertEquals(503, AdminRefusal.of(new StoreException(StoreException.Kind.UNAVAILABLE, "x")).status);
    }

    @Test
    void anUnusableDatabaseIsServiceUnavailable() throws Exception {
        api.store.close();

        var r = api.get("/admin/channels");

        assertStatus(503, r);
        assertEquals("store_unavailable", r.code());
        assertEquals("server_error", r.error().get("type").asText());
    }

    @Test
    void statusShowsVersionDataFolderAndCounts() throws Exception {
        var r = api.get("/admin/status");

        assertStatus(200, r);
        var s = r.json();
        assertEquals("test", s.get("version").asText());
        assertEquals(dataDir.toAbsolutePath().toString(), s.get("dataFolder").asText());
        assertEquals(Database.FILE_NAME, s.get("database").asText());
        assertEquals(1, s.get("channels").asInt());
        assertEquals(2, s.get("entries").asInt());
        assertEquals(2, s.get("routableEntries").asInt());
        assertEquals(0, s.get("coolingEntries").asInt());
        assertEquals(0, s.get("accessKeys").asInt());
        assertEquals(0, s.get("requests").asInt());
        assertEquals("auto", s.get("groups").get(0).get("name").asText());
        assertEquals(2, s.get("groups").get(0).get("members").asInt());
    }

    @Test
    void statusNamesThePathPrometheusScrapes() throws Exception {
        var path = api.get("/admin/status").json().get("metricsPath").asText();
        assertEquals("/metrics", path);

        var scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.switchboard.gateway().baseUrl() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.body().contains("switchboard_entries{state=\"available\"} 2.0"), scrape.body());
    }
}
