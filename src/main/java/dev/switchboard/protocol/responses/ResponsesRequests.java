package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.BodyFields;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/** A Responses request body to and from {@link ChatRequest}; see {@link ResponsesCodec} for what is dropped. */
final class ResponsesRequests {
    /** OpenAI refuses a {@code max_output_tokens} below this with 400. */
    static final int MIN_OUTPUT_TOKENS = 16;

    private ResponsesRequests() {
    }

    static ChatRequest decode(ObjectNode body) throws ProtocolException {
        var model = body.get("model");
        if (model == null || model.isNull()) {
            throw new ProtocolException("`model` is required.", "model");
        }
        if (!model.isTextual()) {
            throw new ProtocolException("`model` must be a string.", "model");
        }
        var input = body.get("input");
        if (input == null || input.isNull()) {
            throw new ProtocolException("`input` is required: Switchboard keeps no conversation state, so every"
                    + " request carries the whole conversation.", "input");
        }
        if (!input.isTextual() && !input.isArray()) {
            throw new ProtocolException("`input` must be a string or an array of input items.", "input");
        }
        var stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new ProtocolException("`stream` must be true or false.", "stream");
        }
        refuseServerState(body);
        var decoded = ResponsesInput.decode(BodyFields.string(body, "instructions"), input);
        var user = BodyFields.string(body, "user");
        if (user == null) {
            user = BodyFields.string(body, "safety_identifier"); // the newer name for the same end-user id
        }
        return new ChatRequest(
                model.asText(),
                decoded.system(),
                decoded.messages(),
                tools(body),
                toolChoice(body.get("tool_choice")),
                BodyFields.bool(body, "parallel_tool_calls"),
                BodyFields.integer(body, "max_output_tokens"),
                BodyFields.number(body, "temperature"),
                BodyFields.number(body, "top_p"),
                null,
                List.of(),
                stream != null && stream.asBoolean(),
                effort(body.get("reasoning")),
                null,
                user);
    }

    /**
     * Fields that point at state kept on OpenAI's servers. Switchboard is stateless and converts what the request
     * itself says; answering as if the earlier turns did not exist would be worse than refusing, so these are
     * refused with a hint. Codex sends the whole conversation with {@code store: false} and none of them.
     */
    private static void refuseServerState(ObjectNode body) throws ProtocolException {
        if (present(body, "previous_response_id")) {
            throw new ProtocolException("`previous_response_id` cannot be converted: Switchboard keeps no"
                    + " conversation state. Send the whole conversation in `input` (with `store: false`).",
                    "previous_response_id");
        }
        if (present(body, "conversation")) {
            throw new ProtocolException("`conversation` cannot be converted: Switchboard keeps no conversation"
                    + " state. Send the whole conversation in `input`.", "conversation");
        }
        if (present(body, "prompt")) {
            throw new ProtocolException("`prompt` refers to a prompt stored at OpenAI, which another provider cannot"
                    + " read; send the prompt as `instructions` and `input`.", "prompt");
        }
        var background = body.get("background");
        if (background != null && background.asBoolean(false)) {
            throw new ProtocolException("`background` responses cannot be converted: Switchboard answers while the"
                    + " client waits and stores nothing to poll later.", "background");
        }
    }

    private static boolean present(ObjectNode body, String field) {
        var v = body.get(field);
        return v != null && !v.isNull();
    }

    /**
     * Function tools ({@code {type: "function", name, description, parameters, strict}}, flat, unlike Chat's).
     * Hosted and other non-function tools ({@code web_search}, {@code file_search}, {@code local_shell},
     * {@code custom}, {@code mcp}, …) are dropped rather than refused: only OpenAI can run them, and Codex always
     * sends some, so refusing would keep Codex from every other upstream while dropping only takes those tools away.
     */
    private static List<Tool> tools(ObjectNode body) throws ProtocolException {
        var out = new ArrayList<Tool>();
        var tools = body.get("tools");
        if (tools == null || tools.isNull()) {
            return out;
        }
        if (!tools.isArray()) {
            throw new ProtocolException("`tools` must be an array.", "tools");
        }
        for (int i = 0; i < tools.size(); i++) {
            var t = tools.get(i);
            if (!"function".equals(ResponsesJson.text(t, "type"))) {
                continue;
            }
            var name = ResponsesJson.text(t, "name");
            if (ResponsesJson.isEmpty(name)) {
                throw new ProtocolException("`tools[" + i + "].name` is required.", "tools[" + i + "].name");
            }
            var parameters = t.get("parameters");
            out.add(new Tool(name, ResponsesJson.text(t, "description"),
                    parameters == null || parameters.isNull() ? null : parameters.deepCopy()));
        }
        return out;
    }

    /**
     * {@code tool_choice}. {@code allowed_tools} keeps its mode (the subset cannot cross); a choice that forces a
     * hosted or custom tool becomes {@code auto}, since that tool was dropped and forcing it cannot be said.
     */
    static ToolChoice toolChoice(JsonNode choice) throws ProtocolException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto":
                    return new ToolChoice.Auto();
                case "none":
                    return new ToolChoice.None();
                case "required":
                    return new ToolChoice.Required();
                default:
                    throw new ProtocolException("`tool_choice` must be auto, none, required or a function.",
                            "tool_choice");
            }
        }
        if (!choice.isObject()) {
            throw new ProtocolException("`tool_choice` must be auto, none, required or a function.", "tool_choice");
        }
        var type = ResponsesJson.text(choice, "type");
        if ("function".equals(type)) {
            var name = ResponsesJson.text(choice, "name");
            if (ResponsesJson.isEmpty(name)) {
                throw new ProtocolException("`tool_choice.name` is required.", "tool_choice.name");
            }
            return new ToolChoice.Named(name);
        }
        if ("allowed_tools".equals(type)) {
            return "required".equals(ResponsesJson.text(choice, "mode")) ? new ToolChoice.Required()
                    : new ToolChoice.Auto();
        }
        return new ToolChoice.Auto();
    }

    private static String effort(JsonNode reasoning) throws ProtocolException {
        if (reasoning == null || reasoning.isNull()) {
            return null;
        }
        if (!reasoning.isObject()) {
            throw new ProtocolException("`reasoning` must be an object.", "reasoning");
        }
        var effort = reasoning.get("effort");
        if (effort == null || effort.isNull()) {
            return null;
        }
        if (!effort.isTextual()) {
            throw new ProtocolException("`reasoning.effort` must be a string.", "reasoning.effort");
        }
        return effort.asText();
    }

    // ---- encoding ----

    static ObjectNode encode(ChatRequest request) {
        var out = ResponsesJson.NODES.objectNode();
        out.put("model", request.model());
        if (!request.system().isEmpty()) {
            var texts = new ArrayList<String>();
            for (Part.Text t : request.system()) {
                texts.add(t.text());
            }
            out.put("instructions", String.join("\n\n", texts));
        }
        out.set("input", ResponsesInput.encode(request));
        if (!request.tools().isEmpty()) {
            var tools = out.putArray("tools");
            for (var t : request.tools()) {
                var tool = tools.addObject().put("type", "function").put("name", t.name());
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                if (t.parameters() != null) {
                    tool.set("parameters", t.parameters().deepCopy());
                } else {
                    tool.putObject("parameters").put("type", "object").putObject("properties");
                }
                // Responses makes function tools strict unless told otherwise, and strict mode refuses any schema
                // that is not closed and fully required, which most clients' schemas are not.
                tool.put("strict", false);
            }
            // only with tools, as for Chat: OpenAI refuses tool settings that name no tools
            if (request.toolChoice() != null) {
                out.set("tool_choice", encodeChoice(request.toolChoice()));
            }
            if (request.parallelToolCalls() != null) {
                out.put("parallel_tool_calls", request.parallelToolCalls());
            }
        }
        if (request.maxTokens() != null) {
            out.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, request.maxTokens()));
        }
        if (request.temperature() != null) {
            out.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            out.put("top_p", request.topP());
        }
        if (request.reasoningEffort() != null) {
            out.putObject("reasoning").put("effort", request.reasoningEffort());
            // Stateless: the reasoning can only come back next turn in its encrypted form. Asked for only with an
            // effort, because models without reasoning refuse the include.
            out.putArray("include").add("reasoning.encrypted_content");
        }
        out.put("stream", request.stream());
        // Nothing is kept at OpenAI for a later previous_response_id, which Switchboard never sends.
        out.put("store", false);
        if (request.user() != null) {
            out.put("user", request.user());
        }
        return out;
    }

    static JsonNode encodeChoice(ToolChoice choice) {
        if (choice instanceof ToolChoice.Named named) {
            return ResponsesJson.NODES.objectNode().put("type", "function").put("name", named.name());
        } else if (choice instanceof ToolChoice.None) {
            return ResponsesJson.NODES.textNode("none");
        } else if (choice instanceof ToolChoice.Required) {
            return ResponsesJson.NODES.textNode("required");
        }
        return ResponsesJson.NODES.textNode("auto");
    }
}
