package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;

/**
 * A Responses {@code response} object to and from {@link ChatResponse}: output items, status and
 * {@code incomplete_details}, usage. The stream encoder builds its items and its terminal response with the same
 * methods, so a streamed answer and a whole one look alike.
 */
final class ResponsesOutput {
    private ResponsesOutput() {
    }

    static ChatResponse decode(JsonNode body) {
        var parts = new ArrayList<Part>();
        boolean called = false;
        boolean refused = false;
        for (var item : body.path("output")) {
            var type = ResponsesJson.text(item, "type");
            if ("reasoning".equals(type)) {
                var text = ResponsesInput.reasoningText(item);
                var encrypted = ResponsesJson.text(item, "encrypted_content");
                if (!text.isEmpty() || !ResponsesJson.isEmpty(encrypted)) {
                    parts.add(new Part.Thinking(text, ResponsesJson.isEmpty(encrypted) ? null : encrypted, false));
                }
            } else if ("message".equals(type)) {
                for (var c : item.path("content")) {
                    var ctype = ResponsesJson.text(c, "type");
                    if ("refusal".equals(ctype)) {
                        var refusal = ResponsesJson.text(c, "refusal");
                        if (!ResponsesJson.isEmpty(refusal)) {
                            parts.add(new Part.Text(refusal));
                            refused = true;
                        }
                    } else {
                        var text = ResponsesJson.text(c, "text");
                        if (!ResponsesJson.isEmpty(text)) {
                            parts.add(new Part.Text(text));
                        }
                    }
                }
            } else if ("function_call".equals(type)) {
                parts.add(new Part.ToolCall(callId(item), ResponsesJson.text(item, "name"),
                        ResponsesInput.arguments(item.get("arguments")), null));
                called = true;
            }
            // hosted tool calls (web_search_call, …) ran at OpenAI and have no canonical form
        }
        var reason = stopReason(ResponsesJson.text(body, "status"),
                ResponsesJson.text(body.path("incomplete_details"), "reason"), called, refused);
        return new ChatResponse(ResponsesJson.text(body, "id"), ResponsesJson.text(body, "model"), parts, reason,
                usage(body.get("usage")));
    }

    /** The call id a client answers with: {@code call_id}; a relay that only gives the item id gets that. */
    static String callId(JsonNode item) {
        var callId = ResponsesJson.text(item, "call_id");
        if (ResponsesJson.isEmpty(callId)) {
            callId = ResponsesJson.text(item, "id");
        }
        return ResponsesJson.isEmpty(callId) ? ResponsesJson.newId("call_") : callId;
    }

    /**
     * Responses says why an answer ended only when it did not complete ({@code incomplete_details.reason}); a
     * completed answer that called functions waits for their results, one that holds a refusal was declined. Other
     * incomplete reasons are cut-offs too, and read as the output limit.
     */
    static StopReason stopReason(String status, String incompleteReason, boolean called, boolean refused) {
        if ("incomplete".equals(status)) {
            return "content_filter".equals(incompleteReason) ? StopReason.CONTENT_FILTER : StopReason.MAX_TOKENS;
        }
        if (called) {
            return StopReason.TOOL_USE;
        }
        return refused ? StopReason.REFUSAL : StopReason.END_TURN;
    }

