package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/** A {@code chat.completion} body to and from {@link ChatResponse}, with the finish reason and usage mappings. */
final class ChatResponses {
    private ChatResponses() {
    }

    static ChatResponse decode(JsonNode body) {
        var choices = body.path("choices");
        var choice = choices.isArray() && !choices.isEmpty() ? choices.get(0) : ChatJson.NODES.objectNode();
        var message = choice.path("message");
        var parts = new ArrayList<Part>();
        var thinking = ChatJson.text(message, "reasoning_content");
        if (ChatJson.isEmpty(thinking)) {
            thinking = ChatJson.text(message, "reasoning"); // OpenRouter, newer vLLM
        }
        if (!ChatJson.isEmpty(thinking)) {
            parts.add(new Part.Thinking(thinking, null, false));
        }
        var content = message.get("content");
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            parts.add(new Part.Text(content.asText()));
        } else if (content != null && content.isArray()) {
            // a few relays answer with content parts, as requests may have them
            for (var p : content) {
                var text = ChatJson.text(p, "text");
                if (!ChatJson.isEmpty(text)) {
                    parts.add(new Part.Text(text));
                }
            }
        }
        var refusal = ChatJson.text(message, "refusal");
        boolean refused = !ChatJson.isEmpty(refusal);
        if (refused) {
            parts.add(new Part.Text(refusal));
        }
        boolean called = false;
        for (var call : message.path("tool_calls")) {
            var function = call.path("function");
            var id = ChatJson.text(call, "id");
            parts.add(new Part.ToolCall(ChatJson.isEmpty(id) ? ChatJson.newCallId() : id,
                    ChatJson.text(function, "name"), ChatMessages.arguments(function.get("arguments")), null));
            called = true;
        }
        var legacy = message.get("function_call");
        if (legacy != null && legacy.isObject()) {
            parts.add(new Part.ToolCall(ChatJson.newCallId(), ChatJson.text(legacy, "name"),
                    ChatMessages.arguments(legacy.get("arguments")), null));
            called = true;
        }
        var reason = stopReason(ChatJson.text(choice, "finish_reason"), called, refused);
        return new ChatResponse(ChatJson.text(body, "id"), ChatJson.text(body, "model"), parts, reason,
                usage(body.get("usage")));
    }

    /**
     * Chat's {@code finish_reason}. OpenAI ends a refusal with {@code stop}, and Gemini's and other relays'
     * compatibility layers end tool calls with {@code stop} too; what the message holds decides those. Relays of
     * other protocols leak their own words ({@code max_tokens}, {@code tool_use}); those are read as meant.
     * A stop sequence cannot be told from a natural end in Chat, so both are {@code END_TURN}.
     */
    static StopReason stopReason(String finish, boolean calledTools, boolean refused) {
        var reason = StopReason.END_TURN;
        if (finish != null) {
            switch (finish) {
                case "length", "max_tokens", "model_length" -> reason = StopReason.MAX_TOKENS;
                case "tool_calls", "function_call", "tool_use" -> reason = StopReason.TOOL_USE;
                case "content_filter" -> reason = StopReason.CONTENT_FILTER;
                default -> reason = StopReason.END_TURN;
            }
        }
        if (reason == StopReason.END_TURN && calledTools) {
            return StopReason.TOOL_USE;
        }
        if (reason == StopReason.END_TURN && refused) {
            return StopReason.REFUSAL;
        }
        return reason;
    }

    static String finishReason(StopReason reason) {
        switch (reason) {
            case MAX_TOKENS:
                return "length";
            case TOOL_USE:
                return "tool_calls";
            case CONTENT_FILTER:
                return "content_filter";
            default:
                return "stop"; // END_TURN, STOP_SEQUENCE and REFUSAL all end with "stop" in Chat
        }
    }

    /**
     * Chat usage. {@code prompt_tokens} already includes {@code cached_tokens}, as the canonical {@code input}
     * does; {@code reasoning_tokens} are part of {@code completion_tokens}, as canonical {@code reasoning} is part
     * of {@code output}. DeepSeek reports its cache hits as {@code prompt_cache_hit_tokens} instead.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        var cached = ChatJson.whole(usage.path("prompt_tokens_details"), "cached_tokens");
        if (cached == null) {
            cached = ChatJson.whole(usage, "prompt_cache_hit_tokens");
        }
        return new Usage(ChatJson.whole(usage, "prompt_tokens"), ChatJson.whole(usage, "completion_tokens"), cached,
                null, ChatJson.whole(usage.path("completion_tokens_details"), "reasoning_tokens"));
    }

    static ObjectNode encodeUsage(Usage usage) {
        long input = usage.input() == null ? 0 : usage.input();
        long output = usage.output() == null ? 0 : usage.output();
        var node = ChatJson.NODES.objectNode();
        node.put("prompt_tokens", input);
        node.put("completion_tokens", output);
        node.put("total_tokens", input + output);
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheRead() == null ? 0 : usage.cacheRead());
        node.putObject("completion_tokens_details")
                .put("reasoning_tokens", usage.reasoning() == null ? 0 : usage.reasoning());
        return node;
    }

    /**
     * A {@code chat.completion} for a Chat client. Thinking goes out as {@code reasoning_content}, the field
     * DeepSeek's API defined and relays and their clients read; a refusal goes in {@code refusal} with a null
     * {@code content}, as OpenAI sends one. {@code content} is null when the answer only calls tools.
     */
    static ObjectNode encode(ChatResponse response, String model, long created) {
        var root = ChatJson.NODES.objectNode();
        root.put("id", ChatJson.completionId(response.id()));
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", model);
        var choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        var message = choice.putObject("message");
        message.put("role", "assistant");
        var text = new StringBuilder();
        var thinking = new StringBuilder();
        boolean anyText = false;
        boolean anyThinking = false;
        List<Part.ToolCall> calls = new ArrayList<>();
        for (var p : response.parts()) {
            if (p instanceof Part.Text t) {
                text.append(t.text());
                anyText = true;
            } else if (p instanceof Part.Thinking th && !th.redacted()) {
                thinking.append(th.text());
                anyThinking = true;
            } else if (p instanceof Part.ToolCall c) {
                calls.add(c);
            }
        }
        boolean refusal = response.stopReason() == StopReason.REFUSAL && anyText;
        if (anyText && !refusal) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (refusal) {
            message.put("refusal", text.toString());
        } else {
            message.putNull("refusal");
        }
        if (anyThinking) {
            message.put("reasoning_content", thinking.toString());
        }
        if (!calls.isEmpty()) {
            var array = message.putArray("tool_calls");
            for (var c : calls) {
                var call = array.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                call.putObject("function").put("name", c.name())
                        .put("arguments", ChatJson.isEmpty(c.arguments()) ? "{}" : c.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response.stopReason()));
        root.set("usage", encodeUsage(response.usage()));
        return root;
    }
}
