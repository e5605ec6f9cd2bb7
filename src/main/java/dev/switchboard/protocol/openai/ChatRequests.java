package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.BodyFields;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.ModelDialect;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/** A Chat Completions request body to and from {@link ChatRequest}; see {@link ChatCompletionsCodec} for what is dropped. */
final class ChatRequests {
    private ChatRequests() {
    }

    static ChatRequest decode(ObjectNode body) throws ProtocolException {
        var model = body.get("model");
        if (model == null || model.isNull()) {
            throw new ProtocolException("`model` is required.", "model");
        }
        if (!model.isTextual()) {
            throw new ProtocolException("`model` must be a string.", "model");
        }
        var messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new ProtocolException("`messages` is required and must be an array of messages.", "messages");
        }
        var stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new ProtocolException("`stream` must be true or false.", "stream");
        }
        // The canonical answer has one choice; a client that asked for several would index choices that
        // never come, so say so now.
        var n = BodyFields.integer(body, "n");
        if (n != null && n != 1) {
            throw new ProtocolException("`n` must be 1: Switchboard converts one choice only.", "n");
        }
        var decoded = ChatMessages.decode(messages);
        var tools = tools(body);
        // max_completion_tokens is the current name (reasoning models refuse max_tokens); when a client sends
        // both, it is the one OpenAI honours.
        var maxTokens = BodyFields.integer(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = BodyFields.integer(body, "max_tokens");
        }
        return new ChatRequest(
                model.asText(),
                decoded.system(),
                decoded.messages(),
                tools,
                toolChoice(body),
                BodyFields.bool(body, "parallel_tool_calls"),
                maxTokens,
                BodyFields.number(body, "temperature"),
                BodyFields.number(body, "top_p"),
                null,
                stop(body.get("stop")),
                stream != null && stream.asBoolean(),
                BodyFields.string(body, "reasoning_effort"),
                null,
                BodyFields.string(body, "user"));
    }

    /**
     * {@code tools[]} of type function, or the pre-tools {@code functions[]} when there are none. Custom
     * (free-text) tools have no counterpart elsewhere and are refused rather than silently lost.
     */
    private static List<Tool> tools(ObjectNode body) throws ProtocolException {
        var out = new ArrayList<Tool>();
        var tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw new ProtocolException("`tools` must be an array.", "tools");
            }
            for (int i = 0; i < tools.size(); i++) {
                var t = tools.get(i);
                var type = ChatJson.text(t, "type");
                if (type != null && !type.equals("function")) {
                    throw new ProtocolException("`tools[" + i + "].type` '" + type + "' cannot be converted; only"
                            + " function tools can.", "tools[" + i + "].type");
                }
                out.add(tool(t == null ? null : t.get("function"), "tools[" + i + "].function"));
            }
            return out;
        }
        var functions = body.get("functions");
        if (functions != null && functions.isArray()) {
            for (int i = 0; i < functions.size(); i++) {
                out.add(tool(functions.get(i), "functions[" + i + "]"));
            }
        }
        return out;
    }

    private static Tool tool(JsonNode function, String path) throws ProtocolException {
        var name = ChatJson.text(function, "name");
        if (ChatJson.isEmpty(name)) {
            throw new ProtocolException("`" + path + ".name` is required.", path + ".name");
        }
        var parameters = function.get("parameters");
        return new Tool(name, ChatJson.text(function, "description"),
                parameters == null || parameters.isNull() ? null : parameters.deepCopy());
    }

    /** {@code tool_choice}, or the legacy {@code function_call} that the {@code functions} list came with. */
    private static ToolChoice toolChoice(ObjectNode body) throws ProtocolException {
        var choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            return choice(choice, "tool_choice");
        }
        var legacy = body.get("function_call");
        if (legacy != null && !legacy.isNull()) {
            return choice(legacy, "function_call");
        }
        return null;
    }

    private static ToolChoice choice(JsonNode choice, String param) throws ProtocolException {
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto":
                    return new ToolChoice.Auto();
                case "none":
                    return new ToolChoice.None();
                case "required":
                    return new ToolChoice.Required();
                default:
                    throw new ProtocolException("`" + param + "` must be auto, none, required or a function.", param);
            }
        }
        // {"type":"function","function":{"name"}}; legacy function_call is {"name"} on its own
        var function = choice.has("function") ? choice.get("function") : choice;
        var name = ChatJson.text(function, "name");
        if (!ChatJson.isEmpty(name)) {
            return new ToolChoice.Named(name);
        }
        // {"type":"allowed_tools","allowed_tools":{"mode"}}: the mode survives, the subset cannot
        var mode = ChatJson.text(choice.path("allowed_tools"), "mode");
        if ("required".equals(mode)) {
            return new ToolChoice.Required();
        }
        if ("auto".equals(mode)) {
            return new ToolChoice.Auto();
        }
        throw new ProtocolException("`" + param + "` names no function.", param);
    }

    private static List<String> stop(JsonNode stop) throws ProtocolException {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (stop.isArray()) {
            var out = new ArrayList<String>();
            for (var s : stop) {
                if (!s.isTextual()) {
                    throw new ProtocolException("`stop` must be a string or an array of strings.", "stop");
                }
                out.add(s.asText());
            }
            return out;
        }
        throw new ProtocolException("`stop` must be a string or an array of strings.", "stop");
    }

    // ---- encoding ----

    /**
     * @param dialect {@link ModelDialect#OPENAI_REASONING} for a model that refuses {@code max_tokens} and sampling
     *                parameters ({@link OpenAiReasoning})
     */
    static ObjectNode encode(ChatRequest request, ModelDialect dialect) {
        boolean reasoning = dialect == ModelDialect.OPENAI_REASONING;
        var out = ChatJson.NODES.objectNode();
        out.put("model", request.model());
        out.set("messages", ChatMessages.encode(request));
        if (!request.tools().isEmpty()) {
            var tools = out.putArray("tools");
            for (var t : request.tools()) {
                var function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", t.name());
                if (t.description() != null) {
                    function.put("description", t.description());
                }
                if (t.parameters() != null) {
                    function.set("parameters", t.parameters().deepCopy());
                }
            }
            // OpenAI answers 400 to tool_choice or parallel_tool_calls without tools, so they only go with tools.
            if (request.toolChoice() != null) {
                out.set("tool_choice", encodeChoice(request.toolChoice()));
            }
            if (request.parallelToolCalls() != null) {
                out.put("parallel_tool_calls", request.parallelToolCalls());
            }
        }
        if (request.maxTokens() != null) {
            // max_tokens where the model takes it: every relay and local server knows max_tokens, while
            // max_completion_tokens is newer and unknown to many of them. OpenAI's reasoning models refuse it.
            out.put(reasoning ? "max_completion_tokens" : "max_tokens", request.maxTokens());
        }
        // Reasoning models answer 400 to sampling and stop sequences: the model's own defaults apply.
        if (request.temperature() != null && !reasoning) {
            out.put("temperature", request.temperature());
        }
        if (request.topP() != null && !reasoning) {
            out.put("top_p", request.topP());
        }
        if (!request.stop().isEmpty() && !reasoning) {
            var stop = out.putArray("stop");
            request.stop().forEach(stop::add);
        }
        out.put("stream", request.stream());
        if (request.stream()) {
            // Without it a Chat stream reports no usage at all, and usage is what Switchboard records.
            out.putObject("stream_options").put("include_usage", true);
        }
        // A reasoning model gets the client's thinking as one of the levels it takes, a budget included; any other
        // model gets the effort as the client wrote it, or nothing (a budget has no Chat field).
        var effort = reasoning ? OpenAiReasoning.effort(request) : request.reasoningEffort();
        if (effort != null) {
            out.put("reasoning_effort", effort);
        }
        if (request.user() != null) {
            out.put("user", request.user());
        }
        return out;
    }

    private static JsonNode encodeChoice(ToolChoice choice) {
        if (choice instanceof ToolChoice.Named named) {
            var node = ChatJson.NODES.objectNode().put("type", "function");
            node.putObject("function").put("name", named.name());
            return node;
        } else if (choice instanceof ToolChoice.None) {
            return ChatJson.NODES.textNode("none");
        } else if (choice instanceof ToolChoice.Required) {
            return ChatJson.NODES.textNode("required");
        }
        return ChatJson.NODES.textNode("auto");
    }
}
