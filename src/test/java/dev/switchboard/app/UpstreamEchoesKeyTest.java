package dev.switchboard.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.switchboard.gateway.admin.AdminToken;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Health;
import dev.switchboard.store.Store;
import dev.switchboard.store.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.logging.LogManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17.3, DESIGN §6: an upstream that repeats the key it was sent must never make Switchboard repeat it. Each
 * test runs the real app (gateway, log file, CLI) against a WireMock relay that answers only when it is sent the
 * channel's key, and whose answer quotes that key in full. Then every place that text can reach is read: the
 * client's response, the request log, the entry's health, the admin API, {@code entries list} and {@code status},
 * the log file and a keyless export. None may hold the key; the places that carry the text must hold its masked
 * form, so that a test cannot pass by the text having been dropped.
 *
 * <p>The keys are random, so that only redaction by value can catch the bare hex one, and an sk- shaped one
 * checks that the two passes (value, then shape) agree.
 */
class UpstreamEchoesKeyTest {
    private static final String MODEL = "up-model";
    private static final String CHAT = "/v1/chat/completions";
    private static final String ROLE_CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1730000000,\"model\":\"up-model\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    private static final String HELLO_CHUNK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1730000000,\"model\":\"up-model\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}";

    @TempDir
    Path dataDir;

    private final WireMockServer relay = new WireMockServer(options().dynamicPort());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Store store;
    private Switchboard switchboard;
    private String key;

    /** 32 hex characters, the shape of many relays' keys; and an OpenAI-style one. Built at run time. */
    static Stream<String> keys() {
        return Stream.of(hex(), "sk-" + "relay-" + hex());
    }

