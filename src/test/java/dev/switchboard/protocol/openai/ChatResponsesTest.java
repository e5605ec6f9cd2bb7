package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponsesTest {
    private final ChatCompletionsCodec codec =
            new ChatCompletionsCodec(Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC));

    /** What a Chat client's SDK makes of the body we answer with; validate() checks every required field. */
    private static ChatCompletion parsedBySdk(JsonNode body) throws Exception {
        return ObjectMappers.jsonMapper().readValue(Fixtures.JSON.writeValueAsString(body), ChatCompletion.class)
                .validate();
    }

    @Test
    void decodesTextAnswer() {
        var response = codec.decodeResponse(Fixtures.json("responses/text.json"));

        assertEquals("chatcmpl-BxQ3n4ZkLmR8sT1uV2wX5yA9bC0dE", response.id());
        assertEquals("gpt-4o-mini-2024-07-18", response.model());
        assertEquals(List.of(new Part.Text("M3 screws come in 6, 8, 10, 12, 16 and 20 mm.")), response.parts());
        assertEquals(StopReason.END_TURN, response.stopReason());
        assertEquals(new Usage(57L, 19L, 0L, null, 0L), response.usage());
    }

    @Test
    void decodesParallelToolCallsWithTheirIds() {
        var response = codec.decodeResponse(Fixtures.json("responses/tool_calls.json"));

        assertEquals(List.of(
                new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}", null),
                new Part.ToolCall("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_weather", "{\"city\":\"Bergen\"}", null)),
                response.parts());
        assertEquals(StopReason.TOOL_USE, response.stopReason());
    }

    @Test
    void givesToolCallsWithoutIdsAnIdAndTrustsTheCallsOverStop() {
        var body = Fixtures.json("responses/tool_calls.json");
        ((ObjectNode) body.at("/choices/0")).put("finish_reason", "stop"); // as Gemini's compatibility layer says
        ((ObjectNode) body.at("/choices/0/message/tool_calls/0")).remove("id");

        var response = codec.decodeResponse(body);
        var call = (Part.ToolCall) response.parts().get(0);
        assertTrue(call.id().startsWith("call_"), call.id());
        assertEquals(StopReason.TOOL_USE, response.stopReason());
    }

    @Test
    void decodesRefusalAsTextThatStopsWithRefusal() {
        var response = codec.decodeResponse(Fixtures.json("responses/refusal.json"));

        assertEquals(List.of(new Part.Text("I'm sorry, I can't help with that.")), response.parts());
        assertEquals(StopReason.REFUSAL, response.stopReason());
    }

    @Test
    void mapsLengthToMaxTokens() {
        var response = codec.decodeResponse(Fixtures.json("responses/length.json"));

        assertEquals(StopReason.MAX_TOKENS, response.stopReason());
        assertEquals(List.of(new Part.Text("Once upon a time, in a village by the")), response.parts());
    }

    @Test
    void mapsContentFilter() {
        var response = codec.decodeResponse(Fixtures.json("responses/content_filter.json"));

        assertEquals(StopReason.CONTENT_FILTER, response.stopReason());
        assertEquals(new Usage(20L, 6L, null, null, null), response.usage());
    }

    @Test
    void keepsCachedTokensInPromptTokens() {
        var response = codec.decodeResponse(Fixtures.json("responses/reasoning_cached_usage.json"));

        // prompt_tokens already includes the cached ones, as canonical input does; reasoning is part of output
        assertEquals(new Usage(2314L, 405L, 2048L, null, 384L), response.usage());
        assertEquals(2314L - 2048L, response.usage().uncachedInput());

        var encoded = codec.encodeResponse(response, "my-model");
        assertEquals(2314, encoded.at("/usage/prompt_tokens").asInt());
        assertEquals(2048, encoded.at("/usage/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(384, encoded.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals(2719, encoded.at("/usage/total_tokens").asInt());
    }

    @Test
    void readsReasoningContentAsThinkingBeforeTheText() {
        var response = codec.decodeResponse(Fixtures.json("responses/deepseek_reasoning.json"));

        assertEquals(List.of(new Part.Thinking("s-t-r-a-w-b-e-r-r-y: r at 3, 8 and 9. Three.", null, false),
                new Part.Text("There are three Rs in \"strawberry\".")), response.parts());
        assertEquals(new Usage(21L, 64L, 0L, null, 51L), response.usage());
    }

    @Test
    void encodesTextAnswerTheSdkAccepts() throws Exception {
        var response = new ChatResponse("msg_01XYZ", "claude-sonnet-4", List.of(
                new Part.Thinking("Short answer.", "sig-abc", false), new Part.Text("Hello"), new Part.Text(" there")),
                StopReason.END_TURN, new Usage(30L, 12L, 10L, 5L, null));

        var body = codec.encodeResponse(response, "auto");
        var completion = parsedBySdk(body);

        assertEquals("chatcmpl-msg_01XYZ", completion.id());
        assertEquals("auto", completion.model(), "the model the client asked for");
        assertEquals(1_760_000_000L, completion.created());
        var choice = completion.choices().get(0);
        assertEquals("Hello there", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        assertEquals("Short answer.", body.at("/choices/0/message/reasoning_content").asText());
        var usage = completion.usage().orElseThrow();
        assertEquals(30, usage.promptTokens());
        assertEquals(12, usage.completionTokens());
        assertEquals(42, usage.totalTokens());
        assertEquals(10, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    }

    @Test
    void encodesToolCallsWithNullContent() throws Exception {
        var response = codec.decodeResponse(Fixtures.json("responses/tool_calls.json"));

        var completion = parsedBySdk(codec.encodeResponse(response, "gpt-4.1"));
        var message = completion.choices().get(0).message();
        assertTrue(message.content().isEmpty());
        var calls = message.toolCalls().orElseThrow();
        assertEquals(2, calls.size());
        var second = calls.get(1).asFunction();
        assertEquals("call_Jh2vRt5uX9oP1qS6wE3yN8dF", second.id());
        assertEquals("get_weather", second.function().name());
        assertEquals("{\"city\":\"Bergen\"}", second.function().arguments());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, completion.choices().get(0).finishReason());
    }

    @Test
    void encodesRefusalInTheRefusalField() throws Exception {
        var response = codec.decodeResponse(Fixtures.json("responses/refusal.json"));

        var message = parsedBySdk(codec.encodeResponse(response, "gpt-4o")).choices().get(0).message();
        assertEquals("I'm sorry, I can't help with that.", message.refusal().orElseThrow());
        assertTrue(message.content().isEmpty());
    }

    @Test
    void encodesMaxTokensAndContentFilterFinishReasons() throws Exception {
        var length = codec.decodeResponse(Fixtures.json("responses/length.json"));
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH,
                parsedBySdk(codec.encodeResponse(length, "m")).choices().get(0).finishReason());
        var filtered = codec.decodeResponse(Fixtures.json("responses/content_filter.json"));
        assertEquals(ChatCompletion.Choice.FinishReason.CONTENT_FILTER,
                parsedBySdk(codec.encodeResponse(filtered, "m")).choices().get(0).finishReason());
    }

    @Test
    void answersWithoutAnyUsageStillCarryZeroedUsage() throws Exception {
        var response = new ChatResponse(null, null, List.of(new Part.Text("ok")), StopReason.STOP_SEQUENCE, null);

        var completion = parsedBySdk(codec.encodeResponse(response, "m"));
        assertTrue(completion.id().startsWith("chatcmpl-"));
        assertEquals(0, completion.usage().orElseThrow().totalTokens());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    }

    @Test
    void readsErrorMessagesAndOnlyFromErrorBodies() {
        assertEquals("Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000,"
                + " Used 29874, Requested 512. Please try again in 772ms.",
                codec.errorMessage(Fixtures.json("responses/error.json")));
        assertNull(codec.errorMessage(Fixtures.json("responses/text.json")));
        assertEquals("upstream is down", codec.errorMessage(Fixtures.JSON.createObjectNode().put("error", "upstream is down")));
        assertFalse(codec.errorMessage(Fixtures.JSON.createObjectNode().set("error",
                Fixtures.JSON.createObjectNode().put("code", 500))).isEmpty());
    }
}
