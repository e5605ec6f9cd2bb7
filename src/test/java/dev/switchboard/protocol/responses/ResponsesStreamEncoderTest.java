package dev.switchboard.protocol.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.ObjectMappers;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseError;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent.BlockStop;
import dev.switchboard.protocol.StreamEvent.Finish;
import dev.switchboard.protocol.StreamEvent.Start;
import dev.switchboard.protocol.StreamEvent.TextDelta;
import dev.switchboard.protocol.StreamEvent.ThinkingDelta;
import dev.switchboard.protocol.StreamEvent.ToolArgumentsDelta;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsesStreamEncoderTest {
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");
    private final ResponsesCodec codec = ResponsesCodec.create();

    /** What a Responses client received: the SSE events as sent and the response the SDK built from them. */
    private record Received(List<SseEvent> events, Response response) {
        List<String> types() {
            var out = new ArrayList<String>();
            events.forEach(e -> out.add(e.event()));
            return out;
        }
    }

    /**
     * Encodes a well-formed stream and reads it as the official OpenAI SDK does: every event parses and validates
     * as a {@code ResponseStreamEvent}, names its type in the {@code event:} line, and the SDK's accumulator builds
     * the response. The accumulator also rebuilds the output from the deltas (its snapshot) and from the
     * {@code output_item.done} events; both must agree with the terminal response.
     */
    private Received encode(List<StreamEvent> stream) throws Exception {
        var encoder = codec.streamEncoder("client-model");
        var events = new ArrayList<SseEvent>();
        for (var e : stream) {
            events.addAll(encoder.encode(e));
        }
        events.addAll(encoder.end());
        assertSequencedWithOneTerminalEvent(events);
        var accumulator = ResponseAccumulator.createWithSnapshots();
        Response fromDeltas = null;
        for (var e : events) {
            assertTrue(new String(e.raw(), StandardCharsets.UTF_8).startsWith("event: " + e.event() + "\ndata: {"));
            assertEquals(e.event(), Fixtures.parse(e.data()).get("type").asText());
            var event = ObjectMappers.jsonMapper().readValue(e.data(), ResponseStreamEvent.class).validate();
            if (TERMINAL.contains(e.event())) {
                fromDeltas = accumulator.snapshot().orElseThrow();
            }
            accumulator.accumulate(event);
        }
        var response = accumulator.response().validate();
        assertEquals("client-model", Fixtures.parse(events.get(0).data()).at("/response/model").asText());
        assertEquals(response.output(), accumulator.reconstructedResponse().output(),
                "the output_item.done items are the terminal response's items");
        assertEquals(response.output().size(), fromDeltas.output().size());
        for (int i = 0; i < response.output().size(); i++) {
            var built = fromDeltas.output().get(i);
            var sent = response.output().get(i);
            if (sent.isMessage()) {
                assertEquals(sent.asMessage().content(), built.asMessage().content(), "the deltas add up to the text");
            } else if (sent.isFunctionCall()) {
                assertEquals(sent.asFunctionCall().arguments(), built.asFunctionCall().arguments());
            }
        }
        return new Received(events, response);
    }

    /** The DESIGN §4 promise for a Responses stream: {@code sequence_number} 0, 1, 2… and one terminal event, last. */
    static void assertSequencedWithOneTerminalEvent(List<SseEvent> events) {
        long expected = 0;
        for (var e : events) {
            assertEquals(expected++, Fixtures.parse(e.data()).get("sequence_number").asLong(), e.toString());
        }
        assertEquals(1, events.stream().filter(e -> TERMINAL.contains(e.event())).count(), "exactly one terminal event");
        assertTrue(TERMINAL.contains(events.get(events.size() - 1).event()), "the terminal event comes last");
        assertEquals("response.created", events.get(0).event());
        assertEquals("response.in_progress", events.get(1).event());
    }

    @Test
    void increasesSequenceNumbersAndEndsOnce() throws Exception {
        var streams = List.of(
                Fixtures.normalized(Fixtures.bytes("streams/reasoning-summary-text.sse"), codec.streamDecoder()),
                Fixtures.normalized(Fixtures.bytes("streams/parallel-function-calls.sse"), codec.streamDecoder()),
                Fixtures.normalized(Fixtures.bytes("streams/failed.sse"), codec.streamDecoder()),
                Fixtures.normalized(Fixtures.bytes("streams/incomplete.sse"), codec.streamDecoder()),
                // an encoder given more after the end still sends nothing after its terminal event
                List.of(new Start("a", "m"), new Finish(StopReason.END_TURN), new StreamEvent.Error("server_error", "late"),
                        new Finish(StopReason.END_TURN)));
        for (var stream : streams) {
            var encoder = codec.streamEncoder("client-model");
            var events = new ArrayList<SseEvent>();
            for (var e : stream) {
                events.addAll(encoder.encode(e));
            }
            events.addAll(encoder.end());
            assertSequencedWithOneTerminalEvent(events);
        }
    }

    @Test
    void streamsTextTheSdkAccumulates() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_01AbC", "claude-sonnet-4"),
                BlockStart.text(0), new TextDelta(0, "Hello"), new TextDelta(0, ", world"), new BlockStop(0),
                new StreamEvent.Usage(new Usage(20L, null, 8L, 4L, null)),
                new StreamEvent.Usage(new Usage(null, 5L, null, null, null)),
                new Finish(StopReason.END_TURN)));

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), got.types());
        var response = got.response();
        assertEquals("resp_msg_01AbC", response.id());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        var message = response.output().get(0).asMessage();
        assertEquals("Hello, world", message.content().get(0).asOutputText().text());
        assertEquals(ResponseStatus.COMPLETED.asString(), message.status().asString());
        var usage = response.usage().orElseThrow();
        assertEquals(20, usage.inputTokens());
        assertEquals(8, usage.inputTokensDetails().cachedTokens());
        assertEquals(5, usage.outputTokens());
        assertEquals(25, usage.totalTokens());
        var added = Fixtures.parse(got.events().get(2).data());
        assertEquals(0, added.get("output_index").asInt());
        assertEquals("in_progress", added.at("/item/status").asText());
        assertEquals(message.id(), Fixtures.parse(got.events().get(4).data()).get("item_id").asText());
        assertEquals(0, Fixtures.parse(got.events().get(4).data()).get("content_index").asInt());
    }

    @Test
    void streamsThinkingAsAReasoningSummaryWithItsSignature() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_02", "claude-sonnet-4"),
                BlockStart.thinking(0), new ThinkingDelta(0, "Count the "), new ThinkingDelta(0, "letters."),
                new StreamEvent.SignatureDelta(0, "EqQBCkgIBxABGAIiQ"), new BlockStop(0),
                BlockStart.text(1), new TextDelta(1, "Three."), new BlockStop(1),
                new Finish(StopReason.END_TURN)));

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
                "response.reasoning_summary_part.done", "response.output_item.done", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed"), got.types());
        var reasoning = got.response().output().get(0).asReasoning();
        assertEquals("Count the letters.", reasoning.summary().get(0).text());
        assertEquals("EqQBCkgIBxABGAIiQ", reasoning.encryptedContent().orElseThrow(),
                "Codex sends it back as encrypted_content and it returns to Anthropic as the signature");
        assertEquals("Three.", got.response().output().get(1).asMessage().content().get(0).asOutputText().text());
        assertEquals(1, Fixtures.parse(got.events().get(9).data()).get("output_index").asInt());
    }

    @Test
    void streamsToolCallsOneAfterAnother() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_03", "claude-sonnet-4"),
                BlockStart.text(0), new TextDelta(0, "Checking both."), new BlockStop(0),
                BlockStart.toolCall(1, "toolu_01A", "get_weather"), new ToolArgumentsDelta(1, "{\"city\":"),
                new ToolArgumentsDelta(1, "\"Oslo\"}"), new BlockStop(1),
                BlockStart.toolCall(2, "toolu_01B", "get_time"), new BlockStop(2),
                new StreamEvent.Usage(new Usage(100L, 30L, null, null, null)),
                new Finish(StopReason.TOOL_USE)));

        var output = got.response().output();
        assertEquals(3, output.size());
        var first = output.get(1).asFunctionCall();
        assertEquals("toolu_01A", first.callId(), "call_id is the canonical tool call id");
        assertTrue(first.id().orElseThrow().startsWith("fc_"));
        assertEquals("get_weather", first.name());
        assertEquals("{\"city\":\"Oslo\"}", first.arguments());
        var second = output.get(2).asFunctionCall();
        assertEquals("toolu_01B", second.callId());
        assertEquals("{}", second.arguments(), "a call without arguments gets the empty object");
        assertEquals(ResponseStatus.COMPLETED, got.response().status().orElseThrow());
        var added = Fixtures.parse(got.events().stream().filter(e -> e.data().contains("\"toolu_01A\"")).findFirst()
                .orElseThrow().data());
        assertEquals("", added.at("/item/arguments").asText());
        assertEquals(1, added.get("output_index").asInt());
    }

    @Test
    void endsCutOffAnswersWithResponseIncomplete() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_04", "m"), BlockStart.text(0), new TextDelta(0, "Once upon a"), new BlockStop(0),
                new Finish(StopReason.MAX_TOKENS)));
        assertEquals("response.incomplete", got.types().get(got.types().size() - 1));
        assertEquals(ResponseStatus.INCOMPLETE, got.response().status().orElseThrow());
        assertEquals(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS,
                got.response().incompleteDetails().orElseThrow().reason().orElseThrow());

        var filtered = encode(Fixtures.normalized(new Start("msg_05", "m"), new Finish(StopReason.CONTENT_FILTER)));
        assertEquals(Response.IncompleteDetails.Reason.CONTENT_FILTER,
                filtered.response().incompleteDetails().orElseThrow().reason().orElseThrow());
        assertTrue(filtered.response().output().isEmpty());
    }

    @Test
    void endsAFailedStreamWithOneResponseFailed() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_06", "m"), BlockStart.text(0), new TextDelta(0, "The first"),
                new StreamEvent.Error("rate_limit", "Rate limited by the upstream")));

        assertEquals("response.failed", got.types().get(got.types().size() - 1));
        assertFalse(got.types().contains("error"), "one terminal event, no separate error event");
        var response = got.response();
        assertEquals(ResponseStatus.FAILED, response.status().orElseThrow());
        var error = response.error().orElseThrow();
        assertEquals(ResponseError.Code.RATE_LIMIT_EXCEEDED, error.code());
        assertEquals("Rate limited by the upstream", error.message());
        assertEquals("The first", response.output().get(0).asMessage().content().get(0).asOutputText().text(),
                "the text before the failure was closed and is part of the response");

        for (var type : List.of("overloaded", "server_error", "invalid_request", "authentication")) {
            var failed = encode(Fixtures.normalized(new Start("x", "m"), new StreamEvent.Error(type, "boom")));
            assertEquals(ResponseStatus.FAILED, failed.response().status().orElseThrow(), type);
        }
    }

    @Test
    void leavesRedactedThinkingOutAndKeepsOutputIndexesDense() throws Exception {
        var got = encode(Fixtures.normalized(
                new Start("msg_07", "m"),
                new BlockStart(0, BlockKind.REDACTED_THINKING, null, null, "EmwKAhgBEgy3va3pzix"), new BlockStop(0),
                BlockStart.text(1), new TextDelta(1, "Done."), new BlockStop(1),
                new Finish(StopReason.END_TURN)));

        assertEquals(1, got.response().output().size());
        assertEquals(0, Fixtures.parse(got.events().get(2).data()).get("output_index").asInt());
        assertTrue(got.events().stream().noneMatch(e -> e.data().contains("EmwKAhgBEgy3va3pzix")));
    }

    @Test
    void reencodesARecordedStreamForAResponsesClient() throws Exception {
        var decoded = Fixtures.normalized(Fixtures.bytes("streams/parallel-function-calls.sse"), codec.streamDecoder());
        var got = encode(decoded);

        var output = got.response().output();
        assertEquals(3, output.size());
        assertTrue(output.get(0).asReasoning().encryptedContent().orElseThrow().startsWith("gAAAAA"),
                "OpenAI's encrypted reasoning survives the round through the canonical stream");
        assertEquals("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", output.get(1).asFunctionCall().callId());
        assertEquals("{\"city\":\"Oslo\"}", output.get(1).asFunctionCall().arguments());
        assertEquals("call_Jh2vRt5uX9oP1qS6wE3yN8dF", output.get(2).asFunctionCall().callId());
        assertEquals("{\"tz\":\"Europe/Oslo\"}", output.get(2).asFunctionCall().arguments());
        assertEquals(256, got.response().usage().orElseThrow().inputTokensDetails().cachedTokens());
        assertEquals(64, got.response().usage().orElseThrow().outputTokensDetails().reasoningTokens());

        var text = encode(Fixtures.normalized(Fixtures.bytes("streams/reasoning-summary-text.sse"),
                codec.streamDecoder()));
        assertEquals("resp_68c1db2c7f1081a39e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", text.response().id());
        assertEquals(Streams.collect(Fixtures.normalized(Fixtures.bytes("streams/reasoning-summary-text.sse"),
                codec.streamDecoder())).parts(), codec.decodeResponse(Fixtures.parse(
                        text.events().get(text.events().size() - 1).data()).get("response")).parts());
    }

    @Test
    void streamsAWholeAnswerAsTheSameResponse() throws Exception {
        var whole = codec.decodeResponse(Fixtures.json("responses/reasoning-message.json"));
        var got = encode(Fixtures.normalized(Streams.fromResponse(whole)));

        var streamed = codec.decodeResponse(Fixtures.parse(
                got.events().get(got.events().size() - 1).data()).get("response"));
        assertEquals(whole.parts(), streamed.parts());
        assertEquals(whole.usage(), streamed.usage());
        assertEquals(whole.stopReason(), streamed.stopReason());
    }
}