    /**
     * Responses usage. {@code input_tokens} already includes {@code cached_tokens} and {@code cache_write_tokens}
     * (the details are parts of it), as the canonical {@code input} does; {@code reasoning_tokens} are part of
     * {@code output_tokens}, as canonical {@code reasoning} is part of {@code output}. Older answers and relays
     * leave {@code cache_write_tokens} out: unknown, not zero.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        var input = usage.path("input_tokens_details");
        return new Usage(ResponsesJson.whole(usage, "input_tokens"), ResponsesJson.whole(usage, "output_tokens"),
                ResponsesJson.whole(input, "cached_tokens"), ResponsesJson.whole(input, "cache_write_tokens"),
                ResponsesJson.whole(usage.path("output_tokens_details"), "reasoning_tokens"));
    }

    static ObjectNode encodeUsage(Usage usage) {
        long input = usage.input() == null ? 0 : usage.input();
        long output = usage.output() == null ? 0 : usage.output();
        var node = ResponsesJson.NODES.objectNode();
        node.put("input_tokens", input);
        // cache_write_tokens is required by the current SDKs, which refuse a usage without it
        node.putObject("input_tokens_details").put("cached_tokens", usage.cacheRead() == null ? 0 : usage.cacheRead())
                .put("cache_write_tokens", usage.cacheWrite() == null ? 0 : usage.cacheWrite());
        node.put("output_tokens", output);
        node.putObject("output_tokens_details")
                .put("reasoning_tokens", usage.reasoning() == null ? 0 : usage.reasoning());
        node.put("total_tokens", input + output);
        return node;
    }

    /**
     * A {@code response} object for a Responses client, as OpenAI answers one. The request is not at hand here,
     * so the fields that echo it say what Switchboard does ({@code store: false}) or their defaults
     * ({@code tools: []}, {@code tool_choice: "auto"}); the official SDKs require them to be present.
     */
    static ObjectNode encode(ChatResponse response, String model, long createdAt) {
        var root = shell(ResponsesJson.responseId(response.id()), model, createdAt, status(response.stopReason()));
        var output = (ArrayNode) root.get("output");
        boolean refusal = response.stopReason() == StopReason.REFUSAL;
        for (var p : response.parts()) {
            if (p instanceof Part.Text t) {
                output.add(messageItem(ResponsesJson.newId("msg_"), t.text(), refusal, "completed"));
            } else if (p instanceof Part.Thinking th && !th.redacted()) {
                output.add(reasoningItem(ResponsesJson.newId("rs_"), th.text(), th.signature()));
            } else if (p instanceof Part.ToolCall c) {
                output.add(functionCallItem(ResponsesJson.newId("fc_"), c.id(), c.name(),
                        ResponsesJson.isEmpty(c.arguments()) ? "{}" : c.arguments(), "completed"));
            }
            // redacted thinking is Anthropic's and unreadable; images and tool results do not occur in answers
        }
        finish(root, response.stopReason(), response.usage());
        return root;
    }

    /**
     * Sets status, {@code incomplete_details} and usage of a finished response. Items keep status
     * {@code completed} even when the answer was cut: a stream has already said so in its
     * {@code output_item.done} events before it learns why the answer ended, and the whole answer says the same.
     */
    static void finish(ObjectNode root, StopReason reason, Usage usage) {
        var status = status(reason);
        root.put("status", status);
        if ("incomplete".equals(status)) {
            root.putObject("incomplete_details")
                    .put("reason", reason == StopReason.CONTENT_FILTER ? "content_filter" : "max_output_tokens");
        }
        root.set("usage", encodeUsage(usage == null ? Usage.NONE : usage));
    }

    static String status(StopReason reason) {
        return reason == StopReason.MAX_TOKENS || reason == StopReason.CONTENT_FILTER ? "incomplete" : "completed";
    }

    /** A response object with every field the SDKs require, no output yet and the given status. */
    static ObjectNode shell(String id, String model, long createdAt, String status) {
        var root = ResponsesJson.NODES.objectNode();
        root.put("id", id);
        root.put("object", "response");
        root.put("created_at", createdAt);
        root.put("status", status);
        root.put("background", false);
        root.putNull("error");
        root.putNull("incomplete_details");
        root.putNull("instructions");
        root.putNull("max_output_tokens");
        root.put("model", model);
        root.putArray("output");
        root.put("parallel_tool_calls", true);
        root.putNull("previous_response_id");
        var reasoning = root.putObject("reasoning");
        reasoning.putNull("effort");
        reasoning.putNull("summary");
        root.put("store", false);
        root.putNull("temperature");
        root.putObject("text").putObject("format").put("type", "text");
        root.put("tool_choice", "auto");
        root.putArray("tools");
        root.putNull("top_p");
        root.put("truncation", "disabled");
        root.putNull("usage");
        root.putNull("user");
        root.putObject("metadata");
        return root;
    }

    static ObjectNode messageItem(String id, String text, boolean refusal, String status) {
        var item = ResponsesJson.NODES.objectNode();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        var content = item.putArray("content");
        if (text != null) {
            content.add(refusal ? refusalPart(text) : outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        var part = ResponsesJson.NODES.objectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    private static ObjectNode refusalPart(String text) {
        return ResponsesJson.NODES.objectNode().put("type", "refusal").put("refusal", text);
    }

    /**
     * A reasoning item. The signature travels as {@code encrypted_content} whatever provider made it: the client
     * hands the item back next turn and the signature returns to the provider that needs it (an OpenAI upstream
     * gets only its own, see {@link ResponsesInput}).
     */
    static ObjectNode reasoningItem(String id, String text, String signature) {
        var item = ResponsesJson.NODES.objectNode();
        item.put("id", id);
        item.put("type", "reasoning");
        var summary = item.putArray("summary");
        if (text != null && !text.isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", text);
        }
        if (!ResponsesJson.isEmpty(signature)) {
            item.put("encrypted_content", signature);
        }
        return item;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        var item = ResponsesJson.NODES.objectNode();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("arguments", arguments);
        item.put("call_id", callId);
        item.put("name", name == null ? "" : name);
        return item;
    }
}
