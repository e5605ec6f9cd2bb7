package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamDecoderTest {

    @Test
    void collectsPlainTextWithTheUsageOnlyLastChunk() throws IOException {
        var response = Streams.collect(Fixtures.decodeStream("streams/openai_text_usage.sse"));

        assertEquals("chatcmpl-BxR1tExTsTrEaM000000000000", response.id());
        assertEquals("gpt-4o-mini-2024-07-18", response.model());
        assertEquals(List.of(new Part.Text("M3 screws come in 6 to 20 mm.")), response.parts(),
                "the role-only first chunk opens no empty block");
        assertEquals(StopReason.END_TURN, response.stopReason());
        assertEquals(new Usage(2105L, 12L, 1920L, null, 0L), response.usage());
    }

    @Test
    void convertsParallelToolCallsToSequentialBlocks() throws IOException {
        var events = Fixtures.decodeStream("streams/relay_parallel_tool_calls_interleaved.sse");
        var response = Streams.collect(events);

        assertEquals(List.of(
                new Part.ToolCall("call_0a1b2c3d4e5f6a7b8c9d0e1f", "get_weather", "{\"city\":\"Oslo\"}", null),
                new Part.ToolCall("call_9f8e7d6c5b4a39281706f5e4", "get_time", "{\"tz\":\"Europe/Oslo\"}", null)),
                response.parts());
        assertEquals(StopReason.TOOL_USE, response.stopReason());
        assertEquals(new Usage(180L, 41L, null, null, null), response.usage());
        Integer open = null;
        for (var e : events) {
            if (e instanceof StreamEvent.BlockStart b) {
                assertEquals(null, open, "blocks never overlap: " + events);
                open = b.index();
            } else if (e instanceof StreamEvent.BlockStop) {
                open = null;
            }
        }
    }

    @Test
    void readsOpenAisOwnParallelToolCalls() throws IOException {
        var response = Streams.collect(Fixtures.decodeStream("streams/openai_parallel_tool_calls.sse"));

        assertEquals(List.of(
                new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\": \"Oslo\"}", null),
                new Part.ToolCall("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_weather", "{\"city\": \"Bergen\"}", null)),
                response.parts());
        assertEquals(StopReason.TOOL_USE, response.stopReason());
        assertEquals(82L, response.usage().input());
    }

    @Test
    void stopsThinkingWhenTheUpstreamSwitchesToContent() throws IOException {
        var events = Fixtures.decodeStream("streams/deepseek_reasoning_then_content.sse");
        var response = Streams.collect(events);

        assertEquals(List.of(new Part.Thinking("s-t-r-a-w-b-e-r-r-y: three r.", null, false),
                new Part.Text("There are three Rs.")), response.parts());
        assertEquals(new Usage(21L, 64L, 0L, null, 51L), response.usage(), "DeepSeek puts usage on the finish chunk");
        assertEquals(StopReason.END_TURN, response.stopReason());
        var starts = events.stream().filter(StreamEvent.BlockStart.class::isInstance).count();
        assertEquals(2, starts);
    }

    @Test
    void readsOpenRouterReasoningThroughCrlfAndPingComments() throws IOException {
        var response = Streams.collect(Fixtures.decodeStream("streams/openrouter_reasoning_crlf_ping.sse"));

        assertEquals("gen-1753800200-AbCdEfGhIjKlMnOp", response.id());
        assertEquals(List.of(new Part.Thinking("The user greets me.", null, false),
                new Part.Text("Hello! Grüße aus Oslo ☃")), response.parts());
        assertEquals(new Usage(40L, 25L, 0L, null, 6L), response.usage());
    }

    @Test
    void ignoresChunksWithNullOrEmptyChoices() throws IOException {
        var events = Fixtures.decodeStream("streams/relay_choices_null.sse");
        var response = Streams.collect(events);

        var start = assertInstanceOf(StreamEvent.Start.class, events.get(0));
        assertEquals("chatcmpl-9a8b7c6d5e4f", start.id(), "Azure's nameless prompt-filter chunk does not start the answer");
        assertEquals(List.of(new Part.Text("Hi!")), response.parts());
        assertEquals(new Usage(9L, 2L, null, null, null), response.usage());
    }

    @Test
    void finishesAStreamThatEndsWithoutDone() throws IOException {
        var events = Fixtures.decodeStream("streams/local_no_done.sse");
        var response = Streams.collect(events);

        assertEquals(List.of(new Part.Text("Hello world")), response.parts());
        assertEquals(StopReason.MAX_TOKENS, response.stopReason());
        assertInstanceOf(StreamEvent.Finish.class, events.get(events.size() - 1));
    }

    @Test
    void turnsAnErrorChunkIntoAnErrorEvent() throws IOException {
        var events = Fixtures.decodeStream("streams/openai_error_mid_stream.sse");

        var error = assertInstanceOf(StreamEvent.Error.class, events.get(events.size() - 1));
        assertEquals("server_error", error.type());
        assertEquals("The server had an error while processing your request. Sorry about that!", error.message());
        assertTrue(events.stream().noneMatch(StreamEvent.Finish.class::isInstance));
        assertEquals(List.of(new Part.Text("The first part")), Streams.collect(events).parts(),
                "the text before the error was closed as a block");
    }

    @Test
    void failsOnMalformedJson() throws IOException {
        var decoder = ChatCompletionsCodec.create().streamDecoder();
        var events = Fixtures.sse("streams/malformed.sse");

        decoder.decode(events.get(0));
        var e = assertThrows(IOException.class, () -> decoder.decode(events.get(1)));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void ignoresEverythingAfterDone() throws IOException {
        var decoder = ChatCompletionsCodec.create().streamDecoder();

        decoder.decode(SseEvent.of(null, "[DONE]"));
        assertTrue(decoder.finished());
        assertEquals(List.of(), decoder.decode(SseEvent.of(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}")));
    }

    @Test
    void marksStreamedRefusalsAsRefusals() throws IOException {
        var decoder = ChatCompletionsCodec.create().streamDecoder();
        var normalizer = new dev.switchboard.protocol.StreamNormalizer();
        var out = new java.util.ArrayList<StreamEvent>();
        for (var data : List.of(
                "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"refusal\":\"\"}}]}",
                "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't.\"}}]}",
                "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")) {
            for (var e : decoder.decode(SseEvent.of(null, data))) {
                out.addAll(normalizer.accept(e));
            }
        }
        out.addAll(normalizer.end());

        var response = Streams.collect(out);
        assertEquals(List.of(new Part.Text("I can't.")), response.parts());
        assertEquals(StopReason.REFUSAL, response.stopReason());
    }

    @Test
    void followsToolCallsOfRelaysThatLeaveOutTheIndex() throws IOException {
        var decoder = ChatCompletionsCodec.create().streamDecoder();
        var normalizer = new dev.switchboard.protocol.StreamNormalizer();
        var out = new java.util.ArrayList<StreamEvent>();
        for (var data : List.of(
                "{\"id\":\"c\",\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                        + "\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}},"
                        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},"
                        + "\"finish_reason\":\"stop\"}]}")) {
            for (var e : decoder.decode(SseEvent.of(null, data))) {
                out.addAll(normalizer.accept(e));
            }
        }
        out.addAll(normalizer.end());

        var response = Streams.collect(out);
        assertEquals(List.of(new Part.ToolCall("a", "f", "{\"x\":1}", null), new Part.ToolCall("b", "g", "{}", null)),
                response.parts());
        assertEquals(StopReason.TOOL_USE, response.stopReason(), "tool calls that end with stop are still tool use");
    }
}
