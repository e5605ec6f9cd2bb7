package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.json.Mappers;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.ReasoningOption;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenAI's reasoning models behind Chat Completions channels, asked by the official SDKs (issue 12, item 4). The
 * {@code openai} upstream here refuses what the real API refuses for {@code o4-mini} and {@code gpt-5-mini}, with
 * the real API's 400s: {@code max_tokens}, and {@code temperature} other than 1. The catalog knows both models;
 * an Azure deployment it cannot name is one by the channel's {@code openai-reasoning=always}; a relay channel with
 * {@code openai-reasoning=never} takes {@code max_tokens} for the same model name, as such relays do.
 */
class ReasoningModelsOnChatUpstreamsTest {
    private static final String OPENAI_PATH = "/v1/chat/completions";
    private static final String RELAY_PATH = "/relay/v1/chat/completions";
    private static final String AZURE_PATH = "/openai/deployments/prod-reasoner/chat/completions";
    private static final String ANSWER = "There are three Rs in \"strawberry\".";
    private static final String MAX_TOKENS_REFUSED = """
            {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. \
            Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens",\
            "code":"unsupported_parameter"}}""";
    private static final String TEMPERATURE_REFUSED = """
            {"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model. Only the \
            default (1) value is supported.","type":"invalid_request_error","param":"temperature",\
            "code":"unsupported_value"}}""";

    /** The Anthropic SDK has dropped its temperature setter; the API still takes the field. */
    private static final JsonValue TEMPERATURE = JsonValue.from(0.2);

    @TempDir
    static Path dataDir;

