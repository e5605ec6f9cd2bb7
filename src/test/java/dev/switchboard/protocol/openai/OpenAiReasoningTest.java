package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.ClientCodec;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.ModelDialect;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.anthropic.MessagesCodec;
import dev.switchboard.protocol.gemini.GeminiCodec;
import dev.switchboard.protocol.responses.ResponsesCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What OpenAI's reasoning models get on a Chat Completions upstream (fixtures under
 * {@code fixtures/openai/reasoning/}): converted requests from every client protocol, and a Chat client's own body
 * passed through, against the same requests for a model of the standard form.
 */
class OpenAiReasoningTest {
    private final ChatCompletionsCodec chat = ChatCompletionsCodec.create();

    private static ChatRequest decoded(ClientCodec codec, String fixture, String model) throws ProtocolException {
        return codec.decodeRequest(Fixtures.json("reasoning/" + fixture)).withModel(model);
    }

    /** The OpenAI SDK's own request model must take what goes upstream. */
    private static void assertAcceptedBySdk(ObjectNode body) {
        try {
            ObjectMappers.jsonMapper().readValue(Fixtures.JSON.writeValueAsString(body),
                    ChatCompletionCreateParams.Body.class).validate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode forReasoningModel(ChatRequest request) {
        var body = chat.encodeRequest(request, ModelDialect.OPENAI_REASONING);
        assertAcceptedBySdk(body);
        return body;
    }

    @Test
    void anAnthropicThinkingBudgetBecomesAnEffortLevelAndItsSamplingAndStopSequencesStayBehind() throws ProtocolException {
        var request = decoded(MessagesCodec.create(), "messages_thinking_budget.json", "o3");

        assertEquals(Fixtures.json("reasoning/messages_thinking_budget.chat.json"), forReasoningModel(request));
    }

    @Test
    void adaptiveThinkingAtAnthropicsMaxEffortIsTheHighestLevelEveryReasoningModelTakes() throws ProtocolException {
        var request = decoded(MessagesCodec.create(), "messages_adaptive_stream.json", "gpt-5");

        assertEquals(Fixtures.json("reasoning/messages_adaptive_stream.chat.json"), forReasoningModel(request));
    }

    @Test
    void geminiWithThinkingOffAsksForTheLeastEffortAndLosesItsSampling() throws ProtocolException {
        var request = decoded(GeminiCodec.create(), "gemini_thinking_off.json", "gpt-5-mini");

        assertEquals(Fixtures.json("reasoning/gemini_thinking_off.chat.json"), forReasoningModel(request));
    }

    @Test
    void aResponsesClientsMinimalEffortBecomesLowWhichEveryReasoningModelTakes() throws ProtocolException {
        var request = decoded(ResponsesCodec.create(), "responses_minimal_effort.json", "o4-mini");

        assertEquals(Fixtures.json("reasoning/responses_minimal_effort.chat.json"), forReasoningModel(request));
    }

    @Test
    void aModelOfTheStandardFormStillGetsMaxTokensSamplingAndStopAsBefore() throws ProtocolException {
        var request = decoded(MessagesCodec.create(), "messages_thinking_budget.json", "gpt-4o");

        var body = chat.encodeRequest(request, ModelDialect.STANDARD);

        assertAcceptedBySdk(body);
        assertEquals(body, chat.encodeRequest(request), "the dialect-less encoder is the standard one");
        assertEquals(16000, body.get("max_tokens").asInt(), "every relay knows max_tokens");
        assertFalse(body.has("max_completion_tokens"));
        assertEquals(1.0, body.get("temperature").asDouble());
        assertEquals("</review>", body.get("stop").get(0).asText());
        assertFalse(body.has("reasoning_effort"), "a budget has no Chat field of its own");
    }

    @Test
    void aRequestWithoutLimitOrThinkingGetsNeitherField() throws ProtocolException {
        var request = new ChatRequest("o3", List.of(), List.of(Message.user("Hi")), List.of(), null, null, null,
                0.7, null, null, List.of(), false, null, null, null);

        var body = forReasoningModel(request);

        assertFalse(body.has("max_tokens"));
        assertFalse(body.has("max_completion_tokens"));
        assertFalse(body.has("temperature"));
        assertFalse(body.has("reasoning_effort"), "the model's own default effort");
    }

    @ParameterizedTest(name = "effort {0}, budget {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "low, null, low", "medium, null, medium", "high, null, high",
            "none, null, low", "minimal, null, low", "xhigh, null, high", "max, null, high",
            "null, 0, low", "null, 1024, low", "null, 4095, low", "null, 4096, medium", "null, 16383, medium",
            "null, 16384, high", "null, 32000, high", "null, -1, null", "null, null, null",
            "high, 1024, high"})
    void effortLevelsAndBudgetsBecomeALevelEveryReasoningModelTakes(String effort, Integer budget, String expected) {
        var request = new ChatRequest("o3", List.of(), List.of(Message.user("Hi")), List.of(), null, null, null,
                null, null, null, List.of(), false, effort, budget, null);

        assertEquals(expected, OpenAiReasoning.effort(request));
    }

    // ---- passthrough ----

    private byte[] passedThrough(ObjectNode body, String model, ModelDialect dialect) throws ProtocolException {
        var head = chat.head(body, null, null);
        return chat.passthrough(body, head, ClientHeaders.NONE).body(model, dialect);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Fixtures.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aChatClientsMaxTokensGoesAsMaxCompletionTokensAndTheSamplingAReasoningModelRefusesStaysBehind() throws ProtocolException {
        var sent = Fixtures.json("reasoning/chat_client_for_any_model.json");

        var upstream = parse(passedThrough(sent, "o3", ModelDialect.OPENAI_REASONING));

        assertEquals(Fixtures.json("reasoning/chat_client_for_any_model.mended.json"), upstream);
        assertEquals(Fixtures.json("reasoning/chat_client_for_any_model.json"), sent, "the client's body untouched");
    }

    @Test
    void aChatClientsBodyForAModelOfTheStandardFormGoesOnAsSent() throws ProtocolException {
        var sent = Fixtures.json("reasoning/chat_client_for_any_model.json");

        var upstream = (ObjectNode) parse(passedThrough(sent, "gpt-4o", ModelDialect.STANDARD));

        var expected = sent.deepCopy();
        expected.put("model", "gpt-4o");
        expected.putObject("stream_options").put("include_usage", true);
        assertEquals(expected, upstream);
        assertEquals(upstream, parse(chat.passthrough(sent, chat.head(sent, null, null), ClientHeaders.NONE)
                .body("gpt-4o")), "the dialect-less body is the standard one");
    }

    @Test
    void aChatClientsReasoningEffortAndItsOwnMaxCompletionTokensAreKeptAsSent() throws ProtocolException {
        var sent = Fixtures.json("reasoning/chat_client_for_any_model.json");
        sent.put("reasoning_effort", "minimal");
        sent.put("max_completion_tokens", 4000);

        var upstream = parse(passedThrough(sent, "gpt-5-mini", ModelDialect.OPENAI_REASONING));

        assertEquals("minimal", upstream.get("reasoning_effort").asText(), "the client's level, whatever it is");
        assertEquals(4000, upstream.get("max_completion_tokens").asInt(), "the client's own field wins");
        assertFalse(upstream.has("max_tokens"));
    }

    @Test
    void aChatClientThatTurnedReasoningOffKeepsItsSampling() throws ProtocolException {
        // GPT-5.1 and later take sampling with reasoning_effort "none": the client asked for exactly that.
        var sent = Fixtures.json("reasoning/chat_client_for_any_model.json");
        sent.put("reasoning_effort", "none");

        var upstream = parse(passedThrough(sent, "gpt-5.1", ModelDialect.OPENAI_REASONING));

        assertEquals(0, upstream.get("temperature").asInt());
        assertEquals(8192, upstream.get("max_completion_tokens").asInt());
        assertNull(upstream.get("max_tokens"));
    }
}
