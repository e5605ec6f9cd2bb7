package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent.BlockStop;
import dev.switchboard.protocol.StreamEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An upstream's Responses stream to raw canonical events (the {@link dev.switchboard.protocol.StreamNormalizer}
 * makes them well-formed).
 *
 * <p>Output items are keyed by {@code output_index}: a reasoning item is one thinking block, a function call one
 * tool-call block, and each content part of a message ({@code content_index}) one text block, so a message with
 * two parts gives two blocks. The type is read from the data's {@code type}, which every event repeats, so a
 * relay that leaves out the {@code event:} line still decodes.
 *
 * <p>OpenAI sends deltas and then the same content again in the {@code .done} events and the finished item;
 * relays do not all send both. Content that no delta brought is taken from the {@code .done} event or the
 * finished item instead, and a stream that brings nothing but its terminal response is read from that response.
 */
final class ResponsesStreamDecoder implements StreamDecoder {
    private boolean started;
    private boolean finished;
    /** response.completed or response.incomplete arrived. */
    private boolean reachedEnd;
    private int nextKey;
    private boolean refused;
    private boolean called;
    /** Output items seen, by {@code output_index}. */
    private final Map<Integer, Item> items = new LinkedHashMap<>();

    /** One output item: its block keys and what was already emitted for them. */
    private static final class Item {
        final String type;
        /** Block key of a reasoning or function call item; for messages, keys by content index. */
        Integer key;
        final Map<Integer, Integer> partKeys = new LinkedHashMap<>();
        /** Block keys that already received content. */
        final Map<Integer, Boolean> filled = new HashMap<>();
        /** Which reasoning stream this item's text comes from (summary or raw text), and the last part index. */
        String reasoningSource;
        int reasoningPart = -1;
        boolean stopped;

        Item(String type) {
            this.type = type;
        }
    }

    @Override
    public List<StreamEvent> decode(SseEvent event) throws IOException {
        var out = new ArrayList<StreamEvent>();
        if (finished || !event.hasData()) {
            return out; // comments (keep-alives) carry nothing
        }
        var raw = event.data().strip();
        if (raw.isEmpty()) {
            return out;
        }
        if (event.isDone()) {
            finished = true; // a relay's Chat habit; the normalizer finishes the stream
            return out;
        }
        JsonNode data;
        try {
            data = Mappers.JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new IOException("The upstream sent a stream event that is not JSON: " + abbreviate(raw), e);
        }
        if (data == null || !data.isObject()) {
            throw new IOException("The upstream sent a stream event that is not a JSON object: " + abbreviate(raw));
        }
        var type = ResponsesJson.text(data, "type");
        if (type == null) {
            type = event.event() == null ? "" : event.event();
        }
        switch (type) {
            case "response.created", "response.in_progress", "response.queued" -> start(data.path("response"), out);
            case "response.output_item.added" -> itemAdded(data, out);
            case "response.content_part.added" -> partAdded(data, out);
            case "response.output_text.delta" -> text(data, ResponsesJson.text(data, "delta"), true, out);
            case "response.refusal.delta" -> {
                refused = true;
                text(data, ResponsesJson.text(data, "delta"), true, out);
            }
            case "response.output_text.done" -> text(data, ResponsesJson.text(data, "text"), false, out);
            case "response.refusal.done" -> {
                refused = true;
                text(data, ResponsesJson.text(data, "refusal"), false, out);
            }
            case "response.content_part.done" -> partDone(data, out);
            case "response.reasoning_summary_text.delta" ->
                    thinking(data, "summary", index(data, "summary_index"), ResponsesJson.text(data, "delta"), true, out);
            case "response.reasoning_summary_text.done" ->
                    thinking(data, "summary", index(data, "summary_index"), ResponsesJson.text(data, "text"), false, out);
            case "response.reasoning_text.delta" ->
                    thinking(data, "text", index(data, "content_index"), ResponsesJson.text(data, "delta"), true, out);
            case "response.reasoning_text.done" ->
                    thinking(data, "text", index(data, "content_index"), ResponsesJson.text(data, "text"), false, out);
            case "response.function_call_arguments.delta" ->
                    arguments(data, ResponsesJson.text(data, "delta"), true, out);
            case "response.function_call_arguments.done" ->
                    arguments(data, ResponsesJson.text(data, "arguments"), false, out);
            case "response.output_item.done" -> itemDone(data, out);
            case "response.completed", "response.incomplete" -> complete(data.path("response"), out);
            case "response.failed" -> {
                var response = data.path("response");
                start(response, out);
                var error = response.path("error");
                finished = true;
                out.add(new StreamEvent.Error(ResponsesErrors.neutralType(error),
                        error.isObject() ? ResponsesErrors.messageOf(error) : "The upstream response failed."));
            }
            case "error" -> {
                var error = data.path("error").isObject() ? data.get("error") : data;
                finished = true;
                out.add(new StreamEvent.Error(ResponsesErrors.neutralType(error), ResponsesErrors.messageOf(error)));
            }
            default -> {
                // annotations, hosted tool progress, rate limit notes: nothing the canonical stream carries
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

    private void start(JsonNode response, List<StreamEvent> out) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(ResponsesJson.text(response, "id"), ResponsesJson.text(response, "model")));
        }
    }

