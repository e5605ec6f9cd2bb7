package dev.switchboard.protocol.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.ErrorResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesResponseTest {
    private final MessagesCodec codec = MessagesCodec.create();

    /** What the official SDK makes of a body we send an Anthropic client: it must parse and validate. */
    static Message sdkMessage(JsonNode body) throws Exception {
        return ObjectMappers.jsonMapper().readValue(body.toString(), Message.class).validate();
    }

    @Test
    void decodesThinkingTextAndToolUse() {
        var r = codec.decodeResponse(Fixtures.json("response-thinking-tool-use.json"));
        assertEquals("msg_01Aq9w938a90dw8q", r.id());
        assertEquals("claude-sonnet-4-5-20250929", r.model());
        assertEquals(dev.switchboard.protocol.StopReason.TOOL_USE, r.stopReason());
        assertEquals(3, r.parts().size());
        var thinking = (Part.Thinking) r.parts().get(0);
        assertTrue(thinking.signature().startsWith("EuYBCkQYAiJAgCs1le6"));
        assertEquals(new Part.Text("Let me check the current weather in Paris."), r.parts().get(1));
        assertEquals(new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
                "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}", null), r.parts().get(2));
        // canonical input includes what was read from and written to the cache
        assertEquals(new Usage(12L + 1536 + 20480, 190L, 20480L, 1536L, null), r.usage());
    }

    @Test
    void keepsCacheTokensOutOfAnthropicInputTokens() throws Exception {
        var fixture = Fixtures.json("response-thinking-tool-use.json");
        var usage = codec.encodeResponse(codec.decodeResponse(fixture), "claude-sonnet-4-5").get("usage");
        assertEquals(12, usage.get("input_tokens").asLong());
        assertEquals(20480, usage.get("cache_read_input_tokens").asLong());
        assertEquals(1536, usage.get("cache_creation_input_tokens").asLong());
        assertEquals(190, usage.get("output_tokens").asLong());

        // from an OpenAI upstream: prompt_tokens 1000 of which 800 cached
        var openAi = new ChatResponse("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "gpt-4.1",
                List.of(new Part.Text("hi")), dev.switchboard.protocol.StopReason.END_TURN,
                new Usage(1000L, 20L, 800L, null, 5L));
        var message = sdkMessage(codec.encodeResponse(openAi, "claude-sonnet-4-5"));
        assertEquals(200, message.usage().inputTokens());
        assertEquals(800L, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(0L, message.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(20, message.usage().outputTokens());
        assertEquals("msg_chatcmplB9MHDbslfkBeAs8l4bebGdFOJ6PeG", message.id());
        assertEquals("claude-sonnet-4-5", message.model().asString());
    }

    @Test
    void encodesWhatTheSdkReadsBack() throws Exception {
        var fixture = Fixtures.json("response-thinking-tool-use.json");
        var body = codec.encodeResponse(codec.decodeResponse(fixture), "claude-sonnet-4-5-20250929");
        var message = sdkMessage(body);
        assertEquals("msg_01Aq9w938a90dw8q", message.id());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        var content = message.content();
        assertEquals(fixture.at("/content/0/signature").asText(), content.get(0).asThinking().signature());
        assertEquals(fixture.at("/content/0/thinking").asText(), content.get(0).asThinking().thinking());
        assertEquals("Let me check the current weather in Paris.", content.get(1).asText().text());
        var toolUse = content.get(2).asToolUse();
        assertEquals("toolu_01A09q90qw90lq917835lq9", toolUse.id());
        assertEquals(Map.of("location", "Paris, France", "unit", "celsius"), toolUse._input().convert(Map.class));
        // the body itself is the fixture without what is documented as dropped
        var expected = fixture.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("usage")).remove(
                List.of("cache_creation", "service_tier"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/content/1")).remove("citations");
        assertEquals(expected, Fixtures.parse(body.toString()));
    }

    @Test
    void decodesRefusalAndMaxTokens() throws Exception {
        var refusal = codec.decodeResponse(Fixtures.json("response-refusal.json"));
        assertEquals(dev.switchboard.protocol.StopReason.REFUSAL, refusal.stopReason());
        assertEquals(new Usage(31L, 9L, 0L, 0L, null), refusal.usage());
        assertEquals(StopReason.REFUSAL, sdkMessage(codec.encodeResponse(refusal, "c")).stopReason().orElseThrow());

        var cut = codec.decodeResponse(Fixtures.json("response-max-tokens.json"));
        assertEquals(dev.switchboard.protocol.StopReason.MAX_TOKENS, cut.stopReason());
        assertEquals(List.of(new Part.Text("Here is a long story. Once upon a time, in a land far")), cut.parts());
        assertEquals(StopReason.MAX_TOKENS, sdkMessage(codec.encodeResponse(cut, "c")).stopReason().orElseThrow());
    }

    @Test
    void mapsStopReasonsBothWays() {
        for (var entry : Map.of("end_turn", "END_TURN", "max_tokens", "MAX_TOKENS", "stop_sequence",
                "STOP_SEQUENCE", "tool_use", "TOOL_USE", "refusal", "REFUSAL", "pause_turn", "END_TURN").entrySet()) {
            assertEquals(entry.getValue(), Wire.stopReason(entry.getKey()).name(), entry.getKey());
        }
        assertEquals("refusal", Wire.stopReason(dev.switchboard.protocol.StopReason.CONTENT_FILTER));
        assertEquals("tool_use", Wire.stopReason(dev.switchboard.protocol.StopReason.TOOL_USE));
    }

    @Test
    void givesThinkingWithoutSignatureAnEmptyOne() throws Exception {
        var gemini = new ChatResponse(null, "gemini-2.5-pro", List.of(new Part.Thinking("hmm", null, false),
                new Part.Thinking("", "opaque", true), new Part.Text("ok")),
                dev.switchboard.protocol.StopReason.CONTENT_FILTER, Usage.NONE);
        var message = sdkMessage(codec.encodeResponse(gemini, "claude-opus-4-1"));
        assertEquals("", message.content().get(0).asThinking().signature());
        assertEquals("opaque", message.content().get(1).asRedactedThinking().data());
        assertEquals(StopReason.REFUSAL, message.stopReason().orElseThrow());
        assertTrue(message.id().startsWith("msg_"));
        assertEquals(0, message.usage().inputTokens());
    }

    @Test
    void refusesABodyThatIsNotAMessage() {
        assertThrows(IllegalArgumentException.class, () -> codec.decodeResponse(Fixtures.parse(
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\"}]}")));
        assertThrows(IllegalArgumentException.class, () -> codec.decodeResponse(Fixtures.parse("[]")));
    }

    @Test
    void encodesErrorsInAnthropicsShape() throws Exception {
        var cases = Map.of("invalid_request", "invalid_request_error", "authentication", "authentication_error",
                "permission", "permission_error", "not_found", "not_found_error", "rate_limit", "rate_limit_error",
                "overloaded", "overloaded_error", "server_error", "api_error", "upstream_error", "api_error");
        for (var c : cases.entrySet()) {
            var body = codec.encodeError(new ApiError(500, c.getKey(), "went wrong"));
            var sdk = ObjectMappers.jsonMapper().readValue(body.toString(), ErrorResponse.class).validate();
            assertEquals(c.getValue(), body.at("/error/type").asText());
            assertEquals("went wrong", body.at("/error/message").asText());
            assertEquals("error", body.get("type").asText());
            assertTrue(sdk.error().isValid());
        }
        // request_too_large is Anthropic's own type for 413, though the SDK's union does not list it
        assertEquals(Fixtures.parse("{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\","
                + "\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}"),
                codec.encodeError(new ApiError(413, "request_too_large",
                        "Request exceeds the maximum allowed number of bytes.")));
        assertEquals("overloaded_error", codec.encodeError(new ApiError(529, "mystery", "x")).at("/error/type")
                .asText());
    }

    @Test
    void readsUpstreamErrorMessages() {
        assertEquals("Overloaded", codec.errorMessage(Fixtures.json("error-overloaded.json")));
        assertEquals("quota exceeded", codec.errorMessage(Fixtures.parse(
                "{\"error\":{\"message\":\"quota exceeded\",\"code\":429}}")));
        assertNull(codec.errorMessage(Fixtures.json("response-refusal.json")));
        assertNull(codec.errorMessage(Fixtures.parse("{\"error\":\"nope\"}")));
        assertNull(codec.errorMessage(Fixtures.parse("[1]")));
    }
}
