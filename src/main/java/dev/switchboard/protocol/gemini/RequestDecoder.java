package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.Tool;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A client's generateContent request body to the canonical model; see {@link GeminiCodec} for what is kept and
 * dropped. The model and whether to stream are in the URL, not the body: they stay null and false here.
 */
final class RequestDecoder {
    private RequestDecoder() {
    }

    static ChatRequest decode(ObjectNode body) throws ProtocolException {
        var contents = Check.opt(body, "contents");
        if (contents == null || !contents.isArray()) {
            throw new ProtocolException("contents: a list of contents is required", "contents");
        }
        var config = Check.optObject(body, "generationConfig", null);
        var thinking = thinking(config);
        return new ChatRequest(null, system(body), messages(contents), tools(body), toolChoice(body), null,
                Check.optInt(config, "maxOutputTokens", "generationConfig", 1),
                Check.optNumber(config, "temperature", "generationConfig"),
                Check.optNumber(config, "topP", "generationConfig"),
                Check.optInt(config, "topK", "generationConfig", 0), stopSequences(config), false,
                thinking.effort, thinking.budget, null);
    }

    /** {@code systemInstruction}: its text parts (a plain string is accepted too, as the SDKs accept one). */
    private static List<Part.Text> system(JsonNode body) throws ProtocolException {
        var si = Check.opt(body, "systemInstruction");
        if (si == null) {
            return List.of();
        }
        if (si.isTextual()) {
            return si.asText().isEmpty() ? List.of() : List.of(new Part.Text(si.asText()));
        }
        Check.object(si, "systemInstruction");
        var parts = Check.optArray(si, "parts", "systemInstruction");
        var out = new ArrayList<Part.Text>();
        if (parts != null) {
            for (int i = 0; i < parts.size(); i++) {
                var path = Check.path("systemInstruction.parts", i);
                var text = Check.optText(Check.object(parts.get(i), path), "text", path);
                if (text != null && !text.isEmpty()) {
                    out.add(new Part.Text(text)); // other parts in a system instruction have no canonical place
                }
            }
        }
        return out;
    }

    private static List<Message> messages(JsonNode contents) throws ProtocolException {
        var out = new ArrayList<Message>();
        var calls = Parts.Calls.forRequest();
        for (int i = 0; i < contents.size(); i++) {
            var path = Check.path("contents", i);
            var content = Check.object(contents.get(i), path);
            var roleName = Check.optText(content, "role", path);
            // the role may be left out in a single-turn request; "function" is the old name of the user side
            // that carries function responses
            var role = roleName == null || roleName.isEmpty() ? Role.USER : switch (roleName) {
                case "user", "function" -> Role.USER;
                case "model" -> Role.ASSISTANT;
                default -> throw new ProtocolException(path + ".role: Please use a valid role: user, model.",
                        path + ".role");
            };
            var parts = Check.opt(content, "parts");
            if (parts == null || !parts.isArray()) {
                throw new ProtocolException(path + ".parts: a list of parts is required", path + ".parts");
            }
            var decoded = Parts.decode(parts, path + ".parts", calls);
            if (!decoded.isEmpty()) {
                out.add(new Message(role, decoded)); // a turn of parts no other provider has says nothing
            }
        }
        return out;
    }

    /**
     * {@code tools[].functionDeclarations}. Gemini's built-in tools ({@code googleSearch}, {@code codeExecution},
     * {@code urlContext}, …) are dropped: only Gemini can run them.
     */
    private static List<Tool> tools(JsonNode body) throws ProtocolException {
        var tools = Check.optArray(body, "tools", null);
        if (tools == null) {
            return List.of();
        }
        var out = new ArrayList<Tool>();
        for (int i = 0; i < tools.size(); i++) {
            var path = Check.path("tools", i);
            var tool = Check.object(tools.get(i), path);
            var declarations = Check.optArray(tool, "functionDeclarations", path);
            if (declarations == null) {
                continue;
            }
            for (int j = 0; j < declarations.size(); j++) {
                var p = Check.path(path + ".functionDeclarations", j);
                var fd = Check.object(declarations.get(j), p);
                var jsonSchema = Check.optObject(fd, "parametersJsonSchema", p);
                var schema = Check.optObject(fd, "parameters", p);
                out.add(new Tool(Check.requiredText(fd, "name", p), Check.optText(fd, "description", p),
                        jsonSchema != null ? jsonSchema : schema != null ? Schemas.fromGemini(schema) : null));
            }
        }
        return out;
    }

