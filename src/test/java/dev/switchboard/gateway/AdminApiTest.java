package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.UsageRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every admin route end to end: status codes, JSON shapes, the token, and no secret in any answer. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every secret of the fixture; none may appear in any admin answer. */
    private static final List<String> SECRETS = List.of("sk-test-relay-1", "sk-test-relay-2", "hdr-test-secret-1",
            "proxy-test-pass-1", "sk-test-new-1", "sk-test-new-2", "sk-test-added-3");

    @TempDir
    Path dataDir;

    private Store store;
    private Switchboard switchboard;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void start() {
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(new ChannelDraft("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("sk-test-relay-1", "sk-test-relay-2"), Map.of("X-Relay-Auth", "hdr-test-secret-1"),
                "http://me:proxy-test-pass-1@proxy.example.test:3128", Map.of(), true));
        store.entries().add("relay", "gpt-4o", null, true);
        store.entries().add("relay", "deepseek-ai/DeepSeek-V3.2", "deepseek", true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        token = AdminToken.loadOrCreate(dataDir);
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        for (var body : answers) {
            for (var secret : SECRETS) {
                assertFalse(body.contains(secret), "an admin answer shows " + secret + ": " + body);
            }
        }
    }

    // ---- plumbing

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        JsonNode error() {
            return json.get("error");
        }

        String code() {
            return error().get("code").asText();
        }
    }

    private Reply call(String method, String path, String body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        var raw = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(raw.body());
        var json = raw.body().isEmpty() ? null : JSON.readTree(raw.body());
        return new Reply(raw.statusCode(), json, raw);
    }

    private Reply admin(String method, String path, String body) throws Exception {
        return call(method, path, body, "Authorization", "Bearer " + token);
    }

    private Reply get(String path) throws Exception {
        return admin("GET", path, null);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertStatus(int expected, Reply r) {
        assertEquals(expected, r.status(), r.raw().body());
    }

    private static List<String> refs(JsonNode group) {
        var out = new ArrayList<String>();
        group.get("members").forEach(m -> out.add(m.get("ref").asText()));
        return out;
    }

    // ---- who may call

    @Test
    void missingOrWrongTokenIsUnauthorizedOnEveryKindOfRoute() throws Exception {
        for (var route : List.of("GET /admin/status", "GET /admin/channels", "POST /admin/keys",
                "GET /v1/routing/status", "POST /v1/routing/top", "GET /admin/nothing")) {
            var parts = route.split(" ");
            var missing = call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null);
            assertStatus(401, missing);
            assertEquals("invalid_admin_token", missing.code(), route);
            assertEquals("authentication_error", missing.error().get("type").asText());
            assertTrue(missing.raw().headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
            assertTrue(missing.error().get("message").asText().contains(AdminToken.FILE_NAME));

            var wrong = call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null,
                    "Authorization", "Bearer " + token.substring(1) + "x");
            assertStatus(401, wrong);
            assertStatus(401, call(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null,
                    "X-Admin-Token", token + "x"));
        }
        assertEquals(0, store.accessKeys().list().size(), "nothing was done without the token");
    }

    @Test
    void tokenWorksAsBearerOrXAdminTokenAndIsNeverTakenFromTheUrl() throws Exception {
        assertStatus(200, call("GET", "/admin/status", null, "Authorization", "Bearer " + token));
        assertStatus(200, call("GET", "/admin/status", null, "X-Admin-Token", token));
        assertStatus(401, call("GET", "/admin/status?token=" + q(token), null));
        assertStatus(401, call("GET", "/admin/status?access_token=" + q(token), null));
    }

    @Test
    void aWebPageNeverDrivesTheAdminApiEvenFromAnAllowedOrigin() throws Exception {
        store.settings().set(Setting.ALLOWED_ORIGINS, "https://app.example.com");

        var r = call("GET", "/admin/status", null, "Authorization", "Bearer " + token,
                "Origin", "https://app.example.com");

        assertStatus(403, r);
        assertEquals("admin_not_for_browsers", r.code());
    }

    @Test
    void tokenIsTheOneKeptInTheDataFolder() throws Exception {
        assertTrue(token.length() >= 32);
        assertEquals(token, java.nio.file.Files.readString(dataDir.resolve(AdminToken.FILE_NAME)).strip());
    }

    // ---- status

    @Test
    void statusShowsVersionDataFolderAndCounts() throws Exception {
        var r = get("/admin/status");

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

    // ---- channels

    @Test
    void channelsAreListedAndShownWithEverySecretMasked() throws Exception {
        var list = get("/admin/channels");
        assertStatus(200, list);
        var relay = list.json().get(0);
        assertEquals("relay", relay.get("name").asText());
        assertEquals("openai", relay.get("type").asText());
        assertEquals("https://relay.example.test/v1", relay.get("baseUrl").asText());
        assertEquals("sk-t…ay-1", relay.get("keys").get(0).asText());
        assertEquals(2, relay.get("keys").size());
        assertEquals("hdr-…et-1", relay.get("headers").get("X-Relay-Auth").asText());
        assertEquals("http://me:****@proxy.example.test:3128", relay.get("proxy").asText());
        assertEquals(2, relay.get("entries").asInt());

        var one = get("/admin/channels/relay");
        assertStatus(200, one);
        assertEquals(List.of("deepseek-ai/DeepSeek-V3.2", "gpt-4o"),
                List.of(one.json().get("models").get(0).asText(), one.json().get("models").get(1).asText()));
    }

    @Test
    void channelIsCreatedWithItsModelsAllOrNothing() throws Exception {
        var created = admin("POST", "/admin/channels", "{\"name\":\"new one\",\"baseUrl\":\"https://new.example.test/v1/\","
                + "\"keys\":[\"sk-test-new-1\"],\"headers\":{\"X-Title\":\"switchboard\"},\"models\":[\"m1\",\"m2\"]}");

        assertStatus(201, created);
        assertEquals("new one", created.json().get("name").asText());
        assertEquals("openai", created.json().get("type").asText());
        assertEquals("https://new.example.test/v1", created.json().get("baseUrl").asText());
        assertEquals(2, created.json().get("models").size());
        assertEquals("sk-test-new-1", store.channels().get("new one").keys().get(0).reveal());
        assertStatus(200, get("/admin/channels/new%20one"));
        assertEquals(4, store.entries().group("auto").memberIds().size());

        var bad = admin("POST", "/admin/channels", "{\"name\":\"half\",\"baseUrl\":\"https://half.example.test\","
                + "\"keys\":[\"sk-test-new-2\"],\"models\":[\"ok\",\"\"]}");
        assertStatus(400, bad);
        assertTrue(store.channels().find("half").isEmpty(), "no half-made channel");
    }

    @Test
    void channelCreationErrorsMapToStatuses() throws Exception {
        var duplicate = admin("POST", "/admin/channels", "{\"name\":\"RELAY\",\"baseUrl\":\"https://x.example.test\","
                + "\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(409, duplicate);
        assertEquals("conflict", duplicate.code());
        assertEquals("conflict_error", duplicate.error().get("type").asText());

        var badUrl = admin("POST", "/admin/channels", "{\"name\":\"x\",\"baseUrl\":\"ftp://x.example.test\","
                + "\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(400, badUrl);
        assertEquals("invalid", badUrl.code());

        var noKey = admin("POST", "/admin/channels", "{\"name\":\"x\",\"baseUrl\":\"https://x.example.test\"}");
        assertStatus(400, noKey);

        var badType = admin("POST", "/admin/channels", "{\"name\":\"x\",\"type\":\"smoke-signals\","
                + "\"baseUrl\":\"https://x.example.test\",\"keys\":[\"sk-test-new-1\"]}");
        assertStatus(400, badType);
        assertTrue(badType.error().get("message").asText().contains("openai"));

        var missing = get("/admin/channels/nope");
        assertStatus(404, missing);
        assertEquals("not_found", missing.code());
        assertTrue(missing.error().get("message").asText().contains("relay"), "lists the channels there are");
    }

    @Test
    void channelIsPatchedFieldByField() throws Exception {
        var r = admin("PATCH", "/admin/channels/relay", "{\"baseUrl\":\"https://relay2.example.test/v1\","
                + "\"removeKeys\":[1],\"addKeys\":[\"sk-test-added-3\"],"
                + "\"headers\":{\"X-Relay-Auth\":null,\"X-Title\":\"sb\"},\"proxy\":null,"
                + "\"options\":{\"api-version\":\"2024-10-21\"}}");

        assertStatus(200, r);
        var c = store.channels().get("relay");
        assertEquals("https://relay2.example.test/v1", c.baseUrl());
        assertEquals(List.of("sk-test-relay-2", "sk-test-added-3"), c.keys().stream().map(k -> k.reveal()).toList());
        assertEquals(Map.of("X-Title", "sb"), c.headers());
        assertEquals(null, c.proxy());
        assertEquals("2024-10-21", c.options().get("api-version"));
        assertEquals("sk-t…ed-3", r.json().get("keys").get(1).asText());

        var renamed = admin("PATCH", "/admin/channels/relay", "{\"name\":\"relay-b\",\"removeKeys\":[\"sk-t…ay-2\"],"
                + "\"enabled\":false}");
        assertStatus(200, renamed);
        assertEquals("relay-b", renamed.json().get("name").asText());
        assertFalse(renamed.json().get("enabled").asBoolean());
        assertEquals(List.of("sk-test-added-3"), store.channels().get("relay-b").keys().stream().map(k -> k.reveal()).toList());
        assertEquals(2, renamed.json().get("models").size(), "its entries came along");
    }

    @Test
    void maskedValuesSentBackAreRefusedSoTheyCannotReplaceSecrets() throws Exception {
        var shown = get("/admin/channels/relay").json();

        var keys = admin("PATCH", "/admin/channels/relay", "{\"keys\":" + shown.get("keys") + "}");
        assertStatus(400, keys);
        assertTrue(keys.error().get("message").asText().contains("looks masked"));
        var headers = admin("PATCH", "/admin/channels/relay", "{\"headers\":" + shown.get("headers") + "}");
        assertStatus(400, headers);
        var proxy = admin("PATCH", "/admin/channels/relay", "{\"proxy\":\"" + shown.get("proxy").asText() + "\"}");
        assertStatus(400, proxy);

        var c = store.channels().get("relay");
        assertEquals("sk-test-relay-1", c.keys().get(0).reveal());
        assertEquals("hdr-test-secret-1", c.headers().get("X-Relay-Auth"));
        assertTrue(c.proxy().contains("proxy-test-pass-1"));
    }

    @Test
    void patchRefusesNothingUnknownFieldsAndWrongTypes() throws Exception {
        assertStatus(400, admin("PATCH", "/admin/channels/relay", "{}"));
        var typo = admin("PATCH", "/admin/channels/relay", "{\"url\":\"https://x.example.test\"}");
        assertStatus(400, typo);
        assertTrue(typo.error().get("message").asText().contains("Unknown field 'url'"));
        var wrongType = admin("PATCH", "/admin/channels/relay", "{\"enabled\":\"no\"}");
        assertStatus(400, wrongType);
        assertTrue(wrongType.error().get("message").asText().contains("enabled"));
        var badPosition = admin("PATCH", "/admin/channels/relay", "{\"removeKeys\":[7]}");
        assertStatus(400, badPosition);
        var noSuchKey = admin("PATCH", "/admin/channels/relay", "{\"removeKeys\":[\"sk-test-relay-9-000\"]}");
        assertStatus(400, noSuchKey);
        assertFalse(noSuchKey.raw().body().contains("sk-test-relay-9-000"), "a key given is never echoed");
        assertStatus(404, admin("PATCH", "/admin/channels/nope", "{\"enabled\":true}"));
    }

    @Test
    void channelIsDisabledEnabledAndDeleted() throws Exception {
        var off = admin("POST", "/admin/channels/relay/disable", null);
        assertStatus(200, off);
        assertFalse(off.json().get("enabled").asBoolean());
        assertFalse(store.channels().get("relay").enabled());
        assertTrue(switchboard.live().current().routableEntries().isEmpty(), "the gateway routes by it at once");

        var on = admin("POST", "/admin/channels/relay/enable", null);
        assertStatus(200, on);
        assertTrue(store.channels().get("relay").enabled());

        var removed = admin("DELETE", "/admin/channels/relay", null);
        assertStatus(200, removed);
        assertEquals("relay", removed.json().get("name").asText());
        assertEquals(2, removed.json().get("entries").asInt());
        assertStatus(404, get("/admin/channels/relay"));
        assertTrue(store.entries().list().isEmpty());
    }

    @Test
    void malformedJsonIsBadRequestWithoutEchoingIt() throws Exception {
        var r = admin("POST", "/admin/channels", "{\"name\": \"x\", \"keys\": [sk-test-new-1]}");

        assertStatus(400, r);
        assertEquals("invalid_json", r.code());
        assertStatus(400, admin("POST", "/admin/channels", "[1, 2]"));
        assertStatus(400, admin("POST", "/v1/routing/top", "\"auto\""));
    }

    @Test
    void wrongMethodIsRefusedWithAllowAndUnknownPathIsNotFound() throws Exception {
        var r = admin("PUT", "/admin/channels", "{}");
        assertStatus(405, r);
        assertEquals("GET, POST", r.raw().headers().firstValue("allow").orElse(""));
        assertEquals("method_not_allowed", r.code());
        assertStatus(405, admin("GET", "/v1/routing/top", null));
        assertStatus(405, admin("POST", "/v1/routing/status", "{}"));

        var unknown = get("/admin/nothing-here");
        assertStatus(404, unknown);
        assertEquals("not_found", unknown.code());
        assertStatus(404, get("/admin/status/extra"));
        assertStatus(404, get("/v1/routing/else"));
    }

    // ---- entries

    @Test
    void entriesAreListedWithHealthAndGroups() throws Exception {
        var r = get("/admin/entries");

        assertStatus(200, r);
        assertEquals(2, r.json().size());
        var e = r.json().get(0);
        assertEquals("relay/deepseek-ai/DeepSeek-V3.2", e.get("ref").asText());
        assertEquals("deepseek", e.get("alias").asText());
        assertTrue(e.get("enabled").asBoolean());
        assertTrue(e.get("channelEnabled").asBoolean());
        assertEquals("ok", e.get("health").get("state").asText());
        assertEquals("auto", e.get("groups").get(0).asText());

        assertEquals(2, get("/admin/entries?channel=RELAY").json().size());
        assertStatus(404, get("/admin/entries?channel=nope"));
    }

    @Test
    void entriesAreAddedAllOrNothing() throws Exception {
        var r = admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"m1\",\"vendor/m2\"]}");
        assertStatus(201, r);
        assertEquals(2, r.json().size());
        assertEquals("relay/m1", r.json().get(0).get("ref").asText());

        var one = admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"model\":\"m3\",\"alias\":\"three\","
                + "\"auto\":false}");
        assertStatus(201, one);
        assertEquals("three", one.json().get(0).get("alias").asText());
        assertEquals(0, one.json().get(0).get("groups").size());

        var clash = admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"m4\",\"gpt-4o\"]}");
        assertStatus(409, clash);
        assertTrue(clash.error().get("message").asText().contains("None of the 2 models was added"));
        assertTrue(store.entries().list().stream().noneMatch(e -> e.model().equals("m4")));

        assertStatus(404, admin("POST", "/admin/entries", "{\"channel\":\"nope\",\"model\":\"m\"}"));
        assertStatus(400, admin("POST", "/admin/entries", "{\"channel\":\"relay\"}"));
        assertStatus(400, admin("POST", "/admin/entries", "{\"channel\":\"relay\",\"models\":[\"a\",\"b\"],"
                + "\"alias\":\"x\"}"));
    }

    @Test
    void oneEntryIsAddressedByRefInTheQueryOrTheBody() throws Exception {
        var ref = "relay/deepseek-ai/DeepSeek-V3.2";
        var shown = get("/admin/entry?ref=" + q(ref));
        assertStatus(200, shown);
        assertEquals(ref, shown.json().get("ref").asText());

        var off = admin("POST", "/admin/entry/disable", "{\"ref\":\"" + ref + "\"}");
        assertStatus(200, off);
        assertFalse(off.json().get("enabled").asBoolean());
        assertFalse(store.entries().get(ref).enabled());
        assertStatus(200, admin("POST", "/admin/entry/enable?ref=" + q(ref), null));
        assertTrue(store.entries().get(ref).enabled());

        var aliased = admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\",\"alias\":\"ds\"}");
        assertStatus(200, aliased);
        assertEquals("ds", aliased.json().get("alias").asText());
        var cleared = admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\",\"alias\":null}");
        assertTrue(cleared.json().get("alias").isNull());
        assertStatus(400, admin("POST", "/admin/entry/alias", "{\"ref\":\"" + ref + "\"}"));

        var removed = admin("DELETE", "/admin/entry?ref=" + q(ref), null);
        assertStatus(200, removed);
        assertEquals(ref, removed.json().get("ref").asText());
        assertStatus(404, get("/admin/entry?ref=" + q(ref)));

        var noRef = admin("POST", "/admin/entry/disable", "{}");
        assertStatus(400, noRef);
        assertTrue(noRef.error().get("message").asText().contains("ref"));
        assertStatus(404, admin("POST", "/admin/entry/disable", "{\"ref\":\"relay/nope\"}"));
    }

    // ---- groups

    @Test
    void groupsAreCreatedFilledOrderedEmptiedAndDeleted() throws Exception {
        var list = get("/admin/groups");
        assertStatus(200, list);
        assertEquals("auto", list.json().get(0).get("name").asText());
        assertTrue(list.json().get(0).get("builtin").asBoolean());
        assertEquals(List.of("relay/gpt-4o", "relay/deepseek-ai/DeepSeek-V3.2"), refs(list.json().get(0)));

        var created = admin("POST", "/admin/groups", "{\"name\":\"coding\"}");
        assertStatus(201, created);
        assertEquals(0, created.json().get("members").size());
        assertStatus(409, admin("POST", "/admin/groups", "{\"name\":\"Coding\"}"));

        assertStatus(200, admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));
        var added = admin("POST", "/admin/groups/coding/members",
                "{\"ref\":\"relay/deepseek-ai/DeepSeek-V3.2\",\"position\":1}");
        assertStatus(200, added);
        assertEquals(List.of("relay/deepseek-ai/DeepSeek-V3.2", "relay/gpt-4o"), refs(added.json()));
        assertEquals(1, added.json().get("members").get(0).get("position").asInt());
        assertStatus(409, admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));
        assertStatus(400, admin("POST", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\",\"position\":\"1\"}"));

        var moved = admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\",\"position\":1}");
        assertStatus(200, moved);
        assertEquals(List.of("relay/gpt-4o", "relay/deepseek-ai/DeepSeek-V3.2"), refs(moved.json()));
        assertStatus(400, admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\",\"position\":9}"));
        assertStatus(400, admin("POST", "/admin/groups/coding/move", "{\"ref\":\"relay/gpt-4o\"}"));

        var shown = get("/admin/groups/CODING");
        assertStatus(200, shown);
        assertEquals("coding", shown.json().get("name").asText());

        var removed = admin("DELETE", "/admin/groups/coding/members?ref=" + q("relay/gpt-4o"), null);
        assertStatus(200, removed);
        assertEquals(List.of("relay/deepseek-ai/DeepSeek-V3.2"), refs(removed.json()));
        assertStatus(404, admin("DELETE", "/admin/groups/coding/members", "{\"ref\":\"relay/gpt-4o\"}"));

        assertStatus(200, admin("DELETE", "/admin/groups/coding", null));
        assertStatus(404, get("/admin/groups/coding"));
        var auto = admin("DELETE", "/admin/groups/auto", null);
        assertStatus(409, auto);
        assertTrue(auto.error().get("message").asText().contains("built in"));
    }

    // ---- settings

    @Test
    void settingsAreListedWithDefaultsAndDescriptionsSetAndReset() throws Exception {
        var list = get("/admin/settings");
        assertStatus(200, list);
        assertEquals(Setting.values().length, list.json().size());
        var port = list.json().get(0);
        assertEquals("port", port.get("key").asText());
        assertEquals("9090", port.get("value").asText());
        assertEquals("9090", port.get("default").asText());
        assertTrue(port.get("isDefault").asBoolean());
        assertFalse(port.get("description").asText().isEmpty());
        assertEquals("at the next start", port.get("takesEffect").asText());

        var set = admin("PUT", "/admin/settings/max-attempts", "{\"value\":7}");
        assertStatus(200, set);
        assertEquals("7", set.json().get("value").asText());
        assertFalse(set.json().get("isDefault").asBoolean());
        assertEquals(7, switchboard.live().current().settings().maxAttempts(), "the gateway uses it at once");
        assertEquals("7", get("/admin/settings/max_attempts").json().get("value").asText());

        var bad = admin("PUT", "/admin/settings/max-attempts", "{\"value\":\"lots\"}");
        assertStatus(400, bad);
        assertTrue(bad.error().get("message").asText().contains("max-attempts"));
        assertStatus(400, admin("PUT", "/admin/settings/max-attempts", "{}"));
        var unknown = admin("PUT", "/admin/settings/prot", "{\"value\":\"1\"}");
        assertStatus(404, unknown);
        assertTrue(unknown.error().get("message").asText().contains("Known settings"));

        var reset = admin("DELETE", "/admin/settings/max-attempts", null);
        assertStatus(200, reset);
        assertEquals("5", reset.json().get("value").asText());
        assertTrue(reset.json().get("isDefault").asBoolean());
    }

    @Test
    void outboundProxyPasswordIsMaskedAndItsMaskedFormRefused() throws Exception {
        var set = admin("PUT", "/admin/settings/outbound-proxy",
                "{\"value\":\"socks5://me:proxy-test-pass-1@proxy.example.test:1080\"}");

        assertStatus(200, set);
        assertEquals("socks5://me:****@proxy.example.test:1080", set.json().get("value").asText());
        assertTrue(store.settings().load().outboundProxy().contains("proxy-test-pass-1"));
        assertStatus(400, admin("PUT", "/admin/settings/outbound-proxy",
                "{\"value\":\"socks5://me:****@proxy.example.test:1080\"}"));
        assertTrue(store.settings().load().outboundProxy().contains("proxy-test-pass-1"));
        get("/admin/settings");
        get("/admin/settings/outbound-proxy");
    }

    // ---- access keys

    @Test
    void accessKeyIsShownOnceThenMaskedAndCanBeRevoked() throws Exception {
        var created = admin("POST", "/admin/keys", "{\"name\":\"laptop\"}");

        assertStatus(201, created);
        var secret = created.json().get("key").asText();
        assertTrue(secret.startsWith("sb-") && secret.length() > 40, secret);
        assertEquals(secret, store.accessKeys().list().get(0).secret().reveal());
        assertEquals(1, switchboard.live().current().accessKeys().size(), "the guard knows it at once");
        assertStatus(409, admin("POST", "/admin/keys", "{\"name\":\"LAPTOP\"}"));
        assertStatus(400, admin("POST", "/admin/keys", "{}"));

        var list = get("/admin/keys");
        assertStatus(200, list);
        assertEquals("laptop", list.json().get(0).get("name").asText());
        assertNotEquals(secret, list.json().get(0).get("key").asText());
        assertFalse(list.raw().body().contains(secret));
        assertFalse(get("/admin/status").raw().body().contains(secret));

        var revoked = admin("DELETE", "/admin/keys/laptop", null);
        assertStatus(200, revoked);
        assertEquals("laptop", revoked.json().get("revoked").asText());
        assertTrue(switchboard.live().current().accessKeys().isEmpty());
        assertStatus(404, admin("DELETE", "/admin/keys/laptop", null));
    }

    // ---- usage

    @Test
    void usageShowsRecentRequestsWithTheirAttemptsAndRedactsWhatLooksLikeAKey() throws Exception {
        var t0 = Instant.parse("2025-06-01T10:00:00Z");
        var failed = new UsageRecord.Attempt(1L, "relay", "gpt-4o", 0, 401, "credential", 80L, 90L,
                "upstream said: Incorrect API key provided: sk-test-relay-1");
        var ok = new UsageRecord.Attempt(2L, "relay", "deepseek-ai/DeepSeek-V3.2", 0, 200, "success", 120L, 900L, null);
        store.usage().insert(List.of(
                new UsageRecord(t0, "openai-chat", "auto", false, 2L, "relay", "deepseek-ai/DeepSeek-V3.2", 200,
                        "success", 200L, 1000L, new UsageRecord.Tokens(12L, 2L, 4L, null, 0L), null, List.of(failed, ok)),
                new UsageRecord(t0.plusSeconds(1), "openai-chat", "gpt-4o", true, null, null, null, 404,
                        "no_candidate", null, 3L, null, "No enabled model", List.of())));

        var r = get("/admin/usage");
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

        var limited = get("/admin/usage?limit=1");
        assertEquals(1, limited.json().size());
        assertStatus(400, get("/admin/usage?limit=0"));
        assertStatus(400, get("/admin/usage?limit=lots"));
        assertStatus(400, get("/admin/usage?limit=100000"));
        assertEquals(2, get("/admin/status").json().get("requests").asInt());
    }

    // ---- store errors

    @Test
    void storeErrorKindsMapToHttpStatuses() {
        assertEquals(400, AdminApi.statusOf(StoreException.Kind.INVALID));
        assertEquals(404, AdminApi.statusOf(StoreException.Kind.NOT_FOUND));
        assertEquals(409, AdminApi.statusOf(StoreException.Kind.CONFLICT));
        assertEquals(503, AdminApi.statusOf(StoreException.Kind.UNAVAILABLE));
    }

    @Test
    void anUnusableDatabaseIsServiceUnavailable() throws Exception {
        store.close();

        var r = get("/admin/channels");

        assertStatus(503, r);
        assertEquals("store_unavailable", r.code());
        assertEquals("server_error", r.error().get("type").asText());
    }

    // ---- export, import and the speed test

    @Test
    void exportsWithoutKeysUnlessAskedAndImportPreviewsBeforeItWrites() throws Exception {
        var exported = get("/admin/export");
        assertStatus(200, exported);
        assertFalse(exported.json().get("keysIncluded").asBoolean());
        assertFalse(exported.json().get("channels").get(0).has("keys"));

        var doc = (com.fasterxml.jackson.databind.node.ObjectNode) exported.json().deepCopy();
        var added = doc.withArray("channels").addObject();
        added.put("name", "imported").put("type", "anthropic").put("baseUrl", "https://claude.example.test")
                .put("enabled", true);
        added.putArray("keys").add("sk-test-import-9");
        added.putArray("models").addObject().put("model", "claude-sonnet-4-5").put("enabled", true);

        var preview = admin("POST", "/admin/import?dryRun=true", doc.toString());
        assertStatus(200, preview);
        assertFalse(preview.json().get("applied").asBoolean());
        assertTrue(preview.json().get("changes").toString().contains("imported"), preview.raw().body());
        assertTrue(store.channels().find("imported").isEmpty(), "a preview writes nothing");

        var applied = admin("POST", "/admin/import", doc.toString());
        assertStatus(200, applied);
        assertTrue(applied.json().get("applied").asBoolean());
        assertEquals("sk-test-import-9", store.channels().get("imported").keys().get(0).reveal());
        assertEquals(List.of("sk-test-relay-1", "sk-test-relay-2"), store.channels().get("relay").keys().stream()
                .map(k -> k.reveal()).toList(), "a channel the file lists without keys keeps its own");
    }

    @Test
    void refusesAMalformedImportAndChangesNothing() throws Exception {
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/export").json();
        before.remove("exportedAt");

        var r = admin("POST", "/admin/import", "{\"format\":\"something-else\"}");

        assertStatus(400, r);
        var after = (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/export").json();
        after.remove("exportedAt");
        assertEquals(before, after);
    }

    @Test
    void refusesAnImportNestedTooDeepInPlainWordsAndChangesNothing() throws Exception {
        var before = (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/export").json();
        before.remove("exportedAt");

        var r = admin("POST", "/admin/import", "{\"format\":\"switchboard-config\",\"version\":1,\"settings\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}");

        assertStatus(400, r);
        assertTrue(r.raw().body().contains("more than 64 levels deep"), r.raw().body());
        assertFalse(r.raw().body().contains("StreamReadConstraints"), r.raw().body());
        var after = (com.fasterxml.jackson.databind.node.ObjectNode) get("/admin/export").json();
        after.remove("exportedAt");
        assertEquals(before, after);
    }

    @Test
    void speedTestReportsEachEntryWithTheReasonItFailed() throws Exception {
        var r = admin("POST", "/admin/test", "{\"channel\":\"relay\",\"timeoutSeconds\":20}");

        assertStatus(200, r);
        var results = r.json().get("results");
        assertEquals(2, results.size(), r.raw().body());
        for (var result : results) {
            assertFalse(result.get("ok").asBoolean());
            assertFalse(result.get("message").asText().isBlank(), "a failure says why: " + result);
        }
    }

    @Test
    void refusesASpeedTestBoundOutOfRangeInsteadOfBendingIt() throws Exception {
        for (var seconds : new int[] {0, -1, 601}) {
            var r = admin("POST", "/admin/test", "{\"channel\":\"relay\",\"timeoutSeconds\":" + seconds + "}");

            assertStatus(400, r);
            assertTrue(r.raw().body().contains("1 to 600 seconds"), r.raw().body());
        }
    }

    @Test
    void detectsAProviderAndListsItsModelsWithTheRecentOnesProposed() throws Exception {
        var relay = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        relay.start();
        try {
            relay.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/models")).willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"object\":\"list\",\"data\":["
                            + "{\"id\":\"glm-5.2\",\"object\":\"model\"},"
                            + "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\"}]}")));
            var site = "http://localhost:" + relay.port();

            var detected = admin("POST", "/admin/detect", "{\"url\":\"" + site + "\",\"key\":\"sk-test-new-1\"}");

            assertStatus(200, detected);
            assertEquals("openai", detected.json().get("type").asText());
            assertEquals(site + "/v1", detected.json().get("baseUrl").asText());
            assertTrue(detected.json().get("evidence").size() > 0);

            store.channels().create(new ChannelDraft("zhipu", ApiType.OPENAI, site + "/v1", List.of("sk-test-new-2"),
                    Map.of(), null, Map.of(), true));
            var models = get("/admin/channels/zhipu/models");

            assertStatus(200, models);
            var list = models.json().get("models");
            assertEquals("glm-5.2", list.get(0).get("id").asText());
            // glm-5.2 was released in June 2026: proposed while that is within the default 6 months
            var glm = dev.switchboard.catalog.Catalog.bundled().lookup("glm-5.2").orElseThrow();
            assertEquals(dev.switchboard.catalog.Catalog.recent(glm, java.time.LocalDate.now(java.time.ZoneOffset.UTC), 6),
                    list.get(0).get("proposed").asBoolean());
            assertEquals("2026-06-13", list.get(0).get("released").asText());
            assertFalse(list.get(1).get("proposed").asBoolean(), "gpt-3.5-turbo is from 2023");
            assertEquals("2023-03-01", list.get(1).get("released").asText());
        } finally {
            relay.stop();
        }
    }
}
