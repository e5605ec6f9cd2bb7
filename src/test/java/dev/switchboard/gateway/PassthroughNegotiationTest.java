package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.gateway.ConversionMatrixTest.Upstream;
import dev.switchboard.json.Mappers;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client negotiated in its own protocol reaches an upstream of that protocol (docs/PASSTHROUGH.md): Claude
 * Code's betas, API version, {@code x-app} and {@code ?beta=true}, with its body unchanged; OpenAI's
 * {@code OpenAI-Beta}. Never the client's credentials or cookies, and nothing of the kind under conversion, where
 * the headers would mean nothing to the other protocol.
 */
class PassthroughNegotiationTest {
    /** What Claude Code 2.1.33x sends with every request (recorded, its betas in its order). */
    private static final String CLAUDE_CODE_BETAS =
            "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27";
    private static final String CHANNEL_BETA = "fine-grained-tool-streaming-2025-05-14";
    private static final String CLIENT_KEY = "sk-ant-client-own-key-must-not-travel";

    @TempDir
    static Path dataDir;

    private static WireMockServer wm;
    private static Store store;
    private static Switchboard switchboard;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        for (var u : Upstream.values()) {
            var channel = "ch-" + u.name().toLowerCase(Locale.ROOT);
            var draft = ChannelDraft.of(channel, u.type, u.baseUrl(wm), List.of(u.key));
            if (u == Upstream.ANTHROPIC) {
                // the person's own beta for this channel: kept beside the client's, not replaced by them
                draft = draft.withHeaders(Map.of("anthropic-beta", CHANNEL_BETA));
            }
            store.channels().create(draft);
            store.entries().add(channel, u.model, u.alias(), false);
        }
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        switchboard.close();
        store.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    @Test
    void anAnthropicChannelReceivesClaudeCodesBetasVersionQueryAndBodyUnchanged() throws Exception {
        serve(Upstream.ANTHROPIC);
        var sent = claudeCodeRequest(Upstream.ANTHROPIC.alias());

        var response = postAsClaudeCode(sent);

        assertEquals(200, response.statusCode(), response.body());
        var got = only(Upstream.ANTHROPIC);
        assertEquals(CLAUDE_CODE_BETAS + "," + CHANNEL_BETA, got.getHeader("anthropic-beta"));
        assertEquals("2023-06-01", got.getHeader("anthropic-version"));
        assertEquals("cli", got.getHeader("x-app"));
        assertEquals("claude-cli/2.1.33 (external, cli)", got.getHeader("User-Agent"));
        assertEquals("true", got.queryParameter("beta").firstValue());
        var expected = sent.deepCopy();
        expected.put("model", Upstream.ANTHROPIC.model);
        assertEquals(expected, Mappers.JSON.readTree(got.getBodyAsString()), "the body, but for the model");
        assertEquals(Upstream.ANTHROPIC.key, got.getHeader("x-api-key"));
        assertNoClientCredentials(got);
    }

    @Test
    void theClientsApiVersionReplacesSwitchboardsDefault() throws Exception {
        serve(Upstream.ANTHROPIC);
        var request = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1/messages"))
                .header("x-api-key", CLIENT_KEY).header("anthropic-version", "2026-10-21")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + Upstream.ANTHROPIC.alias()
                        + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build();

        var response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        var got = only(Upstream.ANTHROPIC);
        assertEquals("2026-10-21", got.getHeader("anthropic-version"));
        assertEquals(CHANNEL_BETA, got.getHeader("anthropic-beta"), "the channel's beta alone");
        assertFalse(got.getUrl().contains("?"), "no query when the client sent none: " + got.getUrl());
    }