    private static int index(JsonNode data, String field) {
        var v = ResponsesJson.whole(data, field);
        return v == null ? 0 : v.intValue();
    }

    private void itemAdded(JsonNode data, List<StreamEvent> out) {
        var item = data.path("item");
        var type = ResponsesJson.text(item, "type");
        int outputIndex = index(data, "output_index");
        if ("reasoning".equals(type)) {
            reasoningItem(outputIndex, out);
        } else if ("function_call".equals(type)) {
            var state = callItem(outputIndex, item, out);
            var args = ResponsesJson.text(item, "arguments");
            if ("function_call".equals(state.type) && !ResponsesJson.isEmpty(args)) {
                fill(state, state.key, new StreamEvent.ToolArgumentsDelta(state.key, args), out);
            }
        } else if ("message".equals(type)) {
            items.computeIfAbsent(outputIndex, k -> new Item("message"));
        }
        // other items (web_search_call, …) are OpenAI's own tools: not kept, so their events are ignored
    }

    private Item reasoningItem(int outputIndex, List<StreamEvent> out) {
        var state = items.get(outputIndex);
        if (state == null) {
            state = new Item("reasoning");
            state.key = nextKey++;
            items.put(outputIndex, state);
            out.add(BlockStart.thinking(state.key));
        }
        return state;
    }

    private Item callItem(int outputIndex, JsonNode item, List<StreamEvent> out) {
        var state = items.get(outputIndex);
        if (state == null) {
            state = new Item("function_call");
            state.key = nextKey++;
            items.put(outputIndex, state);
            called = true;
            out.add(BlockStart.toolCall(state.key, ResponsesOutput.callId(item), ResponsesJson.text(item, "name")));
        }
        return state;
    }

    /** The text block of a message's content part, opened on first sight. */
    private Integer partKey(int outputIndex, int contentIndex, List<StreamEvent> out) {
        var state = items.computeIfAbsent(outputIndex, k -> new Item("message"));
        if (!"message".equals(state.type)) {
            return null; // a text event for an item that is not a message: a confused relay
        }
        var key = state.partKeys.get(contentIndex);
        if (key == null) {
            key = nextKey++;
            state.partKeys.put(contentIndex, key);
            out.add(BlockStart.text(key));
        }
        return key;
    }

    private void partAdded(JsonNode data, List<StreamEvent> out) {
        var part = data.path("part");
        var type = ResponsesJson.text(part, "type");
        if (!"output_text".equals(type) && !"refusal".equals(type)) {
            return;
        }
        var key = partKey(index(data, "output_index"), index(data, "content_index"), out);
        var text = ResponsesJson.text(part, "refusal".equals(type) ? "refusal" : "text");
        if (key != null && !ResponsesJson.isEmpty(text)) {
            fill(items.get(index(data, "output_index")), key, new StreamEvent.TextDelta(key, text), out);
        }
    }

