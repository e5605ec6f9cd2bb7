package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.WireMockServer;
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

/** An Anthropic client (the official SDK, as Claude Code) in front of an OpenAI-compatible upstream. */
class ConversionSmokeTest {
    @TempDir
    Path dataDir;

    private final WireMockServer upstream = new WireMockServer(options().dynamicPort());
    private Store store;
    private Switchboard switchboard;

    @BeforeEach
    void start() {
        upstream.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, upstream.baseUrl() + "/v1",
                List.of("sk-test-relay-key")));
        store.entries().add("relay", "up-model", null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        upstream.stop();
    }

    private com.anthropic.client.AnthropicClient client() {
        return AnthropicOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl()).apiKey("unused")
                .maxRetries(0).build();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("auto").maxTokens(256).addUserMessage("Say hello").build();
    }

    @Test
    void anthropicSdkGetsAWholeMessageFromAChatUpstream() throws IOException {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(ChatCompletionsSmokeTest.fixture("json/openai-chat-completion.json"))));

        var message = client().messages().create(params());

        assertEquals("Hello there", message.content().get(0).asText().text());
        assertEquals(8, message.usage().inputTokens(), "Anthropic input_tokens excludes the 4 cached of 12");
        assertEquals(4, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals("auto", message.model().asString());
    }

    @Test
    void anthropicSdkAccumulatesAStreamFromAChatUpstream() throws IOException {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(ChatCompletionsSmokeTest.fixture("sse/openai-chat-stream.txt"))));

        var accumulator = MessageAccumulator.create();
        try (var stream = client().messages().createStreaming(params())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        var message = accumulator.message();

        assertEquals("Hello there", message.content().get(0).asText().text());
        assertTrue(message.stopReason().isPresent());
        assertEquals(2, message.usage().outputTokens());
        var sent = upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(sent.contains("\"model\":\"up-model\"") && sent.contains("\"stream\":true"), sent);
    }
}