    /**
     * {@code toolConfig.functionCallingConfig}: AUTO, NONE, ANY (with one allowed function: that function).
     * VALIDATED lets the model choose, as AUTO does; ANY with several allowed functions is "some tool", the
     * restriction to a subset has no canonical form.
     */
    private static ToolChoice toolChoice(JsonNode body) throws ProtocolException {
        var tc = Check.optObject(body, "toolConfig", null);
        var fcc = tc == null ? null : Check.optObject(tc, "functionCallingConfig", "toolConfig");
        if (fcc == null) {
            return null;
        }
        var path = "toolConfig.functionCallingConfig";
        var mode = Check.optText(fcc, "mode", path);
        var allowed = Check.optArray(fcc, "allowedFunctionNames", path);
        if (mode == null) {
            return null;
        }
        return switch (mode.toUpperCase(Locale.ROOT)) {
            case "AUTO", "VALIDATED" -> new ToolChoice.Auto();
            case "NONE" -> new ToolChoice.None();
            case "ANY" -> allowed != null && allowed.size() == 1 && allowed.get(0).isTextual()
                    ? new ToolChoice.Named(allowed.get(0).asText()) : new ToolChoice.Required();
            case "MODE_UNSPECIFIED" -> null;
            default -> throw new ProtocolException(path + ".mode: Input should be AUTO, ANY, NONE or VALIDATED",
                    path + ".mode");
        };
    }

    private static List<String> stopSequences(JsonNode config) throws ProtocolException {
        var stop = Check.optArray(config, "stopSequences", "generationConfig");
        if (stop == null) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                var p = Check.path("generationConfig.stopSequences", i);
                throw new ProtocolException(p + ": a string is expected", p);
            }
            out.add(stop.get(i).asText());
        }
        return out;
    }

    /** What the client asked of thinking: a budget, an effort level, or neither. */
    private record Thinking(Integer budget, String effort) {
    }

    /**
     * {@code thinkingConfig.thinkingBudget} is the budget as Gemini means it (0 off, -1 dynamic, which other
     * upstreams read as "no budget"); Gemini 3's {@code thinkingLevel} is an effort level. {@code includeThoughts}
     * has no canonical field: encoders show thinking whenever thinking is on.
     */
    private static Thinking thinking(JsonNode config) throws ProtocolException {
        var tc = Check.optObject(config, "thinkingConfig", "generationConfig");
        if (tc == null) {
            return new Thinking(null, null);
        }
        var path = "generationConfig.thinkingConfig";
        Check.optBoolean(tc, "includeThoughts", path);
        var level = Check.optText(tc, "thinkingLevel", path);
        String effort = null;
        if (level != null) {
            effort = switch (level.toUpperCase(Locale.ROOT)) {
                case "MINIMAL" -> "minimal";
                case "LOW" -> "low";
                case "MEDIUM" -> "medium";
                case "HIGH" -> "high";
                case "THINKING_LEVEL_UNSPECIFIED" -> null;
                default -> throw new ProtocolException(path + ".thinkingLevel: Input should be MINIMAL, LOW, MEDIUM "
                        + "or HIGH", path + ".thinkingLevel");
            };
        }
        return new Thinking(Check.optInt(tc, "thinkingBudget", path, -1), effort);
    }
}