    @Test
    void underConversionNoneOfClaudeCodesHeadersTravelAndItsBodyIsNotRefused() throws Exception {
        for (var upstream : List.of(Upstream.OPENAI, Upstream.RESPONSES, Upstream.GEMINI, Upstream.AZURE)) {
            wm.resetAll();
            serve(upstream);

            var response = postAsClaudeCode(claudeCodeRequest(upstream.alias()));

            assertEquals(200, response.statusCode(), upstream + ": " + response.body());
            var got = only(upstream);
            for (var header : List.of("anthropic-beta", "anthropic-version", "x-app", "x-api-key")) {
                assertFalse(got.containsHeader(header), upstream + " got " + header);
            }
            assertFalse(got.getUrl().contains("beta=true"), upstream + " got " + got.getUrl());
            assertNoClientCredentials(got);
        }
    }

    @Test
    void anOpenAiChannelReceivesTheOpenAiSdksBetaHeaderAndNotItsKey() {
        serve(Upstream.OPENAI);
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1")
                .apiKey(CLIENT_KEY).maxRetries(0).build();
        try {
            openai.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(Upstream.OPENAI.alias()).addUserMessage("Hi")
                    .putAdditionalHeader("OpenAI-Beta", "assistants=v2").build());
        } finally {
            openai.close();
        }

        var got = only(Upstream.OPENAI);
        assertEquals("assistants=v2", got.getHeader("OpenAI-Beta"));
        assertEquals("Bearer " + Upstream.OPENAI.key, got.getHeader("Authorization"));
        assertNoClientCredentials(got);
    }

    @Test
    void aGeminiClientsKeyParameterNeverTravelsButItsOtherParametersDo() throws Exception {
        serve(Upstream.GEMINI);
        var request = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1beta/models/"
                        + Upstream.GEMINI.alias() + ":generateContent?key=" + CLIENT_KEY + "&%24trace=on"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}"))
                .build();

        var response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        var got = only(Upstream.GEMINI);
        assertTrue(got.getUrl().endsWith(":generateContent?%24trace=on"), got.getUrl());
        assertEquals(Upstream.GEMINI.key, got.getHeader("x-goog-api-key"));
        assertNoClientCredentials(got);
    }

    // ---- helpers

    private static ObjectNode claudeCodeRequest(String model) throws IOException {
        try (InputStream in = PassthroughNegotiationTest.class.getResourceAsStream(
                "/fixtures/claude-code/messages-request.json")) {
            var json = (ObjectNode) Mappers.JSON.readTree(in);
            json.put("model", model);
            return json;
        }
    }

    /** The request as Claude Code sends it: its headers, {@code ?beta=true}, its own key, and a stray cookie. */
    private static HttpResponse<String> postAsClaudeCode(JsonNode body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(switchboard.gateway().baseUrl() + "/v1/messages?beta=true"))
                .header("Content-Type", "application/json")
                .header("anthropic-beta", CLAUDE_CODE_BETAS)
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-dangerous-direct-browser-access", "true")
                .header("x-app", "cli")
                .header("User-Agent", "claude-cli/2.1.33 (external, cli)")
                .header("x-api-key", CLIENT_KEY)
                .header("Authorization", "Bearer " + CLIENT_KEY)
                .header("Cookie", "session=" + CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Mappers.JSON.writeValueAsBytes(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void serve(Upstream upstream) {
        wm.stubFor(post(urlPathEqualTo(upstream.path(false))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ConversionMatrixTest.textFixture(upstream, false))));
    }

    private static LoggedRequest only(Upstream upstream) {
        var all = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(upstream.path(false))));
        assertEquals(1, all.size(), "one request to " + upstream);
        return all.get(0);
    }

    /** The client's key is in no header, no query parameter and no cookie the upstream sees. */
    private static void assertNoClientCredentials(LoggedRequest got) {
        assertFalse(got.getUrl().contains(CLIENT_KEY), got.getUrl());
        for (var header : got.getHeaders().all()) {
            assertFalse(header.values().stream().anyMatch(v -> v.contains(CLIENT_KEY)),
                    "the client's key in " + header.key());
        }
        assertFalse(got.containsHeader("Cookie"));
    }
}