    private static String hex() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The relay, channel {@code relay} holding {@code key}, and the app as {@code serve} runs it, with its log. */
    private void start(String key, ApiType type) {
        this.key = key;
        relay.start();
        Logging.forGateway(dataDir, false);
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", type, relay.baseUrl() + (type == ApiType.OPENAI ? "/v1" : ""),
                List.of(key)));
        store.entries().add("relay", MODEL, null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        if (switchboard != null) {
            switchboard.close();
        }
        if (store != null) {
            store.close();
        }
        relay.stop();
        // Logging.forGateway replaced the JVM's logging: the other tests get the test configuration back
        LogManager.getLogManager().readConfiguration();
    }

    /** The relay answers {@code response} to a Chat call, but only when it was sent the channel's key. */
    private void relayAnswersChat(ResponseDefinitionBuilder response) {
        relay.stubFor(post(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key))
                .willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder events(String... data) {
        var body = new StringBuilder();
        for (var d : data) {
            body.append("data: ").append(d).append("\n\n");
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
    }

    private static String chatBody(boolean stream) {
        return "{\"model\":\"relay/" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],"
                + "\"stream\":" + stream + "}";
    }

    private static String messagesBody(boolean stream) {
        return "{\"model\":\"relay/" + MODEL + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello\"}],\"stream\":" + stream + "}";
    }

    private HttpResponse<String> client(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String admin(String path) {
        var token = AdminToken.loadOrCreate(dataDir);
        var r = send(HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build());
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return r.body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the places an upstream's text can reach

    private String masked() {
        return ApiKey.mask(key);
    }

    private void assertHidden(String where, String text) {
        assertNotNull(text, where);
        assertFalse(text.contains(key), () -> where + " shows the key: " + text);
    }

    private void assertMaskedIn(String where, String text) {
        assertHidden(where, text);
        assertTrue(text.contains(masked()), () -> where + " should carry the upstream's text, masked ("
                + masked() + "): " + text);
    }

    /** What the request log holds for the last request: its error and its attempts' errors. */
    private String logged() {
        try {
            switchboard.usage().flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        var recent = store.usage().recent(1);
        assertEquals(1, recent.size(), "one request logged");
        UsageRecord r = recent.get(0);
        var texts = new ArrayList<String>();
        texts.add(r.error());
        r.attempts().forEach(a -> texts.add(a.error()));
        return String.valueOf(texts);
    }

    /** The entry's health, live and as stored. */
    private String health() {
        long id = store.entries().get("relay/" + MODEL).id();
        Health live = switchboard.health().current(id);
        switchboard.health().flush();
        Health stored = store.health().get(id);
        return live.disabledReason() + " | " + live.lastError() + " | " + stored.disabledReason() + " | "
                + stored.lastError();
    }

    private String logFile() {
        var out = new StringBuilder();
        try (var files = Files.list(dataDir.resolve("logs"))) {
            for (var f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                out.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Every other place, after the client's answer: the request log (which must carry the text), the health (when
     * the outcome touched it), the admin API, the log file, the CLI and an export without keys.
     */
    private void assertShownNowhereElse(boolean healthCarriesIt, boolean logCarriesIt) {
        assertMaskedIn("the request log", logged());
        if (healthCarriesIt) {
            assertMaskedIn("the entry's health", health());
            assertMaskedIn("GET /admin/entries", admin("/admin/entries"));
            assertMaskedIn("GET /v1/routing/status", admin("/v1/routing/status"));
        } else {
            assertHidden("the entry's health", health());
            assertHidden("GET /admin/entries", admin("/admin/entries"));
            assertHidden("GET /v1/routing/status", admin("/v1/routing/status"));
        }
        assertMaskedIn("GET /admin/usage", admin("/admin/usage"));
        assertHidden("GET /admin/export", admin("/admin/export"));
        // read before the CLI runs: each CLI run sets up its own logging in this JVM
        if (logCarriesIt) {
            assertMaskedIn("the log file", logFile());
        } else {
            assertHidden("the log file", logFile());
        }

        CliRun.run(dataDir, "entries", "list").ok().hides(key).prints("relay/" + MODEL);
        CliRun.run(dataDir, "entries", "list", "--json").ok().hides(key);
        CliRun.run(dataDir, "status").ok().hides(key).prints("1 logged");
        var export = dataDir.resolve("export.json");
        CliRun.run(dataDir, "export", export.toString()).ok().hides(key);
        assertHidden("an export without keys", readString(export));
        // the check above means something: the key is there to be leaked
        assertTrue(CliRun.run(dataDir, "export", "--include-keys").ok().out().contains(key));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the upstreams that echo

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInA401JsonBodyIsNotRepeated(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key + ". Find your key"
                + " in the dashboard.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

        var r = client(CHAT, chatBody(false));

        assertEquals(502, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertTrue(r.body().contains("Incorrect API key provided: " + masked() + ". Find your key"), r.body());
        assertShownNowhereElse(true, false);
        // disabled by the system, with the upstream's reason, masked, in the entry table
        CliRun.run(dataDir, "entries", "list").ok().prints("disabled: ", masked()).hides(key);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInA500PlainTextBodyIsNotRepeatedNorItsHexBytes(String key) {
        start(key, ApiType.OPENAI);
        var bytes = HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8));
        relayAnswersChat(aResponse().withStatus(500).withHeader("Content-Type", "text/plain")
                .withBody("relay node 7 failed for Bearer " + key + " (key bytes " + bytes + ")"));

        var r = client(CHAT, chatBody(false));

        assertEquals(502, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertFalse(r.body().contains(bytes), r.body());
        assertTrue(r.body().contains("relay node 7 failed"), r.body());
        assertShownNowhereElse(true, false);
        assertFalse(health().contains(bytes), health());
        assertFalse(logged().contains(bytes), logged());
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInA400ThatIsPassedToTheClientAsIsIsMaskedInIt(String key) {
        start(key, ApiType.OPENAI);
        var upstreamBody = "{\"error\":{\"message\":\"max_tokens is too large for key " + key + "\","
                + "\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":null}}";
        relayAnswersChat(json(400, upstreamBody));

        var r = client(CHAT, chatBody(false));

        assertEquals(400, r.statusCode(), r.body());
        assertEquals(upstreamBody.replace(key, masked()), r.body(), "the upstream's own body, the key masked");
        assertShownNowhereElse(false, false);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInA400ConvertedForAnAnthropicClientIsMaskedInIt(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(json(400, "{\"error\":{\"message\":\"max_tokens is too large for key " + key + "\","
                + "\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":null}}"));

        var r = client("/v1/messages", messagesBody(false));

        assertEquals(400, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertTrue(r.body().contains("max_tokens is too large for key " + masked()), r.body());
        assertShownNowhereElse(false, false);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInAStreamedErrorEventBeforeTheFirstByteIsNotRepeated(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(events("{\"error\":{\"message\":\"Key " + key + " has no quota left for up-model\","
                + "\"type\":\"server_error\"}}", "[DONE]"));

        var r = client(CHAT, chatBody(true));

        assertEquals(502, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertShownNowhereElse(true, false);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInAPlainTextStreamEventBeforeTheFirstByteIsNotRepeated(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(events("relay error: token " + key + " is not allowed to use up-model"));

        var r = client(CHAT, chatBody(true));

        assertEquals(502, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertTrue(r.body().contains("is not allowed to use up-model"), r.body());
        assertShownNowhereElse(true, false);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedInAStreamedErrorEventAfterTheFirstByteIsNotRepeated(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(events(ROLE_CHUNK, HELLO_CHUNK, "{\"error\":{\"message\":\"Upstream key " + key
                + " was rejected mid-answer.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        var r = client(CHAT, chatBody(true));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Hello"), "the stream was committed: " + r.body());
        assertMaskedIn("the client's stream", r.body());
        assertTrue(r.body().contains("Upstream key " + masked() + " was rejected mid-answer."), r.body());
        assertShownNowhereElse(true, true);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aKeyEchoedMidStreamToAnAnthropicClientIsNotRepeatedInItsErrorEvent(String key) {
        start(key, ApiType.OPENAI);
        relayAnswersChat(events(ROLE_CHUNK, HELLO_CHUNK, "{\"error\":{\"message\":\"Upstream key " + key
                + " was rejected mid-answer.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        var r = client("/v1/messages", messagesBody(true));

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("event: error"), r.body());
        assertMaskedIn("the client's stream", r.body());
        assertShownNowhereElse(true, true);
    }

    @Test
    void anAnthropicRelayEchoingItsXApiKeyIsNotRepeated() {
        var anthropicKey = hex();
        start(anthropicKey, ApiType.ANTHROPIC);
        relay.stubFor(post(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo(anthropicKey))
                .willReturn(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                        + "\"message\":\"no account holds the key " + anthropicKey + "\"}}")));

        var r = client(CHAT, chatBody(false));

        assertEquals(502, r.statusCode(), r.body());
        assertMaskedIn("the client's error", r.body());
        assertShownNowhereElse(true, false);
    }

    @Test
    void theLogFileMasksAHeldKeyInAMessageAndInAThrownExceptionsTrace() {
        start(hex(), ApiType.OPENAI);
        var log = System.getLogger("dev.switchboard.test");

        log.log(System.Logger.Level.WARNING, "the relay said: bad key " + key,
                new IOException("relay closed the connection for " + key, new IllegalStateException(key)));

        var text = logFile();
        assertMaskedIn("the log file", text);
        assertTrue(text.contains("relay closed the connection for " + masked()), text);
    }
}
