package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access guard in front of a running gateway, over loopback: what a browser (Host, Origin) or a client
 * (forwarding headers, its own API key) can send. The rules for callers from other machines are in
 * {@link AccessGuardTest}.
 */
class AccessGuardOverLoopbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final WireMockServer upstream = new WireMockServer(options().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private Store store;
    private Switchboard switchboard;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ChatCompletionsSmokeTest.fixture("json/openai-chat-completion.json"))));
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, upstream.baseUrl() + "/v1",
                List.of("sk-test-relay-1")));
        store.entries().add("relay", "up-model", null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        port = switchboard.gateway().port();
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        upstream.stop();
    }

    private static JsonNode error(RawHttp.Reply reply) throws Exception {
        return JSON.readTree(reply.body()).get("error");
    }

    private static JsonNode error(HttpResponse<String> reply) throws Exception {
        return JSON.readTree(reply.body()).get("error");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dnsRebindingHostIsRefusedNamingTheSettingThatAllowsIt() throws Exception {
        var reply = RawHttp.get(port, "/v1/models", "evil.example:" + port);

        assertEquals(403, reply.status());
        assertEquals("application/json", reply.header("content-type"));
        var error = error(reply);
        assertEquals("host_not_allowed", error.get("code").asText());
        assertEquals("permission_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains(
                "`switchboard settings set allowed-hosts evil.example`"), error.toString());
        assertFalse(reply.body().contains("up-model"), "nothing of the configuration leaks to the page");
    }

    @Test
    void rebindingPageCannotReachTheChatEndpointEither() throws Exception {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", "evil.example:" + port);
        var reply = RawHttp.send(port, "POST", "/v1/chat/completions", headers,
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(403, reply.status());
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void allowedHostsLetsTheNameIn() throws Exception {
        store.settings().set(Setting.ALLOWED_HOSTS, "mybox.lan");

        assertEquals(200, RawHttp.get(port, "/v1/models", "mybox.lan:" + port).status());
        assertEquals(200, RawHttp.get(port, "/v1/models", "MYBOX.LAN").status());
        assertEquals(403, RawHttp.get(port, "/v1/models", "evil.example").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:PORT", "tool.localhost:PORT", "127.0.0.1:PORT", "127.0.0.2",
            "[::1]:PORT", "192.168.1.20:PORT", "10.0.0.1"})
    void loopbackNamesAndIpLiteralsAreAccepted(String host) throws Exception {
        var reply = RawHttp.get(port, "/v1/models", host.replace("PORT", Integer.toString(port)));

        assertEquals(200, reply.status(), reply.body());
    }

    @Test
    void foreignOriginIsRefusedAndAnSdkWithoutOriginIsNot() throws Exception {
        var refused = get("/v1/models", "Origin", "https://evil.example");

        assertEquals(403, refused.statusCode());
        assertEquals("origin_not_allowed", error(refused).get("code").asText());
        assertTrue(error(refused).get("message").asText().contains("allowed-origins https://evil.example"));
        assertTrue(refused.headers().firstValue("access-control-allow-origin").isEmpty());
        assertEquals(200, get("/v1/models").statusCode());
    }

    @Test
    void allowedOriginIsAcceptedWithCorsHeadersAndItsPreflightAnswered() throws Exception {
        store.settings().set(Setting.ALLOWED_ORIGINS, "https://app.example.com");

        var ok = get("/v1/models", "Origin", "https://app.example.com");
        assertEquals(200, ok.statusCode());
        assertEquals("https://app.example.com", ok.headers().firstValue("access-control-allow-origin").orElse(""));

        var preflight = http.send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl()
                        + "/v1/chat/completions")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.example.com", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals("authorization, content-type",
                preflight.headers().firstValue("access-control-allow-headers").orElse(""));
        assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));
        upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void xForwardedForIsIgnored() throws Exception {
        // If the guard believed these headers, this loopback caller would be a remote one outside allowed-ips.
        store.accessKeys().create("laptop");
        store.settings().set(Setting.ALLOWED_IPS, "10.0.0.0/8");

        var reply = get("/v1/models", "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9",
                "X-Real-IP", "203.0.113.9");

        assertEquals(200, reply.statusCode(), reply.body());
    }

    @Test
    void aKeyRevokedOrAddedWhileRunningIsSeenWithoutRestart() {
        // The guard reads access keys from the live snapshot: a write by this process reloads it at once.
        var key = store.accessKeys().create("phone");
        assertTrue(switchboard.live().current().accessKeys().stream().anyMatch(k -> k.name().equals("phone")));
        assertTrue(AccessGuard.anyMatches(List.of(key.secret().reveal()), switchboard.live().current().accessKeys()));

        store.accessKeys().revoke("phone");

        assertTrue(switchboard.live().current().accessKeys().isEmpty());
    }

    @Test
    void clientAuthHeadersNeverReachTheUpstream() throws Exception {
        var client = Map.of(
                "Authorization", "Bearer client-test-bearer-secret-1",
                "x-api-key", "client-test-x-api-key-1",
                "api-key", "client-test-api-key-1",
                "x-goog-api-key", "client-test-goog-key-1");
        var b = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .header("Content-Type", "application/json");
        client.forEach(b::header);

        var reply = http.send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, reply.statusCode(), reply.body());
        upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        var sent = upstream.getAllServeEvents().get(0).getRequest();
        assertEquals("Bearer sk-test-relay-1", sent.getHeader("Authorization"));
        assertNull(sent.getHeader("x-api-key"));
        assertNull(sent.getHeader("api-key"));
        assertNull(sent.getHeader("x-goog-api-key"));
        for (var h : sent.getHeaders().all()) {
            for (var v : h.values()) {
                assertFalse(v.contains("client-test"), h.key() + ": " + v);
            }
        }
    }
}