    /** A text delta, or the whole text of a {@code .done} event when no delta brought it. */
    private void text(JsonNode data, String text, boolean delta, List<StreamEvent> out) {
        int outputIndex = index(data, "output_index");
        var key = partKey(outputIndex, index(data, "content_index"), out);
        if (key == null || ResponsesJson.isEmpty(text)) {
            return;
        }
        var state = items.get(outputIndex);
        if (delta) {
            fill(state, key, new StreamEvent.TextDelta(key, text), out);
        } else if (!state.filled.containsKey(key)) {
            fill(state, key, new StreamEvent.TextDelta(key, text), out);
        }
    }

    private void partDone(JsonNode data, List<StreamEvent> out) {
        var part = data.path("part");
        var type = ResponsesJson.text(part, "type");
        if (!"output_text".equals(type) && !"refusal".equals(type)) {
            return;
        }
        if ("refusal".equals(type)) {
            refused = true;
        }
        text(data, ResponsesJson.text(part, "refusal".equals(type) ? "refusal" : "text"), false, out);
        var state = items.get(index(data, "output_index"));
        var key = state == null ? null : state.partKeys.get(index(data, "content_index"));
        if (key != null) {
            out.add(new BlockStop(key));
        }
    }

    /**
     * Reasoning text: summary parts (OpenAI) or raw reasoning text (open-weight models behind vLLM), whichever
     * comes first for the item. Summary parts are paragraphs, so a blank line goes between them, as
     * {@link ResponsesInput#reasoningText} joins them in a whole response.
     */
    private void thinking(JsonNode data, String source, int part, String text, boolean delta, List<StreamEvent> out) {
        var state = reasoningItem(index(data, "output_index"), out);
        if (!"reasoning".equals(state.type) || ResponsesJson.isEmpty(text)) {
            return;
        }
        if (state.reasoningSource == null) {
            state.reasoningSource = source;
        } else if (!state.reasoningSource.equals(source)) {
            return; // the same reasoning told twice
        }
        if (!delta && state.reasoningPart >= part) {
            return; // this part's deltas already came
        }
        if (state.reasoningPart >= 0 && part != state.reasoningPart) {
            out.add(new StreamEvent.ThinkingDelta(state.key, "\n\n"));
        }
        state.reasoningPart = part;
        fill(state, state.key, new StreamEvent.ThinkingDelta(state.key, text), out);
    }

    private void arguments(JsonNode data, String json, boolean delta, List<StreamEvent> out) {
        var state = items.get(index(data, "output_index"));
        if (state == null || !"function_call".equals(state.type) || ResponsesJson.isEmpty(json)) {
            return;
        }
        if (delta || !state.filled.containsKey(state.key)) {
            fill(state, state.key, new StreamEvent.ToolArgumentsDelta(state.key, json), out);
        }
    }

    private static void fill(Item state, int key, StreamEvent delta, List<StreamEvent> out) {
        state.filled.put(key, true);
        out.add(delta);
    }

