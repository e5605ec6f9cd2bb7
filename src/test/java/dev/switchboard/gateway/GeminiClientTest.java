package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Google's Gen AI SDK (as Gemini CLI) in front of an OpenAI-compatible upstream, and of a Gemini upstream. */
class GeminiClientTest {
    @TempDir
    Path dataDir;

    private final WireMockServer upstream = new WireMockServer(options().dynamicPort());
    private Store store;
    private Switchboard switchboard;

    @BeforeEach
    void start() {
        upstream.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        upstream.stop();
    }

    private Client client() {
        return Client.builder().apiKey("unused-on-loopback")
                .httpOptions(HttpOptions.builder().baseUrl(switchboard.gateway().baseUrl()).build()).build();
    }

    private void channel(ApiType type, String base) {
        store.channels().create(ChannelDraft.of("up", type, base, List.of("sk-test-gemini-path")));
        store.entries().add("up", "up-model", null, true);
    }

    @Test
    void geminiSdkGetsTextFromAChatUpstream() throws IOException {
        channel(ApiType.OPENAI, upstream.baseUrl() + "/v1");
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ChatCompletionsSmokeTest.fixture("json/openai-chat-completion.json"))));

        var answer = client().models.generateContent("auto", "Say hello", null);

        assertEquals("Hello there", answer.text());
        assertEquals(12, answer.usageMetadata().orElseThrow().promptTokenCount().orElseThrow());
    }

    @Test
    void geminiSdkStreamsFromAChatUpstream() throws IOException {
        channel(ApiType.OPENAI, upstream.baseUrl() + "/v1");
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(ChatCompletionsSmokeTest.fixture("sse/openai-chat-stream.txt"))));

        var text = new StringBuilder();
        try (var stream = client().models.generateContentStream("auto", "Say hello", null)) {
            for (var chunk : stream) {
                if (chunk.text() != null) {
                    text.append(chunk.text());
                }
            }
        }

        assertEquals("Hello there", text.toString());
    }

    @Test
    void geminiToGeminiPassesTheBodyThroughWithTheModelInThePathAndTheKeyInAHeader() throws IOException {
        channel(ApiType.GEMINI, upstream.baseUrl());
        upstream.stubFor(post(urlPathEqualTo("/v1beta/models/up-model:generateContent")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi from Gemini"}]},\
                        "finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,\
                        "candidatesTokenCount":4,"totalTokenCount":7},"modelVersion":"up-model"}""")));

        var answer = client().models.generateContent("auto", "Say hello", null);

        assertEquals("Hi from Gemini", answer.text());
        var sent = upstream.getAllServeEvents().get(0).getRequest();
        assertEquals("sk-test-gemini-path", sent.getHeader("x-goog-api-key"));
        assertTrue(!sent.getUrl().contains("key="), "never the key in the URL: " + sent.getUrl());
        assertTrue(!sent.getBodyAsString().contains("\"model\""), sent.getBodyAsString());
    }
}
