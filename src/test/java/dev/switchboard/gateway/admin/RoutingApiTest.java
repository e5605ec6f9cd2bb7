package dev.switchboard.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.routing.Candidate;
import dev.switchboard.routing.Outcome;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/routing/status} and {@code POST /v1/routing/top}: what the tray menu shows and does. */
class RoutingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final WireMockServer a = new WireMockServer(options().dynamicPort());
    private final WireMockServer b = new WireMockServer(options().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private Store store;
    private Switchboard switchboard;
    private String token;

    @BeforeEach
    void start() throws Exception {
        for (var upstream : List.of(a, b)) {
            upstream.start();
            upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("json/openai-chat-completion.json"))));
        }
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("a", ApiType.OPENAI, a.baseUrl() + "/v1", List.of("sk-test-a-1")));
        store.channels().create(ChannelDraft.of("b", ApiType.OPENAI, b.baseUrl() + "/v1", List.of("sk-test-b-1")));
        store.entries().add("a", "up-model", null, true);
        store.entries().add("b", "up-model", null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        token = AdminToken.loadOrCreate(dataDir);
    }

    private static String fixture(String path) throws IOException {
        try (var in = RoutingApiTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        a.stop();
        b.stop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        var r = send("GET", "/v1/routing/status", null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode group(JsonNode status, String name) {
        for (var g : status.get("groups")) {
            if (g.get("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + status);
    }

    private static List<String> refs(JsonNode group) {
        var out = new ArrayList<String>();
        group.get("members").forEach(m -> out.add(m.get("ref").asText()));
        return out;
    }

    private void chat() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void statusShowsEveryGroupWithItsMembersInOrderAndTheirHealth() throws Exception {
        store.entries().createGroup("coding");
        store.entries().addMember("coding", "b/up-model", null);

        var s = status();

        assertEquals(List.of("a/up-model", "b/up-model"), refs(group(s, "auto")));
        assertEquals(List.of("b/up-model"), refs(group(s, "coding")));
        var first = group(s, "auto").get("members").get(0);
        assertEquals(1, first.get("position").asInt());
        assertEquals("a", first.get("channel").asText());
        assertEquals("up-model", first.get("model").asText());
        assertTrue(first.get("enabled").asBoolean());
        assertEquals("ok", first.get("health").get("state").asText());
        assertEquals(0, first.get("health").get("consecutiveFailures").asInt());
    }

    @Test
    void statusShowsACoolingEntryWithWhenItsCooldownEnds() throws Exception {
        var entry = store.entries().get("a/up-model");
        var candidate = new Candidate(entry, store.channels().get("a"), Health.fresh(entry.id()));

        switchboard.health().record(candidate, new Outcome.Transient("HTTP 503", null), null,
                switchboard.live().current().settings());

        var member = group(status(), "auto").get("members").get(0);
        var health = member.get("health");
        assertEquals("a/up-model", member.get("ref").asText());
        assertEquals("cooling", health.get("state").asText());
        var until = Instant.parse(health.get("cooldownUntil").asText());
        assertTrue(until.isAfter(Instant.now()), until.toString());
        assertEquals("cooling until " + until, health.get("text").asText());
        assertEquals(1, health.get("consecutiveFailures").asInt());
        assertEquals("HTTP 503", health.get("lastError").asText());
    }

    @Test
    void statusShowsAnEntryTheSystemDisabledWithTheReason() throws Exception {
        var entry = store.entries().get("b/up-model");
        var candidate = new Candidate(entry, store.channels().get("b"), Health.fresh(entry.id()));

        switchboard.health().record(candidate, new Outcome.Credential("invalid api key"), null,
                switchboard.live().current().settings());

        var health = group(status(), "auto").get("members").get(1).get("health");
        assertEquals("disabled", health.get("state").asText());
        assertEquals("disabled: invalid api key", health.get("text").asText());
    }

    @Test
    void topMovesAMemberFirstAndTheNextRequestTriesItFirst() throws Exception {
        chat();
        a.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        b.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));

        var r = send("POST", "/v1/routing/top", "{\"group\":\"auto\",\"entry\":\"b/up-model\"}");

        assertEquals(200, r.statusCode(), r.body());
        var group = JSON.readTree(r.body());
        assertEquals("auto", group.get("name").asText());
        assertEquals(List.of("b/up-model", "a/up-model"), refs(group));
        assertEquals(List.of("b/up-model", "a/up-model"), refs(group(status(), "auto")));

        chat();
        a.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        b.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void topExplainsWhatIsWrong() throws Exception {
        var missingEntry = send("POST", "/v1/routing/top", "{\"group\":\"auto\"}");
        assertEquals(400, missingEntry.statusCode());
        assertTrue(missingEntry.body().contains("entry"), missingEntry.body());

        assertEquals(404, send("POST", "/v1/routing/top", "{\"group\":\"nope\",\"entry\":\"b/up-model\"}").statusCode());
        assertEquals(404, send("POST", "/v1/routing/top", "{\"group\":\"auto\",\"entry\":\"b/nope\"}").statusCode());
        store.entries().createGroup("empty");
        var notMember = send("POST", "/v1/routing/top", "{\"group\":\"empty\",\"entry\":\"b/up-model\"}");
        assertEquals(404, notMember.statusCode());
        assertTrue(notMember.body().contains("not in group"), notMember.body());
        assertEquals(400, send("POST", "/v1/routing/top", "{\"group\":\"auto\",\"entry\":\"b/up-model\",\"x\":1}")
                .statusCode());
    }
}
