package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A well-formed canonical stream ({@link dev.switchboard.protocol.StreamNormalizer}) as the Messages stream an
 * Anthropic client reads: {@code message_start}, then per block {@code content_block_start}, its deltas and
 * {@code content_block_stop}, then {@code message_delta} and {@code message_stop}; or an {@code error} event.
 *
 * <p>Usage is often unknown at the start (an OpenAI upstream reports it last), so {@code message_start} carries
 * zeros and {@code message_delta} carries every count known by the end: the Anthropic SDKs' accumulators take
 * input and cache counts from {@code message_delta} when they are there.
 */
final class MessagesStreamEncoder implements StreamEncoder {
    private String model;
    private Usage usage = Usage.NONE;
    private boolean started;
    private boolean ended;

    MessagesStreamEncoder(String model) {
        this.model = model;
    }

    @Override
    public List<SseEvent> encode(StreamEvent event) {
        var out = new ArrayList<SseEvent>();
        if (ended) {
            return out;
        }
        if (event instanceof StreamEvent.Start s) {
            if (model == null) {
                model = s.model(); // the SDKs require a model name; the upstream's is better than none
            }
            start(s.id(), out);
            return out;
        }
        if (event instanceof StreamEvent.Error e) {
            error(e.type(), e.message(), out);
            return out;
        }
        start(null, out); // a stream that did not say Start still needs message_start first
        if (event instanceof StreamEvent.BlockStart b) {
            var node = Wire.object().put("type", "content_block_start").put("index", b.index());
            node.set("content_block", emptyBlock(b));
            out.add(event("content_block_start", node));
        } else if (event instanceof StreamEvent.TextDelta t) {
            delta(out, t.index(), "text_delta", "text", t.text());
        } else if (event instanceof StreamEvent.ThinkingDelta t) {
            delta(out, t.index(), "thinking_delta", "thinking", t.text());
        } else if (event instanceof StreamEvent.SignatureDelta s) {
            delta(out, s.index(), "signature_delta", "signature", s.signature());
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            delta(out, a.index(), "input_json_delta", "partial_json", a.json());
        } else if (event instanceof StreamEvent.BlockStop s) {
            out.add(event("content_block_stop", Wire.object().put("type", "content_block_stop")
                    .put("index", s.index())));
        } else if (event instanceof StreamEvent.Usage u) {
            usage = usage.merge(u.usage()); // reported in message_delta
        } else if (event instanceof StreamEvent.Finish f) {
            var node = Wire.object().put("type", "message_delta");
            node.putObject("delta").put("stop_reason", Wire.stopReason(f.reason())).putNull("stop_sequence");
            node.set("usage", Wire.deltaUsage(usage));
            out.add(event("message_delta", node));
            out.add(event("message_stop", Wire.object().put("type", "message_stop")));
            ended = true;
        }
        return out;
    }

    /**
     * Nothing when the stream ended properly. A stream cut off before its Finish (the upstream went away) ends
     * in an error event: finishing it with {@code end_turn} would pass a truncated answer off as complete.
     */
    @Override
    public List<SseEvent> end() {
        var out = new ArrayList<SseEvent>();
        if (!ended) {
            error("server_error", "The upstream stream ended before the answer was complete.", out);
        }
        return out;
    }

    private void start(String id, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        var message = Wire.object()
                .put("id", Wire.messageId(id))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", Wire.messageUsage(usage));
        var node = Wire.object().put("type", "message_start");
        node.set("message", message);
        out.add(event("message_start", node));
    }

    private void error(String type, String message, List<SseEvent> out) {
        var node = Wire.object().put("type", "error");
        node.putObject("error").put("type", Wire.anthropicErrorType(type, 500))
                .put("message", message == null ? "" : message);
        out.add(event("error", node));
        ended = true;
    }

    private static ObjectNode emptyBlock(StreamEvent.BlockStart b) {
        var block = Wire.object();
        switch (b.kind()) {
            case TEXT -> block.put("type", "text").put("text", "");
            case THINKING -> block.put("type", "thinking").put("thinking", "").put("signature", "");
            case REDACTED_THINKING -> block.put("type", "redacted_thinking")
                    .put("data", b.signature() == null ? "" : b.signature());
            case TOOL_CALL -> {
                block.put("type", "tool_use").put("id", b.toolCallId()).put("name", b.toolName());
                block.putObject("input"); // the arguments follow as input_json_delta
            }
        }
        return block;
    }

    /** Empty deltas are left out: they say nothing, and Anthropic itself never sends an empty text delta. */
    private static void delta(List<SseEvent> out, int index, String type, String field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        var node = Wire.object().put("type", "content_block_delta").put("index", index);
        node.putObject("delta").put("type", type).put(field, value);
        out.add(event("content_block_delta", node));
    }

    private static SseEvent event(String name, ObjectNode data) {
        return SseEvent.of(name, Wire.write(data));
    }
}
