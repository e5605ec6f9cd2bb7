package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent.BlockStop;
import dev.switchboard.protocol.StreamEvent.Finish;
import dev.switchboard.protocol.StreamEvent.Start;
import dev.switchboard.protocol.StreamEvent.TextDelta;
import dev.switchboard.protocol.StreamEvent.ThinkingDelta;
import dev.switchboard.protocol.StreamEvent.ToolArgumentsDelta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamNormalizerTest {

    private static List<StreamEvent> run(StreamEvent... events) {
        var n = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : events) {
            out.addAll(n.accept(e));
        }
        out.addAll(n.end());
        return out;
    }

    /** Every block opened is closed, blocks never overlap, indexes count up from 0. */
    private static void assertWellFormed(List<StreamEvent> events) {
        assertInstanceOf(Start.class, events.get(0));
        assertInstanceOf(Finish.class, events.get(events.size() - 1));
        Integer open = null;
        int expected = 0;
        for (var e : events) {
            if (e instanceof BlockStart b) {
                assertEquals(null, open, "a block started while another was open: " + events);
                assertEquals(expected++, b.index());
                open = b.index();
            } else if (e instanceof BlockStop s) {
                assertEquals(open, s.index());
                open = null;
            } else if (e instanceof TextDelta || e instanceof ThinkingDelta || e instanceof ToolArgumentsDelta) {
                assertTrue(open != null, "a delta outside a block: " + e);
            }
        }
        assertEquals(null, open, "a block was left open");
        assertEquals(1, events.stream().filter(Finish.class::isInstance).count());
    }

    @Test
    void convertsParallelToolCallsToSequentialBlocks() {
        var out = run(
                new Start("c1", "m"),
                BlockStart.toolCall(0, "call_a", "weather"),
                new ToolArgumentsDelta(0, "{\"city\":"),
                BlockStart.toolCall(1, "call_b", "time"),
                new ToolArgumentsDelta(1, "{\"tz\":"),
                new ToolArgumentsDelta(0, "\"Oslo\"}"),
                new ToolArgumentsDelta(1, "\"CET\"}"),
                new Finish(StopReason.TOOL_USE));

        assertWellFormed(out);
        var response = Streams.collect(out);
        assertEquals(List.of(
                new Part.ToolCall("call_a", "weather", "{\"city\":\"Oslo\"}", null),
                new Part.ToolCall("call_b", "time", "{\"tz\":\"CET\"}", null)), response.parts());
        assertEquals(StopReason.TOOL_USE, response.stopReason());
    }

    @Test
    void keepsThinkingBeforeTextAndStartsWhatTheUpstreamNeverStarted() {
        var out = run(
                new ThinkingDelta(7, "hmm"),
                new StreamEvent.SignatureDelta(7, "sig=="),
                new BlockStop(7),
                new TextDelta(8, "Hi"),
                new Finish(StopReason.END_TURN));

        assertWellFormed(out);
        assertEquals(List.of(new Part.Thinking("hmm", "sig==", false), new Part.Text("Hi")),
                Streams.collect(out).parts());
    }

    @Test
    void saysToolUseWhenToolsWereCalledButTheUpstreamSaidStop() {
        var out = run(BlockStart.toolCall(0, null, "f"), new ToolArgumentsDelta(0, "{}"), new Finish(StopReason.END_TURN));

        assertEquals(new Finish(StopReason.TOOL_USE), out.get(out.size() - 1));
        var call = (Part.ToolCall) Streams.collect(out).parts().get(0);
        assertTrue(call.id().startsWith("call_"), "a missing upstream id gets a generated one: " + call.id());
    }

    @Test
    void reportsUsageThatArrivesAfterTheFinishReasonBeforeFinishing() {
        var out = run(
                new TextDelta(0, "x"),
                new Finish(StopReason.END_TURN),
                new StreamEvent.Usage(new Usage(12L, 2L, 4L, null, null)));

        assertWellFormed(out);
        assertInstanceOf(StreamEvent.Usage.class, out.get(out.size() - 2));
        assertEquals(new Usage(12L, 2L, 4L, null, null), Streams.collect(out).usage());
    }

    @Test
    void endsWithTheErrorAndEmitsNothingAfterIt() {
        var n = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        out.addAll(n.accept(new TextDelta(0, "par")));
        out.addAll(n.accept(new StreamEvent.Error("overloaded", "busy")));
        out.addAll(n.accept(new TextDelta(0, "tial")));
        out.addAll(n.end());

        assertInstanceOf(BlockStop.class, out.get(out.size() - 2), "the open block is closed before the error");
        assertEquals(new StreamEvent.Error("overloaded", "busy"), out.get(out.size() - 1));
    }

    @Test
    void aWholeResponseBecomesAStreamThatAddsUpToIt() {
        var response = new ChatResponse("r1", "m", List.of(new Part.Thinking("t", "s", false), new Part.Text("a"),
                new Part.ToolCall("call_1", "f", "{\"x\":1}", null)), StopReason.TOOL_USE,
                new Usage(10L, 5L, null, null, 2L));

        var n = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        Streams.fromResponse(response).forEach(e -> out.addAll(n.accept(e)));
        out.addAll(n.end());

        assertWellFormed(out);
        assertEquals(response, Streams.collect(out));
    }
}