    private static WireMockServer wm;
    private static Store store;
    private static Switchboard switchboard;
    private static AnthropicClient anthropic;
    private static OpenAIClient openai;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        store.channels().create(ChannelDraft.of("openai", ApiType.OPENAI, wm.baseUrl() + "/v1",
                List.of("sk-test-reasoning-openai-key")));
        for (var model : List.of("o4-mini", "gpt-5-mini", "gpt-4o-mini")) {
            store.entries().add("openai", model, null, false);
        }
        store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, wm.baseUrl() + "/relay/v1",
                List.of("sk-test-reasoning-relay-key")).withOptions(Map.of(ReasoningOption.NAME, "never")));
        store.entries().add("relay", "gpt-5-mini", null, false);
        store.channels().create(ChannelDraft.of("azure", ApiType.AZURE, wm.baseUrl(),
                List.of("test-reasoning-azure-key")).withOptions(Map.of(ReasoningOption.NAME, "always")));
        store.entries().add("azure", "prod-reasoner", null, false);
        switchboard = Switchboard.start(store, "127.0.0.1", 0, "test", Clock.systemUTC());
        anthropic = AnthropicOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl())
                .apiKey("client-key-unused").maxRetries(0).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(switchboard.gateway().baseUrl() + "/v1")
                .apiKey("client-key-unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        anthropic.close();
        switchboard.close();
        store.close();
        wm.stop();
    }

    /**
     * Every Chat path answers; OpenAI's own and the Azure deployment refuse, for reasoning models, what the real
     * API refuses. The relay takes anything.
     */
    @BeforeEach
    void upstreams() {
        wm.resetAll();
        wm.stubFor(post(urlPathMatching(".*/chat/completions")).atPriority(10).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(ConversionMatrixTest.fixture("openai/responses/reasoning_cached_usage.json"))));
        wm.stubFor(post(urlPathEqualTo(OPENAI_PATH)).atPriority(10).withRequestBody(matchingJsonPath("$.stream",
                matching("true"))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(ConversionMatrixTest.fixture("openai/streams/openai_text_usage.sse"))));
        // max_tokens first: a request with both is told about it, the refusal this class is about.
        refuse(OPENAI_PATH, 1, "$.max_tokens", matching(".*"), MAX_TOKENS_REFUSED);
        refuse(OPENAI_PATH, 2, "$.temperature", notMatching("1(\\.0)?"), TEMPERATURE_REFUSED);
        refuse(AZURE_PATH, 1, "$.max_tokens", matching(".*"), MAX_TOKENS_REFUSED);
        refuse(AZURE_PATH, 2, "$.temperature", notMatching("1(\\.0)?"), TEMPERATURE_REFUSED);
    }

    private static void refuse(String path, int priority, String field, StringValuePattern value, String error) {
        var stub = post(urlPathEqualTo(path)).atPriority(priority).withRequestBody(matchingJsonPath(field, value));
        if (path.equals(OPENAI_PATH)) {
            // Only the reasoning models: gpt-4o-mini takes max_tokens and any temperature.
            stub = stub.withRequestBody(matchingJsonPath("$.model", matching("(o[0-9]|gpt-5).*")));
        }
        wm.stubFor(stub.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(error)));
    }

    private static JsonNode received(String path) {
        var events = wm.getAllServeEvents();
        assertEquals(1, events.size(), "requests the upstreams received");
        var request = events.get(0).getRequest();
        assertEquals(path, request.getUrl().replaceFirst("\\?.*", ""));
        try {
            return Mappers.JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(Message answer) {
        var text = new StringBuilder();
        answer.content().forEach(b -> b.text().ifPresent(t -> text.append(t.text())));
        return text.toString();
    }

    private static MessageCreateParams thinking(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(16000).enabledThinking(10000)
                .putAdditionalBodyProperty("temperature", TEMPERATURE)
                .addStopSequence("</review>").addUserMessage("How many Rs are in strawberry?").build();
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).maxTokens(300).temperature(0.2)
                .reasoningEffort(ReasoningEffort.MINIMAL).addUserMessage("How many Rs are in strawberry?").build();
    }

    @ParameterizedTest(name = "stream {0}")
    @ValueSource(booleans = {false, true})
    void anAnthropicClientsRequestReachesAReasoningModelWithMaxCompletionTokensAndAnEffort(boolean stream) {
        Message answer;
        if (stream) {
            var accumulator = MessageAccumulator.create();
            try (var s = anthropic.messages().createStreaming(thinking("openai/o4-mini"))) {
                s.stream().forEach(accumulator::accumulate);
            }
            answer = accumulator.message();
        } else {
            answer = anthropic.messages().create(thinking("openai/o4-mini"));
        }

        assertEquals(stream ? "M3 screws come in 6 to 20 mm." : ANSWER, text(answer));
        var sent = received(OPENAI_PATH);
        assertEquals("o4-mini", sent.get("model").asText());
        assertEquals(16000, sent.get("max_completion_tokens").asInt());
        assertEquals("medium", sent.get("reasoning_effort").asText(), "a budget of 10000 tokens");
        for (var refused : List.of("max_tokens", "temperature", "top_p", "stop")) {
            assertFalse(sent.has(refused), refused + " in " + sent);
        }
    }

    @Test
    void anOpenAiClientsMaxTokensReachesAReasoningModelAsMaxCompletionTokensWithItsEffortAsSent() {
        var answer = openai.chat().completions().create(chat("openai/gpt-5-mini"));

        assertEquals(ANSWER, answer.choices().get(0).message().content().orElseThrow());
        var sent = received(OPENAI_PATH);
        assertEquals(300, sent.get("max_completion_tokens").asInt());
        assertEquals("minimal", sent.get("reasoning_effort").asText(), "passed through as the client wrote it");
        assertFalse(sent.has("max_tokens"));
        assertFalse(sent.has("temperature"));
    }

    @Test
    void aModelThatDoesNotReasonStillGetsMaxTokensAndItsSampling() {
        openai.chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4o-mini")
                .maxTokens(300).temperature(0.2).addUserMessage("How many Rs are in strawberry?").build());
        var passedThrough = received(OPENAI_PATH);
        wm.resetRequests();
        anthropic.messages().create(MessageCreateParams.builder().model("openai/gpt-4o-mini").maxTokens(300)
                .putAdditionalBodyProperty("temperature", TEMPERATURE)
                .addUserMessage("How many Rs are in strawberry?").build());
        var converted = received(OPENAI_PATH);

        for (var sent : List.of(passedThrough, converted)) {
            assertEquals(300, sent.get("max_tokens").asInt(), sent.toString());
            assertEquals(0.2, sent.get("temperature").asDouble(), sent.toString());
            assertFalse(sent.has("max_completion_tokens"), sent.toString());
        }
    }

    @Test
    void aRelayChannelSetToNeverGetsMaxTokensForTheSameModel() {
        openai.chat().completions().create(chat("relay/gpt-5-mini"));
        var passedThrough = received(RELAY_PATH);
        wm.resetRequests();
        anthropic.messages().create(thinking("relay/gpt-5-mini"));
        var converted = received(RELAY_PATH);

        assertEquals(300, passedThrough.get("max_tokens").asInt());
        assertEquals(0.2, passedThrough.get("temperature").asDouble());
        assertEquals(16000, converted.get("max_tokens").asInt());
        assertEquals(0.2, converted.get("temperature").asDouble());
        for (var sent : List.of(passedThrough, converted)) {
            assertFalse(sent.has("max_completion_tokens"), sent.toString());
        }
    }

    @Test
    void anAzureDeploymentTheCatalogCannotNameIsAReasoningModelWhenItsChannelSaysAlways() {
        var answer = anthropic.messages().create(thinking("azure/prod-reasoner"));
        assertEquals(ANSWER, text(answer));
        var converted = received(AZURE_PATH);
        wm.resetRequests();
        openai.chat().completions().create(chat("azure/prod-reasoner"));
        var passedThrough = received(AZURE_PATH);

        assertEquals(16000, converted.get("max_completion_tokens").asInt());
        assertEquals("medium", converted.get("reasoning_effort").asText());
        assertEquals(300, passedThrough.get("max_completion_tokens").asInt());
        assertEquals("minimal", passedThrough.get("reasoning_effort").asText());
        for (var sent : List.of(passedThrough, converted)) {
            assertFalse(sent.has("max_tokens"), sent.toString());
            assertFalse(sent.has("temperature"), sent.toString());
        }
    }
}
