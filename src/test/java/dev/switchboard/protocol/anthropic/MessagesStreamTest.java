package dev.switchboard.protocol.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesStreamTest {
    private final MessagesCodec codec = MessagesCodec.create();

    private ChatResponse collect(String fixture) throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes(fixture), decoder);
        assertTrue(decoder.finished(), "the upstream's terminal event was seen");
        return Streams.collect(events);
    }

    /** Canonical events through the encoder, as an Anthropic client receives them. */
    private List<SseEvent> encode(List<StreamEvent> canonical, String model) {
        var encoder = codec.streamEncoder(model);
        var out = new ArrayList<SseEvent>();
        for (var e : canonical) {
            out.addAll(encoder.encode(e));
        }
        out.addAll(encoder.end());
        return out;
    }

    /**
     * The judge: every event must parse and validate as the official SDK's stream event, carry its type as the
     * SSE event name, and the SDK's own accumulator must build a message from them.
     */
    static Message accumulate(List<SseEvent> events) throws Exception {
        var accumulator = MessageAccumulator.create();
        assertEquals("message_start", events.get(0).event());
        assertEquals("message_stop", events.get(events.size() - 1).event());
        for (var e : events) {
            assertEquals(e.event(), Fixtures.parse(e.data()).get("type").asText());
            var event = ObjectMappers.jsonMapper().readValue(e.data(), RawMessageStreamEvent.class);
            event.validate();
            accumulator.accumulate(event);
        }
        return accumulator.message().validate();
    }

    // --- decoding an Anthropic upstream's stream ---

    @Test
    void decodesThinkingTextAndToolUse() throws IOException {
        var r = collect("stream-thinking-tool-use.sse");
        assertEquals("msg_01Fzr8pLbHg7WJgPt5Tcav2x", r.id());
        assertEquals("claude-sonnet-4-5-20250929", r.model());
        assertEquals(List.of(
                new Part.Thinking("The user wants the weather in Paris. I'll call get_weather.",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds/7qWoe5vXO5RUmfmrPqjJsIuNT1Pe1d8OMRx6v5M"
                                + "a+ybgqSbv4/LpJXGBz3GioEDs3ND3UP4mDtAY3pyjTRFhdAwpN3zkFptdt6Q5ZtAltfC4W0bUNq2MSEvLWJeV"
                                + "O3PSYBqgbv7JIJ3J+I2lnTLVgoAQ==", false),
                new Part.Text("Let me check the weather in Paris."),
                new Part.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                        "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}", null)), r.parts());
        assertEquals(dev.switchboard.protocol.StopReason.TOOL_USE, r.stopReason());
        assertEquals(new Usage(8L + 2113 + 18304, 142L, 18304L, 2113L, null), r.usage());
    }

    @Test
    void readsEventsWithoutEventLines() throws IOException {
        var stripped = Fixtures.text("stream-thinking-tool-use.sse").replaceAll("(?m)^event: .*\n", "");
        var decoder = codec.streamDecoder();
        var r = Streams.collect(Fixtures.normalized(stripped.getBytes(StandardCharsets.UTF_8), decoder));
        assertEquals(collect("stream-thinking-tool-use.sse"), r);
    }

    @Test
    void decodesMaxTokensCutOff() throws IOException {
        var r = collect("stream-max-tokens.sse");
        assertEquals(dev.switchboard.protocol.StopReason.MAX_TOKENS, r.stopReason());
        assertEquals(List.of(new Part.Text("Here is a long story. Once upon a time, in a land far")), r.parts());
        // message_delta only said output_tokens: the input from message_start stands
        assertEquals(new Usage(14L, 16L, 0L, 0L, null), r.usage());
    }

    @Test
    void decodesRefusal() throws IOException {
        var r = collect("stream-refusal.sse");
        assertEquals(dev.switchboard.protocol.StopReason.REFUSAL, r.stopReason());
        assertEquals(List.of(new Part.Text("I can't")), r.parts());
        assertEquals(new Usage(31L, 4L, 0L, 0L, null), r.usage());
    }

    @Test
    void decodesErrorEvent() throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes("stream-overloaded.sse"), decoder);
        assertTrue(decoder.finished());
        assertEquals(new StreamEvent.Error("overloaded", "Overloaded"), events.get(events.size() - 1));
        assertFalse(events.stream().anyMatch(StreamEvent.Finish.class::isInstance));
        assertEquals(List.of(new Part.Text("The first step is")), Streams.collect(events).parts());
    }

    @Test
    void mapsErrorTypes() throws IOException {
        var cases = Map.of("overloaded_error", "overloaded", "rate_limit_error", "rate_limit", "api_error",
                "server_error", "invalid_request_error", "invalid_request", "authentication_error", "authentication",
                "permission_error", "permission", "not_found_error", "not_found", "request_too_large",
                "request_too_large", "something_new", "upstream_error");
        for (var c : cases.entrySet()) {
            var decoder = codec.streamDecoder();
            var out = decoder.decode(SseEvent.of("error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"" + c.getKey() + "\",\"message\":\"m\"}}"));
            assertEquals(List.of(new StreamEvent.Error(c.getValue(), "m")), out);
        }
    }

    @Test
    void decodesRedactedThinking() throws IOException {
        var r = collect("stream-redacted-thinking.sse");
        assertEquals(List.of(new Part.Thinking("", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2Yf"
                + "WXGmKDxH4mPnZ5sQ7vB8cE2uRt0yN1oL9kJ6h", true), new Part.Text("Done.")), r.parts());
        assertEquals(new Usage(92L, 87L, 0L, 0L, null), r.usage());
    }

    @Test
    void refusesMalformedEvents() throws IOException {
        var decoder = codec.streamDecoder();
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of("content_block_delta", "{\"type\":")));
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of(null, "[1,2]")));
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of("content_block_stop",
                "{\"type\":\"content_block_stop\"}")));
        assertEquals(List.of(), decoder.decode(SseEvent.of("ping", "{\"type\": \"ping\"}")));
    }

    @Test
    void ignoresEverythingAfterMessageStop() throws IOException {
        var decoder = codec.streamDecoder();
        assertEquals(List.of(), decoder.decode(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}")));
        assertTrue(decoder.finished());
        assertEquals(List.of(), decoder.decode(SseEvent.of("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")));
        assertEquals(List.of(), decoder.decode(SseEvent.of(null, "not even json")));
        assertEquals(List.of(), codec.streamDecoder().decode(SseEvent.of(null, "[DONE]")));
    }

    // --- encoding for an Anthropic client, judged by the official SDK ---

    @Test
    void encodesAStreamTheSdkAccumulates() throws Exception {
        var canonical = Fixtures.normalized(Fixtures.bytes("stream-thinking-tool-use.sse"), codec.streamDecoder());
        var events = encode(canonical, "claude-sonnet-4-5");
        assertTrue(events.stream().noneMatch(e -> "ping".equals(e.event())));
        var message = accumulate(events);
        assertEquals("msg_01Fzr8pLbHg7WJgPt5Tcav2x", message.id());
        assertEquals("claude-sonnet-4-5", message.model().asString());
        var content = message.content();
        assertEquals(3, content.size());
        assertEquals("The user wants the weather in Paris. I'll call get_weather.",
                content.get(0).asThinking().thinking());
        assertTrue(content.get(0).asThinking().signature().startsWith("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgx"));
        assertEquals("Let me check the weather in Paris.", content.get(1).asText().text());
        var toolUse = content.get(2).asToolUse();
        assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", toolUse.id());
        assertEquals("get_weather", toolUse.name());
        assertEquals(Map.of("location", "Paris, France", "unit", "celsius"), toolUse._input().convert(Map.class));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(8, message.usage().inputTokens());
        assertEquals(18304L, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(2113L, message.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(142, message.usage().outputTokens());
    }

    /**
     * What an OpenAI upstream's decoder produces: a text delta without a block start, two tool calls whose argument
     * deltas interleave, the finish reason before the usage, and the usage only at the end, with cached tokens
     * inside the prompt count.
     */
    @Test
    void encodesAnOpenAiShapedStream() throws Exception {
        var canonical = Fixtures.normalized(List.of(
                new StreamEvent.Start("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "gpt-4.1-2025-04-14"),
                new StreamEvent.TextDelta(100, "Checking both."),
                new StreamEvent.BlockStop(100),
                BlockStart.toolCall(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
                new StreamEvent.ToolArgumentsDelta(0, "{\"location\":"),
                BlockStart.toolCall(1, "call_ABCDpD3xa9XTPNJ32zg2hcA", "get_time"),
                new StreamEvent.ToolArgumentsDelta(1, "{\"timezone\":\"Europe/Paris\"}"),
                new StreamEvent.ToolArgumentsDelta(0, "\"Paris\"}"),
                new StreamEvent.Finish(dev.switchboard.protocol.StopReason.TOOL_USE),
                new StreamEvent.Usage(new Usage(1200L, 80L, 1000L, null, 0L))));
        var message = accumulate(encode(canonical, "claude-sonnet-4-5"));
        assertEquals("msg_chatcmplB9MBs8CjcvOU2jLn4n570S5qMJKcT", message.id());
        var content = message.content();
        assertEquals("Checking both.", content.get(0).asText().text());
        assertEquals(Map.of("location", "Paris"), content.get(1).asToolUse()._input().convert(Map.class));
        assertEquals("call_DdmO9pD3xa9XTPNJ32zg2hcA", content.get(1).asToolUse().id());
        assertEquals(Map.of("timezone", "Europe/Paris"), content.get(2).asToolUse()._input().convert(Map.class));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        // message_start could not know the input; message_delta carries it, without the cached tokens
        assertEquals(200, message.usage().inputTokens());
        assertEquals(1000L, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(0L, message.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(80, message.usage().outputTokens());
    }

    @Test
    void encodesAWholeAnswerAsAStream() throws Exception {
        var response = codec.decodeResponse(Fixtures.json("response-thinking-tool-use.json"));
        var streamed = accumulate(encode(Fixtures.normalized(Streams.fromResponse(response)), "claude-x"));
        var whole = MessagesResponseTest.sdkMessage(codec.encodeResponse(response, "claude-x"));
        assertEquals(whole.id(), streamed.id());
        assertEquals(whole.stopReason(), streamed.stopReason());
        assertEquals(whole.usage().inputTokens(), streamed.usage().inputTokens());
        assertEquals(whole.usage().cacheReadInputTokens(), streamed.usage().cacheReadInputTokens());
        assertEquals(whole.usage().cacheCreationInputTokens(), streamed.usage().cacheCreationInputTokens());
        assertEquals(whole.usage().outputTokens(), streamed.usage().outputTokens());
        assertEquals(whole.content().get(0).asThinking().signature(), streamed.content().get(0).asThinking().signature());
        assertEquals(whole.content().get(1).asText().text(), streamed.content().get(1).asText().text());
        assertEquals(whole.content().get(2).asToolUse()._input(), streamed.content().get(2).asToolUse()._input());
    }

    @Test
    void encodesRedactedThinkingAndMaxTokens() throws Exception {
        var message = accumulate(encode(Fixtures.normalized(Fixtures.bytes("stream-redacted-thinking.sse"),
                codec.streamDecoder()), "claude-3-7-sonnet"));
        assertTrue(message.content().get(0).asRedactedThinking().data().startsWith("EmwKAhgBEgy3va3pzix"));
        assertEquals("Done.", message.content().get(1).asText().text());
        assertEquals(92, message.usage().inputTokens());

        var cut = accumulate(encode(Fixtures.normalized(Fixtures.bytes("stream-max-tokens.sse"),
                codec.streamDecoder()), "claude-haiku-4-5"));
        assertEquals(StopReason.MAX_TOKENS, cut.stopReason().orElseThrow());
        assertEquals(16, cut.usage().outputTokens());
    }

    @Test
    void encodesAnUpstreamErrorAsAnErrorEvent() throws IOException {
        var canonical = Fixtures.normalized(Fixtures.bytes("stream-overloaded.sse"), codec.streamDecoder());
        var events = encode(canonical, "claude-opus-4-1");
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "error"), events.stream().map(SseEvent::event).toList());
        assertEquals(Fixtures.parse("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"), Fixtures.parse(events.get(4).data()));
        assertEquals("event: error\ndata: " + events.get(4).data() + "\n\n",
                new String(events.get(4).raw(), StandardCharsets.UTF_8));
    }

    @Test
    void endsCleanly() {
        var encoder = codec.streamEncoder("m");
        for (var e : Fixtures.normalized(List.of(new StreamEvent.TextDelta(0, "hi")))) {
            encoder.encode(e);
        }
        assertEquals(List.of(), encoder.end(), "nothing after message_stop");

        // a stream cut off before its finish is not passed off as complete
        var cut = codec.streamEncoder("m");
        assertEquals("message_start", cut.encode(new StreamEvent.Start("msg_1", "m")).get(0).event());
        cut.encode(BlockStart.text(0));
        var end = cut.end();
        assertEquals(1, end.size());
        assertEquals("error", end.get(0).event());
        assertEquals("api_error", Fixtures.parse(end.get(0).data()).at("/error/type").asText());
        assertEquals(List.of(), cut.encode(new StreamEvent.TextDelta(0, "late")));
    }

    @Test
    void startsWithEmptyBlocksOfTheRightKind() {
        var encoder = codec.streamEncoder("claude");
        var start = encoder.encode(new StreamEvent.Start(null, "x")).get(0);
        var message = Fixtures.parse(start.data()).get("message");
        assertTrue(message.get("id").asText().startsWith("msg_"));
        assertEquals(Fixtures.parse("{\"input_tokens\":0,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":0}"), message.get("usage"));
        var thinking = encoder.encode(BlockStart.thinking(0)).get(0);
        assertEquals(Fixtures.parse("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"), Fixtures.parse(thinking.data()));
        encoder.encode(new StreamEvent.BlockStop(0));
        var tool = encoder.encode(BlockStart.toolCall(1, "toolu_1", "Bash")).get(0);
        assertEquals(Fixtures.parse("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}}"),
                Fixtures.parse(tool.data()));
        var delta = encoder.encode(new StreamEvent.ToolArgumentsDelta(1, "{\"command\":\"ls\"}")).get(0);
        assertInstanceOf(String.class, Fixtures.parse(delta.data()).at("/delta/partial_json").textValue());
        assertEquals("input_json_delta", Fixtures.parse(delta.data()).at("/delta/type").asText());
    }
}
