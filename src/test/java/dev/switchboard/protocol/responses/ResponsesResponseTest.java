package dev.switchboard.protocol.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStatus;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesResponseTest {
    private final ResponsesCodec codec =
            new ResponsesCodec(Clock.fixed(Instant.ofEpochSecond(1_757_600_000L), ZoneOffset.UTC));

    /** The judge: what we answer a Responses client must parse and validate as the SDK's {@code Response}. */
    private static Response sdk(JsonNode body) throws Exception {
        return ObjectMappers.jsonMapper().readValue(Fixtures.JSON.writeValueAsString(body), Response.class).validate();
    }

    @Test
    void decodesReasoningAndMessageWithCachedAndReasoningTokens() {
        var body = Fixtures.json("responses/reasoning-message.json");
        var r = codec.decodeResponse(body);

        assertEquals("resp_68c1d3f0b2a08193a6c4e5d7f1029b3c0e6a2d4f8b1c3e57", r.id());
        assertEquals("gpt-5-2025-08-07", r.model());
        assertEquals(List.of(
                new Part.Thinking("**Counting letters**\n\nThe word is s-t-r-a-w-b-e-r-r-y: r appears at positions 3,"
                        + " 8 and 9.\n\n**Answering**\n\nThree Rs.", body.at("/output/0/encrypted_content").asText(),
                        false),
                new Part.Text("There are three “r”s in “strawberry”.")), r.parts());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(new Usage(1843L, 212L, 1536L, 307L, 192L), r.usage(), "input includes the cached tokens");
    }

    @Test
    void decodesFunctionCallsByTheirCallIds() {
        var body = Fixtures.json("responses/function-calls.json");
        var r = codec.decodeResponse(body);

        assertEquals(List.of(
                new Part.Thinking("", body.at("/output/0/encrypted_content").asText(), false),
                new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}", null),
                new Part.ToolCall("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_time", "{\"tz\":\"Europe/Oslo\"}", null)),
                r.parts(), "reasoning without a summary still carries what must come back");
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(new Usage(312L, 91L, 0L, null, 64L), r.usage());
    }

    @Test
    void decodesAnAnswerCutByMaxOutputTokens() {
        var r = codec.decodeResponse(Fixtures.json("responses/incomplete-max-output-tokens.json"));

        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
        assertEquals(List.of(new Part.Text("Once upon a time, in a harbour town far to the north,")), r.parts(),
                "an empty reasoning item without encrypted content says nothing");
        assertEquals(new Usage(19L, 64L, 0L, null, 48L), r.usage());
    }

    @Test
    void decodesARefusalAndAContentFilter() {
        var refusal = codec.decodeResponse(Fixtures.json("responses/refusal.json"));
        assertEquals(StopReason.REFUSAL, refusal.stopReason());
        assertEquals(List.of(new Part.Text("I'm sorry, but I can't help with that.")), refusal.parts());

        var filtered = Fixtures.json("responses/incomplete-max-output-tokens.json");
        filtered.putObject("incomplete_details").put("reason", "content_filter");
        assertEquals(StopReason.CONTENT_FILTER, codec.decodeResponse(filtered).stopReason());
    }

    @Test
    void encodesReasoningAndTextForTheSdk() throws Exception {
        var decoded = codec.decodeResponse(Fixtures.json("responses/reasoning-message.json"));
        var body = codec.encodeResponse(decoded, "gpt-5");
        var response = sdk(body);

        assertEquals("resp_68c1d3f0b2a08193a6c4e5d7f1029b3c0e6a2d4f8b1c3e57", response.id(), "an OpenAI id is kept");
        assertEquals("gpt-5", body.get("model").asText(), "the name the client asked for");
        assertEquals(1_757_600_000.0, response.createdAt());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertTrue(response.incompleteDetails().isEmpty());
        var output = response.output();
        assertEquals(2, output.size());
        var reasoning = output.get(0).asReasoning();
        assertTrue(reasoning.id().startsWith("rs_"));
        assertEquals(((Part.Thinking) decoded.parts().get(0)).text(), reasoning.summary().get(0).text());
        assertEquals(((Part.Thinking) decoded.parts().get(0)).signature(), reasoning.encryptedContent().orElseThrow());
        var message = output.get(1).asMessage();
        assertTrue(message.id().startsWith("msg_"));
        assertEquals("There are three “r”s in “strawberry”.", message.content().get(0).asOutputText().text());
        var usage = response.usage().orElseThrow();
        assertEquals(1843, usage.inputTokens());
        assertEquals(1536, usage.inputTokensDetails().cachedTokens());
        assertEquals(307, usage.inputTokensDetails().cacheWriteTokens());
        assertEquals(212, usage.outputTokens());
        assertEquals(192, usage.outputTokensDetails().reasoningTokens());
        assertEquals(2055, usage.totalTokens());
        assertEquals(decoded.parts(), codec.decodeResponse(codec.encodeResponse(decoded, "gpt-5")).parts());
    }

    @Test
    void encodesFunctionCallsWithTheCanonicalIdAsCallId() throws Exception {
        var answer = new ChatResponse("msg_01Fzr8pLbHg7WJgPt5Tcav2x", "claude-sonnet-4-5", List.of(
                new Part.Thinking("The user wants the weather.", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h", false),
                new Part.Thinking("", "EmwKAhgBEgy3va3pzix", true),
                new Part.Text("Let me check."),
                new Part.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "{\"city\":\"Paris\"}", null),
                new Part.ToolCall("toolu_01B", "get_time", "", null)),
                StopReason.TOOL_USE, new Usage(8L + 2113 + 18304, 142L, 18304L, 2113L, null));
        var body = codec.encodeResponse(answer, "claude-sonnet-4-5");
        var response = sdk(body);

        assertEquals("resp_msg_01Fzr8pLbHg7WJgPt5Tcav2x", response.id(), "the upstream's id behind resp_");
        var output = response.output();
        assertEquals(4, output.size(), "redacted thinking has no Responses form");
        assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3h", output.get(0).asReasoning().encryptedContent().orElseThrow(),
                "the signature rides as encrypted_content, so the client hands it back");
        var call = output.get(2).asFunctionCall();
        assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", call.callId());
        assertTrue(call.id().orElseThrow().startsWith("fc_"));
        assertEquals("get_weather", call.name());
        assertEquals("{\"city\":\"Paris\"}", call.arguments());
        assertEquals("{}", output.get(3).asFunctionCall().arguments());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals(18304 + 2113 + 8, response.usage().orElseThrow().inputTokens());
        assertEquals(18304, response.usage().orElseThrow().inputTokensDetails().cachedTokens());
        assertEquals(2113, response.usage().orElseThrow().inputTokensDetails().cacheWriteTokens(),
                "Anthropic's cache writes are part of input_tokens and named in its details");
        assertEquals(StopReason.TOOL_USE, codec.decodeResponse(body).stopReason());
    }

    @Test
    void encodesCutOffAnswersAsIncomplete() throws Exception {
        var decoded = codec.decodeResponse(Fixtures.json("responses/incomplete-max-output-tokens.json"));
        var response = sdk(codec.encodeResponse(decoded, "gpt-5-nano"));

        assertEquals(ResponseStatus.INCOMPLETE, response.status().orElseThrow());
        assertEquals(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS,
                response.incompleteDetails().orElseThrow().reason().orElseThrow());
        var filtered = new ChatResponse("x", "m", List.of(new Part.Text("Partial")), StopReason.CONTENT_FILTER, null);
        var body = codec.encodeResponse(filtered, "m");
        assertEquals(Response.IncompleteDetails.Reason.CONTENT_FILTER,
                sdk(body).incompleteDetails().orElseThrow().reason().orElseThrow());
        assertEquals(StopReason.CONTENT_FILTER, codec.decodeResponse(body).stopReason());
        assertEquals(0, body.at("/usage/total_tokens").asInt(), "unknown usage is reported as zero");
    }

    @Test
    void encodesARefusalAsARefusalPart() throws Exception {
        var decoded = codec.decodeResponse(Fixtures.json("responses/refusal.json"));
        var body = codec.encodeResponse(decoded, "gpt-4.1");
        var response = sdk(body);

        var content = response.output().get(0).asMessage().content().get(0);
        assertTrue(content.isRefusal());
        assertEquals("I'm sorry, but I can't help with that.", content.asRefusal().refusal());
        assertEquals(StopReason.REFUSAL, codec.decodeResponse(body).stopReason());
    }

    @Test
    void encodesErrorsInOpenAiShape() {
        var cases = List.of(
                List.of(new ApiError(400, "invalid_request", "`input` is required."), "invalid_request_error", ""),
                List.of(new ApiError(401, "authentication", "Invalid API key"), "authentication_error",
                        "invalid_api_key"),
                List.of(new ApiError(404, "not_found", "No model gpt-9"), "invalid_request_error", "model_not_found"),
                List.of(new ApiError(429, "rate_limit", "Slow down"), "rate_limit_error", "rate_limit_exceeded"),
                List.of(new ApiError(529, "overloaded", "Overloaded"), "server_error", "overloaded"),
                List.of(new ApiError(502, "upstream_error", "All channels failed"), "upstream_error", ""));
        for (var c : cases) {
            var error = (ApiError) c.get(0);
            var body = codec.encodeError(error).get("error");
            assertEquals(error.message(), body.get("message").asText());
            assertEquals(c.get(1), body.get("type").asText(), error.type());
            assertEquals(c.get(2), body.get("code").isNull() ? "" : body.get("code").asText(), error.type());
            assertTrue(body.has("param") && body.get("param").isNull());
        }
    }

    @Test
    void readsUpstreamErrorMessages() {
        assertEquals("Invalid 'input[3].call_id': string too long. Expected a string with maximum length 64, but got a"
                + " string with length 71 instead.",
                codec.errorMessage(Fixtures.json("responses/error-invalid-request.json")));
        assertTrue(codec.errorMessage(Fixtures.json("responses/failed.json")).startsWith("An error occurred while"
                + " processing your request."), "a failed response object carries its error");
        assertNull(codec.errorMessage(Fixtures.json("responses/reasoning-message.json")));
        assertNull(codec.errorMessage(Fixtures.parse("{\"error\":null}")));
        assertEquals("upstream timed out", codec.errorMessage(Fixtures.parse("{\"error\":\"upstream timed out\"}")));
        assertFalse(codec.errorMessage(Fixtures.parse("{\"error\":{\"code\":500}}")).isEmpty());
    }
}