    /** The finished item: what no delta brought, the reasoning's encrypted content, and the block stops. */
    private void itemDone(JsonNode data, List<StreamEvent> out) {
        var item = data.path("item");
        var type = ResponsesJson.text(item, "type");
        int outputIndex = index(data, "output_index");
        Item state;
        if ("reasoning".equals(type)) {
            state = reasoningItem(outputIndex, out);
            if (!"reasoning".equals(state.type)) {
                return; // an output index reused for another kind of item: a confused relay
            }
            var text = ResponsesInput.reasoningText(item);
            if (!state.filled.containsKey(state.key) && !text.isEmpty()) {
                fill(state, state.key, new StreamEvent.ThinkingDelta(state.key, text), out);
            }
            var encrypted = ResponsesJson.text(item, "encrypted_content");
            if (!ResponsesJson.isEmpty(encrypted)) {
                out.add(new StreamEvent.SignatureDelta(state.key, encrypted));
            }
            stop(state, out);
        } else if ("function_call".equals(type)) {
            state = callItem(outputIndex, item, out);
            if (!"function_call".equals(state.type)) {
                return;
            }
            var args = ResponsesJson.text(item, "arguments");
            if (!state.filled.containsKey(state.key) && !ResponsesJson.isEmpty(args)) {
                fill(state, state.key, new StreamEvent.ToolArgumentsDelta(state.key, args), out);
            }
            stop(state, out);
        } else if ("message".equals(type)) {
            var content = item.path("content");
            for (int i = 0; i < content.size(); i++) {
                var part = content.get(i);
                var ptype = ResponsesJson.text(part, "type");
                if (!"output_text".equals(ptype) && !"refusal".equals(ptype)) {
                    continue;
                }
                if ("refusal".equals(ptype)) {
                    refused = true;
                }
                var text = ResponsesJson.text(part, "refusal".equals(ptype) ? "refusal" : "text");
                var known = items.get(outputIndex);
                if (known != null && known.partKeys.containsKey(i) || !ResponsesJson.isEmpty(text)) {
                    var key = partKey(outputIndex, i, out);
                    state = items.get(outputIndex);
                    if (key != null && !state.filled.containsKey(key) && !ResponsesJson.isEmpty(text)) {
                        fill(state, key, new StreamEvent.TextDelta(key, text), out);
                    }
                }
            }
            var known = items.get(outputIndex);
            if (known != null) {
                stop(known, out);
            }
        }
    }

    private static void stop(Item state, List<StreamEvent> out) {
        if (state.stopped) {
            return;
        }
        state.stopped = true;
        if (state.key != null) {
            out.add(new BlockStop(state.key));
        }
        for (var key : state.partKeys.values()) {
            out.add(new BlockStop(key)); // a repeated stop is a no-op in the normalizer
        }
    }

    private void complete(JsonNode response, List<StreamEvent> out) {
        start(response, out);
        if (items.isEmpty()) {
            replay(response, out);
        }
        for (var state : items.values()) {
            stop(state, out);
        }
        var incompleteReason = ResponsesJson.text(response.path("incomplete_details"), "reason");
        var status = ResponsesJson.text(response, "status");
        if (status == null) {
            status = incompleteReason == null ? "completed" : "incomplete";
        }
        out.add(new StreamEvent.Usage(ResponsesOutput.usage(response.get("usage"))));
        out.add(new StreamEvent.Finish(ResponsesOutput.stopReason(status, incompleteReason, called, refused)));
        finished = true;
        reachedEnd = true;
    }

    /** A stream that sent no items: its answer is in the terminal response alone. */
    private void replay(JsonNode response, List<StreamEvent> out) {
        var whole = ResponsesOutput.decode(response);
        for (var p : whole.parts()) {
            int key = nextKey++;
            if (p instanceof Part.Text t) {
                out.add(BlockStart.text(key));
                out.add(new StreamEvent.TextDelta(key, t.text()));
            } else if (p instanceof Part.Thinking th) {
                out.add(BlockStart.thinking(key));
                out.add(new StreamEvent.ThinkingDelta(key, th.text()));
                if (th.signature() != null) {
                    out.add(new StreamEvent.SignatureDelta(key, th.signature()));
                }
            } else if (p instanceof Part.ToolCall c) {
                called = true;
                out.add(BlockStart.toolCall(key, c.id(), c.name()));
                out.add(new StreamEvent.ToolArgumentsDelta(key, c.arguments()));
            } else {
                continue;
            }
            out.add(new BlockStop(key));
        }
        if (whole.stopReason() == dev.switchboard.protocol.StopReason.REFUSAL) {
            refused = true;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
