package dev.switchboard.protocol.gemini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.errors.ServerException;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeminiStreamTest {
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

    private ChatResponse collect(String fixture) throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes(fixture), decoder);
        assertTrue(decoder.finished(), "the chunk with the finish reason was seen");
        return Streams.collect(events);
    }

    /** A value from the {@code n}th chunk of a recorded stream. */
    private static String at(String fixture, int n, String pointer) throws IOException {
        return Fixtures.parse(Fixtures.events(Fixtures.bytes(fixture)).get(n).data()).at(pointer).asText();
    }

    /**
     * The judge: every chunk must be an SSE event without a name whose data the official SDK parses as a
     * GenerateContentResponse, and the SDK's own client must read the whole stream off the wire.
     */
    static List<GenerateContentResponse> sdkChunks(List<SseEvent> events) {
        for (var e : events) {
            assertNull(e.event(), "Gemini's SSE has no event names");
            GenerateContentResponse.fromJson(e.data());
        }
        var chunks = sdk.stream(Fixtures.wire(events));
        assertEquals(events.size(), chunks.size());
        return chunks;
    }

    private List<SseEvent> encode(List<StreamEvent> canonical, String model) {
        return Fixtures.encode(canonical, codec.streamEncoder(model));
    }

    /** The text of all chunks' non-thought parts, as an SDK user concatenates {@code text()}. */
    private static String text(List<GenerateContentResponse> chunks, boolean thoughts) {
        var sb = new StringBuilder();
        for (var c : chunks) {
            for (var p : c.parts() == null ? List.<com.google.genai.types.Part>of() : c.parts()) {
                if (p.thought().orElse(false) == thoughts) {
                    sb.append(p.text().orElse(""));
                }
            }
        }
        return sb.toString();
    }

    // --- decoding a Gemini upstream's stream ---

    @Test
    void decodesThoughtsAndText() throws IOException {
        var r = collect("stream-thinking-text.sse");
        assertEquals("Ll3SaMGsBZm-1dkP4qyq2Q4", r.id());
        assertEquals("gemini-2.5-flash", r.model());
        assertEquals(List.of(
                new Part.Thinking("**Understanding the question**\n\nThe user wants to know why the sky is blue. "
                        + "I'll explain Rayleigh scattering in two sentences.\n\n", null, false),
                // Gemini 2.5 puts the signature on the first part after the thoughts
                new Part.Thinking("", at("stream-thinking-text.sse", 2,
                        "/candidates/0/content/parts/0/thoughtSignature"), false),
                new Part.Text("The sky looks blue because sunlight scatters off the molecules of the air, and short "
                        + "blue wavelengths scatter far more than red ones, so blue light reaches your eyes from "
                        + "every direction.")), r.parts());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(new Usage(9L, 41L + 397, null, null, 397L), r.usage());
    }

    @Test
    void decodesFunctionCallsWhole() throws IOException {
        var r = collect("stream-function-call.sse");
        assertEquals(List.of(
                new Part.Thinking("**Planning the lookup**\n\nThe user wants the weather in two cities; I'll call "
                        + "`get_weather` for each.\n\n", null, false),
                new Part.Text("I'll check both cities."),
                new Part.ToolCall("call_nsQgaYDXFv6Yz7IP37-0qQ4_1", "get_weather",
                        "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}",
                        at("stream-function-call.sse", 2, "/candidates/0/content/parts/0/thoughtSignature")),
                new Part.ToolCall("call_nsQgaYDXFv6Yz7IP37-0qQ4_2", "get_weather",
                        "{\"location\":\"London, UK\",\"unit\":\"celsius\"}", null)), r.parts());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        // the usage chunk after the finishing one still counts
        assertEquals(new Usage(4213L, 44L + 210, 3072L, null, 210L), r.usage());
    }

    @Test
    void sendsEachFunctionCallAsOneBlock() throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.events(Fixtures.bytes("stream-function-call.sse"));
        var raw = decoder.decode(events.get(2));
        var signature = at("stream-function-call.sse", 2, "/candidates/0/content/parts/0/thoughtSignature");
        assertEquals(List.of(
                new StreamEvent.BlockStart(0, StreamEvent.BlockKind.TOOL_CALL, "call_nsQgaYDXFv6Yz7IP37-0qQ4_1",
                        "get_weather", signature),
                new StreamEvent.ToolArgumentsDelta(0, "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, StreamEvent.BlockKind.TOOL_CALL, "call_nsQgaYDXFv6Yz7IP37-0qQ4_2",
                        "get_weather", null),
                new StreamEvent.ToolArgumentsDelta(1, "{\"location\":\"London, UK\",\"unit\":\"celsius\"}"),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Usage(new Usage(4213L, 250L, 3072L, null, 210L)),
                new StreamEvent.Finish(StopReason.TOOL_USE)), raw.subList(1, raw.size()));
        assertEquals(new StreamEvent.Start("nsQgaYDXFv6Yz7IP37-0qQ4", "gemini-2.5-pro"), raw.get(0));
        assertTrue(decoder.finished());
        assertEquals(List.of(new StreamEvent.Usage(new Usage(4213L, 254L, 3072L, null, 210L))),
                decoder.decode(events.get(3)));
        assertEquals(List.of(), decoder.decode(SseEvent.of(null, "not json after the end")));
    }

    @Test
    void decodesGemini3Signatures() throws IOException {
        var r = collect("stream-gemini3.sse");
        assertEquals(List.of(
                new Part.Thinking("**Picking an example**\n\nA short haiku about autumn rain; keep it to 5-7-5.\n\n",
                        at("stream-gemini3.sse", 1, "/candidates/0/content/parts/0/thoughtSignature"), false),
                new Part.Text("Cold rain on the eaves,\nmaple leaves sink in puddles,\nthe gutter hums low."),
                // the signature Gemini 3 sends on an empty last part
                new Part.Thinking("", at("stream-gemini3.sse", 4, "/candidates/0/content/parts/0/thoughtSignature"),
                        false)), r.parts());
        assertEquals(new Usage(14L, 22L + 153, null, null, 153L), r.usage());
        assertEquals("gemini-3-pro-preview", r.model());
    }

    @Test
    void decodesAnErrorChunk() throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes("stream-error.sse"), decoder);
        assertTrue(decoder.finished());
        assertEquals(new StreamEvent.Error("overloaded", "The model is overloaded. Please try again later."),
                events.get(events.size() - 1));
        assertFalse(events.stream().anyMatch(StreamEvent.Finish.class::isInstance));
        assertEquals(List.of(new Part.Text("The first step is to measure the flour")), Streams.collect(events).parts());
    }

    @Test
    void mapsErrorStatuses() throws IOException {
        var cases = Map.of("\"status\":\"RESOURCE_EXHAUSTED\",\"code\":429", "rate_limit",
                "\"status\":\"UNAVAILABLE\",\"code\":503", "overloaded",
                "\"status\":\"INTERNAL\",\"code\":500", "server_error",
                "\"status\":\"INVALID_ARGUMENT\",\"code\":400", "invalid_request",
                "\"status\":\"PERMISSION_DENIED\",\"code\":403", "permission",
                "\"status\":\"UNAUTHENTICATED\",\"code\":401", "authentication",
                "\"status\":\"NOT_FOUND\",\"code\":404", "not_found",
                "\"status\":\"DEADLINE_EXCEEDED\",\"code\":504", "server_error",
                "\"code\":429", "rate_limit",
                "\"status\":\"SOMETHING_NEW\",\"code\":418", "upstream_error");
        for (var c : cases.entrySet()) {
            var out = codec.streamDecoder().decode(SseEvent.of(null, "{\"error\":{" + c.getKey()
                    + ",\"message\":\"m\"}}"));
            assertEquals(List.of(new StreamEvent.Error(c.getValue(), "m")), out, c.getKey());
        }
    }

    @Test
    void decodesABlockedPrompt() throws IOException {
        var r = collect("stream-blocked.sse");
        assertEquals(StopReason.CONTENT_FILTER, r.stopReason());
        assertEquals(List.of(), r.parts());
        assertEquals(31L, r.usage().input());
    }

    @Test
    void readsLineFeedsAsCrlf() throws IOException {
        for (var fixture : List.of("stream-thinking-text.sse", "stream-function-call.sse", "stream-gemini3.sse")) {
            var lf = Fixtures.text(fixture).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            var r = Streams.collect(Fixtures.normalized(lf, codec.streamDecoder()));
            assertEquals(collect(fixture), r, fixture);
        }
    }

    @Test
    void refusesMalformedChunks() throws IOException {
        var decoder = codec.streamDecoder();
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of(null, "{\"candidates\":")));
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of(null, "[{\"candidates\":[]}]")));
        assertEquals(List.of(), decoder.decode(SseEvent.of(null, "[DONE]")));
        assertEquals(List.of(), decoder.decode(new SseEvent(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8),
                null, null)));
        assertFalse(decoder.finished());
    }

    // --- encoding for a Gemini client, judged by the official SDK ---

    @Test
    void encodesAStreamTheSdkReads() throws IOException {
        var canonical = Fixtures.normalized(Fixtures.bytes("stream-function-call.sse"), codec.streamDecoder());
        var events = encode(canonical, "gemini-2.5-pro");
        var chunks = sdkChunks(events);
        assertEquals("**Planning the lookup**\n\nThe user wants the weather in two cities; I'll call `get_weather` "
                + "for each.\n\n", text(chunks, true));
        assertEquals("I'll check both cities.", text(chunks, false));
        var calls = new ArrayList<com.google.genai.types.FunctionCall>();
        chunks.forEach(c -> calls.addAll(c.functionCalls() == null ? List.of() : c.functionCalls()));
        assertEquals(2, calls.size());
        assertEquals(Map.of("location", "Paris, France", "unit", "celsius"), calls.get(0).args().orElseThrow());
        assertEquals(Map.of("location", "London, UK", "unit", "celsius"), calls.get(1).args().orElseThrow());
        var signed = chunks.stream().filter(c -> c.functionCalls() != null && !c.functionCalls().isEmpty()).toList();
        assertArrayEquals(Base64.getDecoder().decode(at("stream-function-call.sse", 2,
                "/candidates/0/content/parts/0/thoughtSignature")),
                signed.get(0).parts().get(0).thoughtSignature().orElseThrow(), "the signature rides on its call");
        assertTrue(signed.get(1).parts().get(0).thoughtSignature().isEmpty());
        var last = chunks.get(chunks.size() - 1);
        assertEquals(FinishReason.Known.STOP, last.finishReason().knownEnum());
        var usage = last.usageMetadata().orElseThrow();
        assertEquals(4213, usage.promptTokenCount().orElseThrow());
        assertEquals(44, usage.candidatesTokenCount().orElseThrow());
        assertEquals(210, usage.thoughtsTokenCount().orElseThrow());
        assertEquals(3072, usage.cachedContentTokenCount().orElseThrow());
        assertEquals(4213 + 44 + 210, usage.totalTokenCount().orElseThrow());
        for (var c : chunks) {
            assertEquals("gemini-2.5-pro", c.modelVersion().orElseThrow());
            assertEquals("nsQgaYDXFv6Yz7IP37-0qQ4", c.responseId().orElseThrow());
        }
        var first = new String(events.get(0).raw(), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("data: {\"candidates\":[{\"content\":{\"parts\":[") && first.endsWith("}\n\n"),
                first);
    }

    /** Encoded for a Gemini client and decoded again, a Gemini stream says what it said. */
    @Test
    void roundTripsGeminiStreams() throws IOException {
        for (var fixture : List.of("stream-thinking-text.sse", "stream-function-call.sse", "stream-gemini3.sse",
                "stream-blocked.sse")) {
            var original = collect(fixture);
            var canonical = Fixtures.normalized(Fixtures.bytes(fixture), codec.streamDecoder());
            var wire = Fixtures.wire(encode(canonical, original.model()));
            var again = Streams.collect(Fixtures.normalized(wire, codec.streamDecoder()));
            assertEquals(original, again, fixture);
        }
    }

    @Test
    void encodesThoughtsWithTheirSignatures() throws IOException {
        var canonical = Fixtures.normalized(Fixtures.bytes("stream-gemini3.sse"), codec.streamDecoder());
        var chunks = sdkChunks(encode(canonical, "gemini-3-pro-preview"));
        assertEquals("**Picking an example**\n\nA short haiku about autumn rain; keep it to 5-7-5.\n\n",
                text(chunks, true));
        var lastThought = chunks.stream().flatMap(c -> c.parts().stream())
                .filter(p -> p.thought().orElse(false)).reduce((a, b) -> b).orElseThrow();
        assertArrayEquals(Base64.getDecoder().decode(at("stream-gemini3.sse", 1,
                "/candidates/0/content/parts/0/thoughtSignature")), lastThought.thoughtSignature().orElseThrow());
        // Gemini 3's last-part signature comes with the finish, on an empty text part as Gemini sends it
        var last = chunks.get(chunks.size() - 1);
        assertEquals(FinishReason.Known.STOP, last.finishReason().knownEnum());
        assertEquals("", last.parts().get(0).text().orElseThrow());
        assertArrayEquals(Base64.getDecoder().decode(at("stream-gemini3.sse", 4,
                "/candidates/0/content/parts/0/thoughtSignature")),
                last.parts().get(0).thoughtSignature().orElseThrow());
    }

    /** What an Anthropic upstream's decoder produces: signed thinking, text, a tool call streamed in pieces. */
    @Test
    void encodesAnAnthropicShapedStream() {
        var canonical = Fixtures.normalized(List.of(
                new StreamEvent.Start("msg_01Fzr8pLbHg7WJgPt5Tcav2x", "claude-sonnet-4-5-20250929"),
                new StreamEvent.Usage(new Usage(8L + 2113 + 18304, 1L, 18304L, 2113L, null)),
                BlockStart.thinking(0),
                new StreamEvent.ThinkingDelta(0, "The user wants the weather"),
                new StreamEvent.ThinkingDelta(0, " in Paris."),
                new StreamEvent.SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
                new StreamEvent.BlockStop(0),
                BlockStart.text(1),
                new StreamEvent.TextDelta(1, "Let me check."),
                new StreamEvent.BlockStop(1),
                BlockStart.toolCall(2, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                new StreamEvent.ToolArgumentsDelta(2, ""),
                new StreamEvent.ToolArgumentsDelta(2, "{\"location\": \"Par"),
                new StreamEvent.ToolArgumentsDelta(2, "is, France\"}"),
                new StreamEvent.BlockStop(2),
                new StreamEvent.Usage(new Usage(null, 142L, null, null, null)),
                new StreamEvent.Finish(StopReason.TOOL_USE)));
        var events = encode(canonical, "gemini-2.5-pro");
        var chunks = sdkChunks(events);
        assertEquals(5, chunks.size(), "two thought pieces, the text, the call, the finish");
        assertEquals("The user wants the weather in Paris.", text(chunks, true));
        assertArrayEquals(Base64.getDecoder().decode("EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
                chunks.get(1).parts().get(0).thoughtSignature().orElseThrow(), "on the block's last piece");
        assertEquals("Let me check.", chunks.get(2).text());
        var call = chunks.get(3).functionCalls().get(0);
        assertEquals("get_weather", call.name().orElseThrow());
        assertEquals(Map.of("location", "Paris, France"), call.args().orElseThrow());
        assertTrue(call.id().isEmpty());
        var last = chunks.get(4);
        assertEquals(FinishReason.Known.STOP, last.finishReason().knownEnum());
        assertTrue(last.candidates().orElseThrow().get(0).content().isEmpty());
        var usage = last.usageMetadata().orElseThrow();
        assertEquals(8 + 2113 + 18304, usage.promptTokenCount().orElseThrow());
        assertEquals(18304, usage.cachedContentTokenCount().orElseThrow());
        assertEquals(142, usage.candidatesTokenCount().orElseThrow());
        assertEquals("msg_01Fzr8pLbHg7WJgPt5Tcav2x", last.responseId().orElseThrow());
    }

    /** What an OpenAI upstream's decoder produces: a text without a block start and interleaved tool calls. */
    @Test
    void encodesAnOpenAiShapedStream() {
        var canonical = Fixtures.normalized(List.of(
                new StreamEvent.Start("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "gpt-4.1-2025-04-14"),
                new StreamEvent.TextDelta(100, "Checking both."),
                new StreamEvent.BlockStop(100),
                BlockStart.toolCall(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
                new StreamEvent.ToolArgumentsDelta(0, "{\"location\":"),
                BlockStart.toolCall(1, "call_ABCDpD3xa9XTPNJ32zg2hcA", "get_time"),
                new StreamEvent.ToolArgumentsDelta(1, "{\"timezone\":\"Europe/Paris\"}"),
                new StreamEvent.ToolArgumentsDelta(0, "\"Paris\"}"),
                new StreamEvent.Finish(StopReason.TOOL_USE),
                new StreamEvent.Usage(new Usage(1200L, 80L, 1000L, null, 0L))));
        var chunks = sdkChunks(encode(canonical, null));
        assertEquals("Checking both.", chunks.get(0).text());
        assertEquals(Map.of("location", "Paris"), chunks.get(1).functionCalls().get(0).args().orElseThrow());
        assertEquals(Map.of("timezone", "Europe/Paris"), chunks.get(2).functionCalls().get(0).args().orElseThrow());
        var last = chunks.get(3);
        assertEquals(FinishReason.Known.STOP, last.finishReason().knownEnum());
        assertEquals(1200, last.usageMetadata().orElseThrow().promptTokenCount().orElseThrow());
        assertEquals(1000, last.usageMetadata().orElseThrow().cachedContentTokenCount().orElseThrow());
        assertEquals(80, last.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
        assertEquals("gpt-4.1-2025-04-14", last.modelVersion().orElseThrow(), "the upstream's name, lacking another");
    }

    @Test
    void encodesAWholeAnswerAsAStream() {
        var response = codec.decodeResponse(Fixtures.json("response-function-call.json"));
        var chunks = sdkChunks(encode(Fixtures.normalized(Streams.fromResponse(response)), "gemini-x"));
        var whole = GenerateContentResponse.fromJson(codec.encodeResponse(response, "gemini-x").toString());
        assertEquals(whole.text(), text(chunks, false));
        assertEquals(whole.parts().get(0).text(), chunks.get(0).parts().get(0).text());
        var call = chunks.stream().filter(c -> c.functionCalls() != null && !c.functionCalls().isEmpty())
                .findFirst().orElseThrow();
        assertEquals(whole.functionCalls(), call.functionCalls());
        assertArrayEquals(whole.parts().get(2).thoughtSignature().orElseThrow(),
                call.parts().get(0).thoughtSignature().orElseThrow());
        var last = chunks.get(chunks.size() - 1);
        assertEquals(whole.usageMetadata(), last.usageMetadata());
        assertEquals(whole.finishReason(), last.finishReason());
        assertEquals(whole.responseId(), last.responseId());
    }

    @Test
    void encodesAnUpstreamErrorAsAnErrorChunk() throws IOException {
        var canonical = Fixtures.normalized(Fixtures.bytes("stream-error.sse"), codec.streamDecoder());
        var events = encode(canonical, "gemini-2.5-flash");
        assertEquals(3, events.size());
        assertEquals(Fixtures.parse("{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again "
                + "later.\",\"status\":\"UNAVAILABLE\"}}"), Fixtures.parse(events.get(2).data()));
        var received = new ArrayList<GenerateContentResponse>();
        var e = assertThrows(ServerException.class, () -> sdk.stream(Fixtures.wire(events), received));
        assertEquals(503, e.code());
        assertEquals("UNAVAILABLE", e.status());
        assertEquals("The model is overloaded. Please try again later.", e.message());
        assertEquals("The first step is to measure the flour", text(received, false), "what came before the error");
    }

    @Test
    void endsWithNothingMore() {
        var encoder = codec.streamEncoder("gemini-2.5-flash");
        for (var e : Fixtures.normalized(List.of(new StreamEvent.TextDelta(0, "hi")))) {
            encoder.encode(e);
        }
        assertEquals(List.of(), encoder.end(), "Gemini's stream has no end sentinel");
        assertEquals(List.of(), encoder.encode(new StreamEvent.TextDelta(0, "late")));
        var failed = codec.streamEncoder("m");
        assertEquals(1, failed.encode(new StreamEvent.Error("rate_limit", "slow down")).size());
        assertEquals(List.of(), failed.encode(new StreamEvent.Finish(StopReason.END_TURN)));
        assertEquals(Fixtures.parse("{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":"
                + "\"RESOURCE_EXHAUSTED\"}}"), Fixtures.parse(codec.streamEncoder("m")
                .encode(new StreamEvent.Error("rate_limit", "slow down")).get(0).data()));
    }
}
