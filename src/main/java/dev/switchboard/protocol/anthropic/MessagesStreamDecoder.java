package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Anthropic upstream's Messages stream to canonical events. Blocks keep Anthropic's content index as their key;
 * the {@link dev.switchboard.protocol.StreamNormalizer} renumbers them.
 *
 * <p>The event kind is read from the JSON {@code type}, not the {@code event:} line, which some relays drop.
 * {@code ping}, {@code citations_delta} and unknown events are ignored; so are server tool blocks
 * ({@code server_tool_use}, {@code web_search_tool_result}, …) and everything sent into them, as in whole
 * responses.
 */
final class MessagesStreamDecoder implements StreamDecoder {
    private final Set<Integer> ignoredBlocks = new HashSet<>();
    /** Anthropic's counts as last reported, field by field: the canonical input is computed from all three. */
    private Wire.RawUsage usage = Wire.RawUsage.NONE;
    private boolean finished;
    private boolean reachedEnd;

    @Override
    public List<StreamEvent> decode(SseEvent event) throws IOException {
        var out = new ArrayList<StreamEvent>();
        // [DONE]: relays that put an OpenAI-style sentinel after message_stop
        if (finished || !event.hasData() || event.data().isBlank() || event.isDone()) {
            return out;
        }
        JsonNode json;
        try {
            json = Mappers.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new IOException("The upstream sent an event that is not JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IOException("The upstream sent an event that is not a JSON object: " + event.data());
        }
        var type = json.path("type").asText(event.event() == null ? "" : event.event());
        switch (type) {
            case "message_start" -> messageStart(json.path("message"), out);
            case "content_block_start" -> blockStart(json, out);
            case "content_block_delta" -> blockDelta(json, out);
            case "content_block_stop" -> {
                int index = index(json);
                if (!ignoredBlocks.contains(index)) {
                    out.add(new StreamEvent.BlockStop(index));
                }
            }
            case "message_delta" -> messageDelta(json, out);
            case "message_stop" -> {
                finished = true;
                reachedEnd = true;
            }
            case "error" -> {
                var error = json.path("error");
                out.add(new StreamEvent.Error(Wire.neutralErrorType(error.path("type").asText(null)),
                        error.path("message").asText("The upstream reported an error")));
                finished = true; // Anthropic ends the stream after an error event
            }
            default -> {
                // ping, and events added to the protocol after this was written
            }
        }
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public boolean reachedEnd() {
        return reachedEnd;
    }

    private void messageStart(JsonNode message, List<StreamEvent> out) {
        out.add(new StreamEvent.Start(message.path("id").asText(null), message.path("model").asText(null)));
        if (message.has("usage")) {
            usage = usage.merge(Wire.RawUsage.of(message.get("usage")));
            out.add(new StreamEvent.Usage(usage.canonical()));
        }
    }

    private void blockStart(JsonNode json, List<StreamEvent> out) throws IOException {
        int index = index(json);
        var block = json.path("content_block");
        switch (block.path("type").asText("")) {
            case "text" -> {
                out.add(BlockStart.text(index));
                addText(out, new StreamEvent.TextDelta(index, block.path("text").asText("")));
            }
            case "thinking" -> {
                out.add(BlockStart.thinking(index));
                var text = block.path("thinking").asText("");
                if (!text.isEmpty()) {
                    out.add(new StreamEvent.ThinkingDelta(index, text));
                }
                var signature = block.path("signature").asText("");
                if (!signature.isEmpty()) {
                    out.add(new StreamEvent.SignatureDelta(index, signature));
                }
            }
            case "redacted_thinking" -> out.add(new BlockStart(index, BlockKind.REDACTED_THINKING, null, null,
                    block.path("data").asText("")));
            case "tool_use" -> {
                out.add(BlockStart.toolCall(index, block.path("id").asText(null), block.path("name").asText(null)));
                // the input is streamed as deltas and starts as {}; a relay that sends it whole is taken as is
                var input = block.get("input");
                if (input != null && input.isObject() && input.size() > 0) {
                    out.add(new StreamEvent.ToolArgumentsDelta(index, Wire.write(input)));
                }
            }
            default -> ignoredBlocks.add(index);
        }
    }

    private void blockDelta(JsonNode json, List<StreamEvent> out) throws IOException {
        int index = index(json);
        if (ignoredBlocks.contains(index)) {
            return;
        }
        var delta = json.path("delta");
        switch (delta.path("type").asText("")) {
            case "text_delta" -> addText(out, new StreamEvent.TextDelta(index, delta.path("text").asText("")));
            case "thinking_delta" -> out.add(new StreamEvent.ThinkingDelta(index, delta.path("thinking").asText("")));
            case "signature_delta" -> out.add(new StreamEvent.SignatureDelta(index,
                    delta.path("signature").asText("")));
            case "input_json_delta" -> {
                var partial = delta.path("partial_json").asText("");
                if (!partial.isEmpty()) { // Anthropic opens every tool input with an empty piece
                    out.add(new StreamEvent.ToolArgumentsDelta(index, partial));
                }
            }
            default -> {
                // citations_delta: citations are dropped
            }
        }
    }

    private void messageDelta(JsonNode json, List<StreamEvent> out) {
        var usageNode = json.get("usage");
        if (usageNode != null && usageNode.isObject()) {
            usage = usage.merge(Wire.RawUsage.of(usageNode));
            out.add(new StreamEvent.Usage(usage.canonical()));
        }
        var stop = json.path("delta").path("stop_reason");
        if (stop.isTextual()) {
            out.add(new StreamEvent.Finish(Wire.stopReason(stop.asText())));
        }
    }

    private static void addText(List<StreamEvent> out, StreamEvent.TextDelta delta) {
        if (!delta.text().isEmpty()) {
            out.add(delta);
        }
    }

    private static int index(JsonNode json) throws IOException {
        var index = json.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw new IOException("The upstream sent a content block event without an index: " + json);
        }
        return index.intValue();
    }
}
