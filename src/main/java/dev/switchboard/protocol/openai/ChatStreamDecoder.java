package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent.BlockKind;
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
 * An upstream's Chat stream to raw canonical events (the {@link dev.switchboard.protocol.StreamNormalizer} makes
 * them well-formed).
 *
 * <p>Chat has no blocks, only deltas. Text and reasoning become blocks keyed 0, 1, 2… in the order they open: a
 * switch from {@code reasoning_content} to {@code content} stops the thinking block and opens a text block. Tool
 * calls are keyed {@value #TOOL_KEY_BASE} + their {@code index}, so they never clash with text keys; parallel calls
 * interleave their argument pieces by {@code index}, which the normalizer straightens out. Every open block
 * stops at {@code finish_reason}, which comes before the usage-only last chunk and {@code [DONE]}.
 */
final class ChatStreamDecoder implements StreamDecoder {
    static final int TOOL_KEY_BASE = 1000;

    private boolean started;
    private boolean finished;
    /** A finish_reason arrived: the end of a Chat answer; the usage chunk and [DONE] may follow. */
    private boolean reachedEnd;
    private int nextTextKey;
    private Integer openKey;
    private BlockKind openKind;
    /** Tool calls seen, by their Chat index, to their block key. */
    private final Map<Integer, Integer> toolKeys = new LinkedHashMap<>();
    /** For relays that leave out {@code index}: the index a call id was given. */
    private final Map<String, Integer> indexById = new HashMap<>();
    private int lastToolIndex = -1;
    private boolean refused;

    @Override
    public List<StreamEvent> decode(SseEvent event) throws IOException {
        var out = new ArrayList<StreamEvent>();
        if (finished || !event.hasData()) {
            return out; // comments (": ping", ": OPENROUTER PROCESSING") carry nothing
        }
        if (event.isDone()) {
            finished = true;
            return out;
        }
        var data = event.data().strip();
        if (data.isEmpty()) {
            return out;
        }
        JsonNode chunk;
        try {
            chunk = Mappers.JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IOException("The upstream sent a stream event that is not JSON: " + abbreviate(data), e);
        }
        if (chunk == null || !chunk.isObject()) {
            throw new IOException("The upstream sent a stream event that is not a JSON object: " + abbreviate(data));
        }
        // OpenAI reports a failure mid-stream as a chunk holding only {"error": {...}}; some relays name the
        // event "error" and put the error object at the top.
        var error = chunk.get("error");
        if (error != null && !error.isNull()) {
            finished = true;
            out.add(new StreamEvent.Error(error.isObject() ? ChatErrors.neutralType(error) : "server_error",
                    ChatErrors.messageOf(error)));
            return out;
        }
        if ("error".equals(event.event())) {
            finished = true;
            out.add(new StreamEvent.Error(ChatErrors.neutralType(chunk), ChatErrors.messageOf(chunk)));
            return out;
        }
        // Azure sends a first chunk with empty choices, an empty id and model (its prompt filter results);
        // relays send "choices": null beside usage. Neither has a delta, and the answer starts with the first
        // chunk that names it or says something.
        var id = ChatJson.text(chunk, "id");
        if (!started && (!ChatJson.isEmpty(id) || hasContent(chunk))) {
            started = true;
            var model = ChatJson.text(chunk, "model");
            out.add(new StreamEvent.Start(ChatJson.isEmpty(id) ? null : id, ChatJson.isEmpty(model) ? null : model));
        }
        for (var choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // n > 1 is never requested; a stray second choice is not ours to merge
            }
            delta(choice.path("delta"), out);
            var reason = ChatJson.text(choice, "finish_reason");
            if (!ChatJson.isEmpty(reason)) {
                finish(reason, out);
            }
        }
        var usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            out.add(new StreamEvent.Usage(ChatResponses.usage(usage)));
        }
        return out;
    }

    private static boolean hasContent(JsonNode chunk) {
        return chunk.path("choices").size() > 0 || chunk.path("usage").isObject();
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public boolean reachedEnd() {
        return reachedEnd;
    }

    private void delta(JsonNode delta, List<StreamEvent> out) {
        // reasoning_content (DeepSeek, vLLM, Qwen) or reasoning (OpenRouter, newer vLLM); some servers send the
        // same text under both names, so only one is read.
        var thinking = ChatJson.text(delta, "reasoning_content");
        if (ChatJson.isEmpty(thinking)) {
            thinking = ChatJson.text(delta, "reasoning");
        }
        if (!ChatJson.isEmpty(thinking)) {
            out.add(new StreamEvent.ThinkingDelta(segment(BlockKind.THINKING, out), thinking));
        }
        var content = ChatJson.text(delta, "content");
        if (!ChatJson.isEmpty(content)) {
            out.add(new StreamEvent.TextDelta(segment(BlockKind.TEXT, out), content));
        }
        var refusal = ChatJson.text(delta, "refusal");
        if (!ChatJson.isEmpty(refusal)) {
            refused = true;
            out.add(new StreamEvent.TextDelta(segment(BlockKind.TEXT, out), refusal));
        }
        for (var call : delta.path("tool_calls")) {
            toolCall(toolIndex(call), ChatJson.text(call, "id"), call.path("function"), out);
        }
        var legacy = delta.get("function_call");
        if (legacy != null && legacy.isObject()) {
            toolCall(0, null, legacy, out); // the pre-tools API had one call per answer
        }
    }

    /** The key of the open text or thinking block of this kind, opening one (and stopping the other) if needed. */
    private int segment(BlockKind kind, List<StreamEvent> out) {
        if (openKey != null && openKind == kind) {
            return openKey;
        }
        stopSegment(out);
        openKey = nextTextKey++;
        openKind = kind;
        out.add(kind == BlockKind.THINKING ? BlockStart.thinking(openKey) : BlockStart.text(openKey));
        return openKey;
    }

    private void stopSegment(List<StreamEvent> out) {
        if (openKey != null) {
            out.add(new BlockStop(openKey));
            openKey = null;
            openKind = null;
        }
    }

    /**
     * The first delta of a call carries its id and name, later ones only pieces of arguments (OpenAI); some
     * servers send a whole call, arguments included, in one delta.
     */
    private void toolCall(int index, String id, JsonNode function, List<StreamEvent> out) {
        var key = toolKeys.get(index);
        if (key == null) {
            stopSegment(out); // text before the calls is done; text after them opens a new block
            key = TOOL_KEY_BASE + index;
            toolKeys.put(index, key);
            out.add(BlockStart.toolCall(key, id, ChatJson.text(function, "name")));
        }
        var arguments = function.get("arguments");
        if (arguments != null && arguments.isTextual() && !arguments.asText().isEmpty()) {
            out.add(new StreamEvent.ToolArgumentsDelta(key, arguments.asText()));
        } else if (arguments != null && arguments.isObject()) {
            out.add(new StreamEvent.ToolArgumentsDelta(key, arguments.toString()));
        }
    }

    /** Chat's {@code index}; relays that leave it out are followed by call id, else by the last call seen. */
    private int toolIndex(JsonNode call) {
        int index;
        var id = ChatJson.text(call, "id");
        if (call.path("index").isIntegralNumber()) {
            index = call.get("index").asInt();
        } else if (!ChatJson.isEmpty(id)) {
            index = indexById.computeIfAbsent(id, k -> toolKeys.size());
        } else {
            index = Math.max(lastToolIndex, 0);
        }
        if (!ChatJson.isEmpty(id)) {
            indexById.putIfAbsent(id, index);
        }
        lastToolIndex = index;
        return index;
    }

    private void finish(String reason, List<StreamEvent> out) {
        stopSegment(out);
        for (var key : toolKeys.values()) {
            out.add(new BlockStop(key));
        }
        out.add(new StreamEvent.Finish(ChatResponses.stopReason(reason, !toolKeys.isEmpty(), refused)));
        reachedEnd = true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
