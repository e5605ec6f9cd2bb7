package dev.switchboard.protocol.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.ObjectMappers;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent.BlockStop;
import dev.switchboard.protocol.StreamEvent.Finish;
import dev.switchboard.protocol.StreamEvent.Start;
import dev.switchboard.protocol.StreamEvent.TextDelta;
import dev.switchboard.protocol.StreamEvent.ThinkingDelta;
import dev.switchboard.protocol.StreamEvent.ToolArgumentsDelta;
import dev.switchboard.protocol.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamEncoderTest {

    /** What a Chat client received: every chunk as the SDK parsed it, and the SSE events as sent. */
    private record Received(List<SseEvent> events, List<ChatCompletionChunk> chunks, ChatCompletion completion) {
        String reasoning() {
            var sb = new StringBuilder();
            for (var c : chunks) {
                for (var choice : c.choices()) {
                    var r = choice.delta()._additionalProperties().get("reasoning_content");
                    if (r != null) {
                        sb.append(r.asStringOrThrow());
                    }
                }
            }
            return sb.toString();
        }
    }

    /** Encodes a well-formed stream and reads it as the OpenAI SDK would: parse, validate, accumulate. */
    private static Received encode(List<StreamEvent> stream) throws IOException {
        var encoder = ChatCompletionsCodec.create().streamEncoder("client-model");
        var events = new ArrayList<SseEvent>();
        for (var e : stream) {
            events.addAll(encoder.encode(e));
        }
        events.addAll(encoder.end());
        var failed = stream.stream().anyMatch(StreamEvent.Error.class::isInstance);
        var accumulator = ChatCompletionAccumulator.create();
        var chunks = new ArrayList<ChatCompletionChunk>();
        for (var e : failed ? events : events.subList(0, events.size() - 1)) {
            assertTrue(new String(e.raw(), StandardCharsets.UTF_8).startsWith("data: {"), e.toString());
            if (e.data().startsWith("{\"error\"")) {
                continue;
            }
            var chunk = ObjectMappers.jsonMapper().readValue(e.data(), ChatCompletionChunk.class).validate();
            assertEquals("client-model", chunk.model());
            accumulator.accumulate(chunk);
            chunks.add(chunk);
        }
        if (failed) {
            // the error chunk is the last word: a [DONE] after it would read as a whole answer
            assertFalse(events.stream().anyMatch(SseEvent::isDone), "no [DONE] after an error");
        } else {
            assertTrue(events.get(events.size() - 1).isDone(), "a Chat stream ends in data: [DONE]");
            assertEquals("data: [DONE]\n\n", new String(events.get(events.size() - 1).raw(), StandardCharsets.UTF_8));
        }
        var finished = chunks.stream().anyMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason().isPresent()));
        return new Received(events, chunks, finished ? accumulator.chatCompletion() : null);
    }

    @Test
    void streamsTextTheSdkAccumulates() throws IOException {
        var got = encode(Fixtures.normalize(
                new Start("msg_01AbC", "claude-sonnet-4"),
                BlockStart.text(0), new TextDelta(0, "Hello"), new TextDelta(0, ", world"), new BlockStop(0),
                new StreamEvent.Usage(new Usage(20L, null, 8L, 4L, null)),
                new StreamEvent.Usage(new Usage(null, 5L, null, null, null)),
                new Finish(StopReason.END_TURN)));

        var completion = got.completion();
        assertEquals("chatcmpl-msg_01AbC", completion.id());
        var choice = completion.choices().get(0);
        assertEquals("Hello, world", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        var usage = completion.usage().orElseThrow();
        assertEquals(20, usage.promptTokens());
        assertEquals(5, usage.completionTokens());
        assertEquals(8, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        var first = got.chunks().get(0).choices().get(0).delta();
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, first.role().orElseThrow());
        var last = got.chunks().get(got.chunks().size() - 1);
        assertTrue(last.choices().isEmpty(), "usage comes alone after the finish chunk");
        assertEquals(1, got.chunks().stream().filter(c -> c.usage().isPresent()).count(), "usage is sent once");
        var created = got.chunks().get(0).created();
        assertTrue(got.chunks().stream().allMatch(c -> c.created() == created && c.id().equals(completion.id())));
    }

    @Test
    void streamsThinkingAsReasoningContentBeforeTheText() throws IOException {
        var got = encode(Fixtures.normalize(
                new Start("msg_02", "claude-sonnet-4"),
                BlockStart.thinking(0), new ThinkingDelta(0, "Count the "), new ThinkingDelta(0, "letters."),
                new StreamEvent.SignatureDelta(0, "EqQBCkgIBxABGAIiQ..."), new BlockStop(0),
                BlockStart.text(1), new TextDelta(1, "Three."), new BlockStop(1),
                new Finish(StopReason.END_TURN)));

        assertEquals("Count the letters.", got.reasoning());
        assertEquals("Three.", got.completion().choices().get(0).message().content().orElseThrow());
        assertTrue(got.events().stream().noneMatch(e -> e.data().contains("EqQBCkgIBxABGAIiQ")),
                "signatures have no Chat form");
    }

    @Test
    void streamsTwoSequentialToolCalls() throws IOException {
        var got = encode(Fixtures.normalize(
                new Start("msg_03", "claude-sonnet-4"),
                BlockStart.text(0), new TextDelta(0, "Checking both."), new BlockStop(0),
                BlockStart.toolCall(1, "toolu_01A", "get_weather"), new ToolArgumentsDelta(1, "{\"city\":"),
                new ToolArgumentsDelta(1, "\"Oslo\"}"), new BlockStop(1),
                BlockStart.toolCall(2, "toolu_01B", "get_time"), new BlockStop(2),
                new StreamEvent.Usage(new Usage(100L, 30L, null, null, null)),
                new Finish(StopReason.TOOL_USE)));

        var message = got.completion().choices().get(0).message();
        assertEquals("Checking both.", message.content().orElseThrow());
        var toolsOnly = encode(Fixtures.normalize(new Start("msg_03b", "m"), BlockStart.toolCall(0, "toolu_1", "f"),
                new BlockStop(0), new Finish(StopReason.TOOL_USE))).completion().choices().get(0).message();
        assertTrue(toolsOnly.content().isEmpty(), "an answer that only calls tools has no content");
        var calls = message.toolCalls().orElseThrow();
        assertEquals(2, calls.size());
        var first = calls.get(0).asFunction();
        assertEquals("toolu_01A", first.id());
        assertEquals("get_weather", first.function().name());
        assertEquals("{\"city\":\"Oslo\"}", first.function().arguments());
        var second = calls.get(1).asFunction();
        assertEquals("toolu_01B", second.id());
        assertEquals("get_time", second.function().name());
        assertEquals("{}", second.function().arguments(), "a call without arguments gets the empty object");
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, got.completion().choices().get(0).finishReason());
        var indexes = new ArrayList<Long>();
        for (var c : got.chunks()) {
            for (var ch : c.choices()) {
                ch.delta().toolCalls().ifPresent(list -> list.forEach(t -> indexes.add(t.index())));
            }
        }
        assertEquals(List.of(0L, 0L, 0L, 1L, 1L), indexes, "tool_calls[].index counts calls, not blocks");
    }

    @Test
    void reportsMaxTokensAsLength() throws IOException {
        var got = encode(Fixtures.normalize(
                new Start("msg_04", "m"), BlockStart.text(0), new TextDelta(0, "Once upon a"), new BlockStop(0),
                new Finish(StopReason.MAX_TOKENS)));

        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, got.completion().choices().get(0).finishReason());
        assertEquals("Once upon a", got.completion().choices().get(0).message().content().orElseThrow());
        assertTrue(got.completion().usage().isEmpty(), "no usage chunk when the upstream reported none");
    }

    @Test
    void endsAFailedStreamWithAnErrorChunkAndNoDone() throws IOException {
        var got = encode(Fixtures.normalize(
                new Start("msg_05", "m"), BlockStart.text(0), new TextDelta(0, "The first"),
                new StreamEvent.Error("overloaded", "Overloaded")));

        var events = got.events();
        var error = Fixtures.JSON.readTree(events.get(events.size() - 1).data()).get("error");
        assertEquals("Overloaded", error.get("message").asText());
        assertEquals("server_error", error.get("type").asText());
        assertEquals("overloaded", error.get("code").asText());
        assertEquals(2, got.chunks().size(), "the role chunk and the text before the error");
        assertFalse(events.stream().anyMatch(e -> e.data().contains("finish_reason\":\"")), "no finish after an error");
    }

    @Test
    void reencodesARecordedInterleavedStreamForAChatClient() throws IOException {
        var got = encode(Fixtures.decodeStream("streams/relay_parallel_tool_calls_interleaved.sse"));

        var calls = got.completion().choices().get(0).message().toolCalls().orElseThrow();
        assertEquals("call_0a1b2c3d4e5f6a7b8c9d0e1f", calls.get(0).asFunction().id());
        assertEquals("{\"city\":\"Oslo\"}", calls.get(0).asFunction().function().arguments());
        assertEquals("call_9f8e7d6c5b4a39281706f5e4", calls.get(1).asFunction().id());
        assertEquals("{\"tz\":\"Europe/Oslo\"}", calls.get(1).asFunction().function().arguments());
        assertEquals(180, got.completion().usage().orElseThrow().promptTokens());
    }

    @Test
    void streamsAWholeAnswerAsTheSameCompletion() throws IOException {
        var response = ChatCompletionsCodec.create().decodeResponse(Fixtures.json("responses/deepseek_reasoning.json"));
        var got = encode(Fixtures.normalize(dev.switchboard.protocol.Streams.fromResponse(response)
                .toArray(new StreamEvent[0])));

        assertEquals("s-t-r-a-w-b-e-r-r-y: r at 3, 8 and 9. Three.", got.reasoning());
        assertEquals("There are three Rs in \"strawberry\".",
                got.completion().choices().get(0).message().content().orElseThrow());
        assertEquals(51, got.completion().usage().orElseThrow().completionTokensDetails().orElseThrow()
                .reasoningTokens().orElseThrow());
    }
}
