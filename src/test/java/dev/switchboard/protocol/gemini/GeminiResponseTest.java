package dev.switchboard.protocol.gemini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpResponse;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeminiResponseTest {
    private final GeminiCodec codec = GeminiCodec.create();
    private static GoogleSdk sdk;

    @BeforeAll
    static void startSdk() throws Exception {
        sdk = new GoogleSdk();
    }

    @AfterAll
    static void stopSdk() {
        sdk.close();
    }

    /** What the official SDK makes of a body we send a Gemini client, parsed alone and read through its client. */
    static GenerateContentResponse sdkResponse(JsonNode body) {
        var parsed = GenerateContentResponse.fromJson(body.toString());
        var read = sdk.generate(body);
        // compared as JSON: the parts hold signatures as byte arrays, which equals() compares by identity
        assertEquals(parsed.toBuilder().sdkHttpResponse(HttpResponse.builder().build()).build().toJson(),
                read.toBuilder().sdkHttpResponse(HttpResponse.builder().build()).build().toJson());
        return read;
    }

    @Test
    void decodesThoughtsTextAndFunctionCall() {
        var fixture = Fixtures.json("response-function-call.json");
        var r = codec.decodeResponse(fixture);
        assertEquals("q8QgafPNK-6Yz7IPz5e3uQ4", r.id());
        assertEquals("gemini-2.5-pro", r.model());
        assertEquals(List.of(
                new Part.Thinking(fixture.at("/candidates/0/content/parts/0/text").asText(), null, false),
                new Part.Text("I'll look up the current weather in Paris."),
                new Part.ToolCall("call_q8QgafPNK-6Yz7IPz5e3uQ4_1", "get_weather",
                        "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}",
                        fixture.at("/candidates/0/content/parts/2/thoughtSignature").asText())), r.parts());
        assertEquals(StopReason.TOOL_USE, r.stopReason(), "STOP with a function call");
        // promptTokenCount already holds the cached tokens; the output adds the thoughts to the candidates
        assertEquals(new Usage(4213L, 58L + 348, 3072L, null, 348L), r.usage());
    }

    @Test
    void encodesWhatTheSdkReadsBack() {
        var fixture = Fixtures.json("response-function-call.json");
        var body = codec.encodeResponse(codec.decodeResponse(fixture), "gemini-2.5-pro");
        var response = sdkResponse(body);
        assertEquals("I'll look up the current weather in Paris.", response.text());
        assertEquals(1, response.functionCalls().size());
        var call = response.functionCalls().get(0);
        assertEquals("get_weather", call.name().orElseThrow());
        assertEquals(Map.of("location", "Paris, France", "unit", "celsius"), call.args().orElseThrow());
        assertTrue(call.id().isEmpty(), "no id goes to a Gemini client");
        assertArrayEquals(Base64.getDecoder().decode(fixture.at("/candidates/0/content/parts/2/thoughtSignature")
                .asText()), response.parts().get(2).thoughtSignature().orElseThrow());
        assertTrue(response.parts().get(0).thought().orElseThrow());
        assertEquals(FinishReason.Known.STOP, response.finishReason().knownEnum());
        var usage = response.usageMetadata().orElseThrow();
        assertEquals(4213, usage.promptTokenCount().orElseThrow());
        assertEquals(58, usage.candidatesTokenCount().orElseThrow());
        assertEquals(348, usage.thoughtsTokenCount().orElseThrow());
        assertEquals(3072, usage.cachedContentTokenCount().orElseThrow());
        assertEquals(4619, usage.totalTokenCount().orElseThrow());
        assertEquals("gemini-2.5-pro", response.modelVersion().orElseThrow());
        assertEquals("q8QgafPNK-6Yz7IPz5e3uQ4", response.responseId().orElseThrow());
        // the body itself is the fixture without what is documented as dropped
        assertEquals(Fixtures.without(fixture, "promptTokensDetails", "cacheTokensDetails"),
                Fixtures.parse(body.toString()));
    }

    @Test
    void putsTextSignaturesBackWhereGeminiHadThem() {
        var fixture = Fixtures.json("response-text-signature.json");
        var r = codec.decodeResponse(fixture);
        var signature = fixture.at("/candidates/0/content/parts/1/thoughtSignature").asText();
        assertEquals(List.of(
                new Part.Thinking(fixture.at("/candidates/0/content/parts/0/text").asText(), null, false),
                new Part.Thinking("", signature, false),
                new Part.Text(fixture.at("/candidates/0/content/parts/1/text").asText())), r.parts());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(new Usage(25L, 592L, null, null, 412L), r.usage());
        var body = codec.encodeResponse(r, "gemini-3-pro-preview");
        assertEquals(Fixtures.without(fixture, "promptTokensDetails"), Fixtures.parse(body.toString()));
        var response = sdkResponse(body);
        assertEquals(fixture.at("/candidates/0/content/parts/1/text").asText(), response.text());
        assertArrayEquals(Base64.getDecoder().decode(signature),
                response.parts().get(1).thoughtSignature().orElseThrow());
    }

    @Test
    void keepsTheUsageArithmeticExact() {
        // OpenAI's convention: 1000 prompt tokens of which 800 cached, 120 completion tokens of which 20 reasoning
        var openAi = new ChatResponse("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "gpt-5", List.of(new Part.Text("hi")),
                StopReason.END_TURN, new Usage(1000L, 120L, 800L, null, 20L));
        var body = codec.encodeResponse(openAi, "gemini-2.5-flash");
        assertEquals(Fixtures.parse("{\"promptTokenCount\":1000,\"candidatesTokenCount\":100,"
                + "\"thoughtsTokenCount\":20,\"cachedContentTokenCount\":800,\"totalTokenCount\":1120}"),
                body.get("usageMetadata"));
        assertEquals(openAi.usage(), codec.decodeResponse(body).usage(), "and back, exactly");
        var usage = sdkResponse(body).usageMetadata().orElseThrow();
        assertEquals(100, usage.candidatesTokenCount().orElseThrow());

        // Anthropic's: the canonical input already holds what was read from and written to the cache
        var anthropic = new ChatResponse("msg_01", "claude", List.of(new Part.Text("hi")), StopReason.END_TURN,
                new Usage(1500L, 90L, 1000L, 400L, null));
        assertEquals(Fixtures.parse("{\"promptTokenCount\":1500,\"candidatesTokenCount\":90,"
                + "\"cachedContentTokenCount\":1000,\"totalTokenCount\":1590}"),
                codec.encodeResponse(anthropic, "g").get("usageMetadata"));

        var unknown = new ChatResponse(null, null, List.of(), StopReason.END_TURN, Usage.NONE);
        assertEquals(Fixtures.parse("{\"promptTokenCount\":0,\"totalTokenCount\":0}"),
                codec.encodeResponse(unknown, "g").get("usageMetadata"));
    }

    @Test
    void decodesCutOffAndBlockedAnswers() {
        var cut = codec.decodeResponse(Fixtures.json("response-max-tokens.json"));
        assertEquals(StopReason.MAX_TOKENS, cut.stopReason());
        assertEquals(List.of(new Part.Text("Once upon a time, in a valley where the rivers ran")), cut.parts());
        assertEquals(new Usage(12L, 2000L, null, null, 1986L), cut.usage());
        assertEquals(FinishReason.Known.MAX_TOKENS,
                sdkResponse(codec.encodeResponse(cut, "g")).finishReason().knownEnum());

        var unsafe = codec.decodeResponse(Fixtures.json("response-safety.json"));
        assertEquals(StopReason.CONTENT_FILTER, unsafe.stopReason());
        assertEquals(List.of(), unsafe.parts());
        assertEquals(new Usage(17L, null, null, null, null), unsafe.usage());
        var body = codec.encodeResponse(unsafe, "gemini-2.5-flash");
        assertFalse(body.at("/candidates/0").has("content"), "a blocked answer has no content, as Gemini's");
        var response = sdkResponse(body);
        assertEquals(FinishReason.Known.SAFETY, response.finishReason().knownEnum());
        assertThrows(IllegalArgumentException.class, response::text, "the SDK's own answer to a blocked response");

        var blocked = codec.decodeResponse(Fixtures.json("response-prompt-blocked.json"));
        assertEquals(StopReason.CONTENT_FILTER, blocked.stopReason());
        assertEquals(List.of(), blocked.parts());
        assertEquals(31L, blocked.usage().input());
        assertEquals("4r0gaamxBvOPz7IPp4e0uAc", blocked.id());
    }

    @Test
    void mapsFinishReasonsBothWays() {
        var cases = Map.of("STOP", StopReason.END_TURN, "MAX_TOKENS", StopReason.MAX_TOKENS,
                "SAFETY", StopReason.CONTENT_FILTER, "RECITATION", StopReason.CONTENT_FILTER,
                "BLOCKLIST", StopReason.CONTENT_FILTER, "PROHIBITED_CONTENT", StopReason.CONTENT_FILTER,
                "SPII", StopReason.CONTENT_FILTER, "MALFORMED_FUNCTION_CALL", StopReason.END_TURN,
                "OTHER", StopReason.END_TURN, "LANGUAGE", StopReason.END_TURN);
        for (var c : cases.entrySet()) {
            assertEquals(c.getValue(), Wire.finishReason(c.getKey()), c.getKey());
        }
        var out = Map.of(StopReason.END_TURN, "STOP", StopReason.TOOL_USE, "STOP", StopReason.STOP_SEQUENCE,
                "STOP", StopReason.REFUSAL, "STOP", StopReason.MAX_TOKENS, "MAX_TOKENS",
                StopReason.CONTENT_FILTER, "SAFETY");
        for (var c : out.entrySet()) {
            assertEquals(c.getValue(), Wire.finishReason(c.getKey()), c.getKey().name());
        }
    }

    @Test
    void encodesAnswersFromOtherProviders() {
        var anthropic = new ChatResponse("msg_01Aq9w938a90dw8q", "claude-sonnet-4-5", List.of(
                new Part.Thinking("The user wants the files listed.", "EqQBCkYIBxgCKkBa0YQ9s8Ql1w==", false),
                new Part.Thinking("", "EmwKAhgBEgy3va3pzix", true),
                new Part.Text("Listing the files."),
                new Part.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "Bash", "{\"command\":\"ls -la\"}", null)),
                StopReason.TOOL_USE, new Usage(2000L, 150L, 1200L, 300L, null));
        var body = codec.encodeResponse(anthropic, "gemini-2.5-pro");
        var response = sdkResponse(body);
        assertEquals("Listing the files.", response.text());
        assertEquals("Bash", response.functionCalls().get(0).name().orElseThrow());
        assertEquals(Map.of("command", "ls -la"), response.functionCalls().get(0).args().orElseThrow());
        assertTrue(response.parts().get(2).thoughtSignature().isEmpty(), "no stand-in signature for clients");
        assertEquals(3, response.parts().size(), "redacted thinking only Anthropic can read");
        assertEquals(FinishReason.Known.STOP, response.finishReason().knownEnum());
        assertEquals("gemini-2.5-pro", response.modelVersion().orElseThrow());
        assertEquals("msg_01Aq9w938a90dw8q", response.responseId().orElseThrow());

        var refusal = new ChatResponse(null, "gpt-5", List.of(new Part.Text("I can't help with that.")),
                StopReason.REFUSAL, Usage.NONE);
        var refused = sdkResponse(codec.encodeResponse(refusal, null));
        assertEquals("I can't help with that.", refused.text(), "the SDK shows a refusal's text");
        assertEquals(FinishReason.Known.STOP, refused.finishReason().knownEnum());
        assertEquals("gpt-5", refused.modelVersion().orElseThrow(), "the upstream's name when no other is known");
        assertFalse(refused.responseId().orElseThrow().isEmpty());
    }

    /**
     * OpenAI's encrypted reasoning (a Responses upstream's, carried as a thinking signature) is URL-safe base64; a
     * thoughtSignature is proto bytes, which Google's Java SDK refuses in that alphabet. It goes to a Gemini client
     * in the standard alphabet and comes back from it as OpenAI wrote it.
     */
    @Test
    void givesOpenAiEncryptedReasoningToAGeminiClientAsStandardBase64() throws Exception {
        var encrypted = "gAAAAADXciNqH2RxUBKrPW0SNqtNyB_lxifwt6SpXSRA4iP3dzi_8xhl4nwp_arVOSm0bv6DZ1ZrMltRF7hdBFaN"
                + "dXC0BGJUhJ9Lg_UQHPzryTr44BoVQ0UK58cuRcEh0WzZ6a3R8kJnJonrg5J-s1MWRw7MsC5s5RJE8AQ=";
        var openai = new ChatResponse("resp_0a1b2c", "gpt-5", List.of(
                new Part.Thinking("Checking the weather.", encrypted, false),
                new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}", null)),
                StopReason.TOOL_USE, Usage.NONE);

        var response = sdkResponse(codec.encodeResponse(openai, "via-responses"));

        var signature = response.parts().get(0).thoughtSignature().orElseThrow();
        assertArrayEquals(Base64.getUrlDecoder().decode(encrypted), signature, "the same bytes");
        var model = Fixtures.parse(response.candidates().orElseThrow().get(0).content().orElseThrow().toJson());
        var back = Fixtures.parse("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]},"
                + model + "]}");
        var thinking = codec.decodeRequest((com.fasterxml.jackson.databind.node.ObjectNode) back).messages().get(1)
                .parts().get(0);
        assertEquals(new Part.Thinking("Checking the weather.", encrypted, false), thinking);
    }

    @Test
    void refusesABodyThatIsNotAResponse() {
        assertThrows(IllegalArgumentException.class, () -> codec.decodeResponse(Fixtures.parse(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}")));
        assertThrows(IllegalArgumentException.class, () -> codec.decodeResponse(Fixtures.parse("[]")));
        assertEquals(new ChatResponse(null, null, List.of(), StopReason.END_TURN, Usage.NONE),
                codec.decodeResponse(Fixtures.parse("{}")));
    }

    @Test
    void encodesErrorsInGooglesShape() {
        var cases = Map.of("invalid_request", "INVALID_ARGUMENT", "authentication", "UNAUTHENTICATED",
                "permission", "PERMISSION_DENIED", "not_found", "NOT_FOUND", "rate_limit", "RESOURCE_EXHAUSTED",
                "overloaded", "UNAVAILABLE", "server_error", "INTERNAL", "upstream_error", "INTERNAL",
                "request_too_large", "INVALID_ARGUMENT");
        var statuses = Map.of("invalid_request", 400, "authentication", 401, "permission", 403, "not_found", 404,
                "rate_limit", 429, "overloaded", 503, "server_error", 500, "upstream_error", 502,
                "request_too_large", 413);
        for (var c : cases.entrySet()) {
            int status = statuses.get(c.getKey());
            var body = codec.encodeError(new ApiError(status, c.getKey(), "went wrong"));
            assertEquals(Fixtures.parse("{\"error\":{\"code\":" + status + ",\"message\":\"went wrong\",\"status\":\""
                    + c.getValue() + "\"}}"), body);
            var e = sdk.error(status, body);
            assertEquals(status, e.code());
            assertEquals(c.getValue(), e.status());
            assertEquals("went wrong", e.message());
            Class<?> kind = status < 500 ? ClientException.class : ServerException.class;
            assertInstanceOf(kind, e);
        }
        assertEquals("UNAVAILABLE", codec.encodeError(new ApiError(529, "mystery", "x")).at("/error/status").asText());
        assertEquals("", codec.encodeError(new ApiError(500, "server_error", null)).at("/error/message").asText());
    }

    @Test
    void readsUpstreamErrorMessages() {
        assertTrue(codec.errorMessage(Fixtures.json("error-rate-limit.json"))
                .startsWith("You exceeded your current quota"));
        assertEquals("quota", codec.errorMessage(Fixtures.parse("[{\"error\":{\"code\":429,\"message\":\"quota\"}}]")));
        assertNull(codec.errorMessage(Fixtures.json("response-function-call.json")));
        assertNull(codec.errorMessage(Fixtures.parse("{\"error\":\"nope\"}")));
        assertNull(codec.errorMessage(Fixtures.parse("{\"error\":{\"code\":500}}")));
        assertNull(codec.errorMessage(Fixtures.parse("[1]")));
        assertNull(codec.errorMessage(null));
    }
}
