package dev.switchboard.protocol.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamDecoderTest {
    private final ResponsesCodec codec = ResponsesCodec.create();

    private ChatResponse collect(String fixture) throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes(fixture), decoder);
        assertTrue(decoder.finished(), "the upstream's terminal event was seen");
        return Streams.collect(events);
    }

    private ChatResponse collectText(String sse) throws IOException {
        return Streams.collect(Fixtures.normalized(sse.getBytes(StandardCharsets.UTF_8), codec.streamDecoder()));
    }

    /** The terminal event's response, decoded whole: what the stream must add up to. */
    private ChatResponse terminal(String fixture) throws IOException {
        var events = Fixtures.events(Fixtures.bytes(fixture));
        var last = Fixtures.parse(events.get(events.size() - 1).data()).get("response");
        return codec.decodeResponse(last);
    }

    @Test
    void decodesText() throws IOException {
        var r = collect("streams/text.sse");

        assertEquals("resp_68c1da0f3e5c8190a1b2c3d4e5f6a7b80c1d2e3f4a5b6c7d", r.id());
        assertEquals("gpt-4.1-2025-04-14", r.model());
        assertEquals(List.of(new Part.Text("Oslo sits at the head of the Oslofjord. Its opera house, clad in white"
                + " marble, slopes into the water so you can walk on the roof.")), r.parts());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(new Usage(41L, 32L, 0L, null, 0L), r.usage());
        assertEquals(terminal("streams/text.sse"), r);
    }

    @Test
    void decodesReasoningSummaryPartsAndTheEncryptedContent() throws IOException {
        var r = collect("streams/reasoning-summary-text.sse");

        var thinking = (Part.Thinking) r.parts().get(0);
        assertEquals("**Counting letters**\n\nThe word is s-t-r-a-w-b-e-r-r-y: r appears at positions 3, 8 and 9."
                + "\n\n**Answering**\n\nThree Rs.", thinking.text(), "summary parts join with a blank line");
        assertTrue(thinking.signature().startsWith("gAAAAA"), "encrypted_content from output_item.done");
        assertEquals(new Part.Text("There are three “r”s in “strawberry”."), r.parts().get(1));
        assertEquals(new Usage(1843L, 212L, 1536L, 307L, 192L), r.usage());
        assertEquals(terminal("streams/reasoning-summary-text.sse"), r, "the stream says what the whole answer says");
    }

    @Test
    void decodesParallelFunctionCalls() throws IOException {
        var r = collect("streams/parallel-function-calls.sse");

        assertEquals(3, r.parts().size());
        assertEquals("", ((Part.Thinking) r.parts().get(0)).text());
        assertEquals(new Part.ToolCall("call_Wq0sbD8xY1cT3nKpLmZ4aB7e", "get_weather", "{\"city\":\"Oslo\"}", null),
                r.parts().get(1));
        assertEquals(new Part.ToolCall("call_Jh2vRt5uX9oP1qS6wE3yN8dF", "get_time", "{\"tz\":\"Europe/Oslo\"}", null),
                r.parts().get(2));
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(new Usage(312L, 91L, 256L, null, 64L), r.usage());
        assertEquals(terminal("streams/parallel-function-calls.sse"), r);
    }

    @Test
    void decodesAnIncompleteStream() throws IOException {
        var r = collect("streams/incomplete.sse");

        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
        assertEquals(List.of(new Part.Text("Once upon a time, in a harbour town far to the north, there")), r.parts());
        assertEquals(16L, r.usage().output());
    }

    @Test
    void endsAFailedResponseWithAnError() throws IOException {
        var decoder = codec.streamDecoder();
        var events = Fixtures.normalized(Fixtures.bytes("streams/failed.sse"), decoder);

        assertTrue(decoder.finished());
        var last = (StreamEvent.Error) events.get(events.size() - 1);
        assertEquals("server_error", last.type());
        assertTrue(last.message().startsWith("An error occurred while processing your request."));
        assertFalse(events.stream().anyMatch(StreamEvent.Finish.class::isInstance), "a failed stream does not finish");
        assertEquals(List.of(new Part.Text("The first step is")), Streams.collect(events).parts(),
                "the text before the failure is kept and its block closed");
    }

    @Test
    void readsTheErrorEvent() throws IOException {
        var decoder = codec.streamDecoder();
        var sse = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                + "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-5\",\"output\":[]}}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"sequence_number\":1,\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"Rate limit reached for gpt-5 on tokens per min (TPM): Limit 30000, Used 29731.\","
                + "\"param\":null}\n\n";
        var events = Fixtures.normalized(sse.getBytes(StandardCharsets.UTF_8), decoder);

        assertTrue(decoder.finished());
        assertEquals(new StreamEvent.Error("rate_limit",
                "Rate limit reached for gpt-5 on tokens per min (TPM): Limit 30000, Used 29731."),
                events.get(events.size() - 1));
    }

    @Test
    void readsEventsWithoutEventLines() throws IOException {
        var stripped = Fixtures.text("streams/reasoning-summary-text.sse").replaceAll("(?m)^event: .*\n", "");
        assertEquals(collect("streams/reasoning-summary-text.sse"), collectText(stripped));
    }

    @Test
    void takesContentFromDoneEventsWhenARelaySendsNoDeltas() throws IOException {
        // a relay that reports each item only when it is finished
        var r = collectText(""
                + "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_r\",\"model\":\"qwen3\",\"output\":[]}}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"reasoning\","
                + "\"id\":\"rs_1\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"Think.\"}]}}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{\"type\":\"message\","
                + "\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi.\"}]}}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":2,\"item\":{\"type\":\"function_call\","
                + "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}\n\n"
                + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_r\",\"status\":\"completed\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":7}}}\n\n");

        assertEquals(List.of(new Part.Thinking("Think.", null, false), new Part.Text("Hi."),
                new Part.ToolCall("call_1", "f", "{\"a\":1}", null)), r.parts());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(new Usage(5L, 7L, null, null, null), r.usage());
    }

    @Test
    void doesNotRepeatTextThatDeltasBrought() throws IOException {
        var r = collectText(""
                + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}\n\n"
                + "data: {\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"lo\"}\n\n"
                + "data: {\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"text\":\"Hello\"}\n\n"
                + "data: {\"type\":\"response.refusal.delta\",\"output_index\":0,\"content_index\":1,\"delta\":\"No.\"}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\"},{\"type\":\"refusal\",\"refusal\":\"No.\"}]}}\n\n"
                + "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}\n\n");

        assertEquals(List.of(new Part.Text("Hello"), new Part.Text("No.")), r.parts(), "one block per content part");
        assertEquals(StopReason.REFUSAL, r.stopReason());
    }

    @Test
    void readsAStreamThatOnlySendsItsTerminalResponse() throws IOException {
        var whole = Fixtures.json("responses/function-calls.json");
        var r = collectText("data: {\"type\":\"response.completed\",\"response\":" + whole + "}\n\n");

        assertEquals(codec.decodeResponse(whole), r);
    }

    @Test
    void refusesMalformedJson() {
        var decoder = codec.streamDecoder();
        assertThrows(IOException.class, () -> decoder.decode(SseEvent.of("response.output_text.delta", "{\"type\":")));
    }

    @Test
    void ignoresEventsAfterTheTerminalOne() throws IOException {
        var decoder = codec.streamDecoder();
        for (var e : Fixtures.events(Fixtures.bytes("streams/text.sse"))) {
            decoder.decode(e);
        }
        assertTrue(decoder.finished());
        assertTrue(decoder.decode(SseEvent.of("response.output_text.delta", "{\"type\":\"response.output_text.delta\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"late\"}")).isEmpty());
    }
}
