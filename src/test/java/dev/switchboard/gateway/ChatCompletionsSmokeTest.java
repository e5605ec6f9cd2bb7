package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCompletionsSmokeTest {
    @TempDir
    Path dataDir;

    private final WireMockServer bad = new WireMockServer(options().dynamicPort());
    private final WireMockServer good = new WireMockServer(options().dynamicPort());
    private Store store;
    private Switchboard switchboard;

    static String fixture(String path) throws IOException {
        try (var in = ChatCompletionsSmokeTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void start() throws IOException {
        bad.start();
        good.start();
        bad.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        good.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("json/openai-chat-completion.json"))));
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("first", ApiType.OPENAI, bad.baseUrl() + "/v1", List.of("sk-test-first")));
        store.channels().create(ChannelDraft.of("second", ApiType.OPENAI, good.baseUrl() + "/v1", List.of("sk-test-second")));
        store.entries().add("first", "up-model", null, true);
        store.entries().add("second", "up-model", null, true);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        switchboard.close();
        store.close();
        bad.stop();
        good.stop();
    }

    @Test
    void sdkGetsAnAnswerThroughAFailingThenHealthyPair() {
        var client = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1").apiKey("x")
                .maxRetries(0).build();

        var completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("auto").addUserMessage("Say hello").build());

        assertEquals("Hello there", completion.choices().get(0).message().content().orElseThrow());
        bad.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        good.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        var sent = good.getAllServeEvents().get(0).getRequest();
        assertEquals("Bearer sk-test-second", sent.getHeader("Authorization"));
        assertTrue(sent.getBodyAsString().contains("\"model\":\"up-model\""));
    }

    @Test
    void sdkStreamsThroughAFailingThenHealthyPair() throws IOException {
        good.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(fixture("sse/openai-chat-stream.txt"))));
        var client = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1").apiKey("x")
                .maxRetries(0).build();

        var text = new StringBuilder();
        var usageChunks = new int[1];
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("auto").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                if (chunk.usage().isPresent()) {
                    usageChunks[0]++;
                }
            });
        }

        assertEquals("Hello there", text.toString());
        assertEquals(0, usageChunks[0], "the usage chunk Switchboard asked for is not passed to a client that did not");
        var sent = good.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(sent.contains("\"include_usage\":true"), sent);
    }

    @Test
    void synthesisesTheStreamWhenAnUpstreamAnswersAStreamingRequestWithPlainJson() {
        // `good` answers JSON whatever it is asked: some relays ignore `stream`.
        var client = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1").apiKey("x")
                .maxRetries(0).build();

        var text = new StringBuilder();
        var finish = new StringBuilder();
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("second/up-model").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().content().ifPresent(text::append);
                c.finishReason().ifPresent(f -> finish.append(f.asString()));
            }));
        }

        assertEquals("Hello there", text.toString());
        assertEquals("stop", finish.toString());
    }
}
