package dev.switchboard.protocol.anthropic;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A client's Messages request to the canonical model; see {@link MessagesCodec} for what is kept and dropped. */
final class RequestDecoder {
    private RequestDecoder() {
    }

    static ChatRequest decode(ObjectNode body) throws ProtocolException {
        var model = Check.opt(body, "model");
        if (model == null || !model.isTextual()) {
            throw new ProtocolException("model: a string is required", "model");
        }
        var messages = Check.opt(body, "messages");
        if (messages == null || !messages.isArray()) {
            throw new ProtocolException("messages: a list of messages is required", "messages");
        }
        var stream = Check.optBoolean(body, "stream", null);
        // Anthropic requires max_tokens, but a missing one is let through (the upstream's default applies):
        // refusing would only break clients that other providers serve fine. A wrong one is refused.
        var maxTokens = Check.optInt(body, "max_tokens", null, 1);
        var thinking = thinking(body);
        var choice = toolChoice(body);
        var metadata = Check.opt(body, "metadata");
        String user = null;
        if (metadata != null) {
            user = Check.optText(Check.object(metadata, "metadata"), "user_id", "metadata");
        }
        return new ChatRequest(model.asText(), system(body), messages(messages), tools(body),
                choice == null ? null : choice.choice, choice == null ? null : choice.parallel, maxTokens,
                Check.optNumber(body, "temperature"), Check.optNumber(body, "top_p"),
                Check.optInt(body, "top_k", null, 0), stopSequences(body), stream != null && stream,
                thinking.effort, thinking.budget, user);
    }

    private static List<Part.Text> system(JsonNode body) throws ProtocolException {
        var system = Check.opt(body, "system");
        if (system == null) {
            return List.of();
        }
        if (system.isTextual()) {
            return system.asText().isEmpty() ? List.of() : List.of(new Part.Text(system.asText()));
        }
        if (!system.isArray()) {
            throw new ProtocolException("system: Input should be a valid string or a list of text blocks", "system");
        }
        var out = new ArrayList<Part.Text>();
        for (int i = 0; i < system.size(); i++) {
            var path = Check.path("system", i);
            var block = Check.object(system.get(i), path);
            if (!"text".equals(Check.requiredText(block, "type", path))) {
                throw new ProtocolException(path + ".type: system blocks must be text blocks", path + ".type");
            }
            out.add(new Part.Text(Check.requiredText(block, "text", path))); // cache_control dropped
        }
        return out;
    }

    private static List<Message> messages(JsonNode messages) throws ProtocolException {
        var out = new ArrayList<Message>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            var path = Check.path("messages", i);
            var m = Check.object(messages.get(i), path);
            var role = switch (Check.requiredText(m, "role", path)) {
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                // Mid-conversation system messages: current Claude models take them, and Claude Code sends them.
                case "system" -> Role.SYSTEM;
                default -> throw new ProtocolException(path
                        + ".role: Input should be 'user', 'assistant' or 'system'", path + ".role");
            };
            var content = Check.opt(m, "content");
            if (content == null) {
                throw new ProtocolException(path + ".content: Field required", path + ".content");
            }
            var parts = ContentBlocks.decode(content, path + ".content", toolNames);
            if (role == Role.SYSTEM) {
                parts = parts.stream().filter(Part.Text.class::isInstance).toList(); // a system message says text
            }
            out.add(new Message(role, parts));
        }
        return out;
    }

    private static List<Tool> tools(JsonNode body) throws ProtocolException {
        var tools = Check.optArray(body, "tools", null);
        if (tools == null) {
            return List.of();
        }
        var out = new ArrayList<Tool>();
        for (int i = 0; i < tools.size(); i++) {
            var path = Check.path("tools", i);
            var t = Check.object(tools.get(i), path);
            var schema = Check.opt(t, "input_schema");
            if (schema == null && Check.opt(t, "type") != null && !"custom".equals(t.get("type").asText())) {
                continue; // a server tool (web_search_…, bash_…, text_editor_…): only Anthropic can run it
            }
            var name = Check.requiredText(t, "name", path);
            if (schema == null) {
                throw new ProtocolException(path + ".input_schema: Field required", path + ".input_schema");
            }
            out.add(new Tool(name, Check.optText(t, "description", path),
                    Check.object(schema, path + ".input_schema")));
        }
        return out;
    }

    /** A decoded tool_choice: the choice, and false when the client turned parallel tool use off. */
    private record Choice(ToolChoice choice, Boolean parallel) {
    }

    private static Choice toolChoice(JsonNode body) throws ProtocolException {
        var tc = Check.opt(body, "tool_choice");
        if (tc == null) {
            return null;
        }
        Check.object(tc, "tool_choice");
        ToolChoice choice = switch (Check.requiredText(tc, "type", "tool_choice")) {
            case "auto" -> new ToolChoice.Auto();
            case "any" -> new ToolChoice.Required();
            case "none" -> new ToolChoice.None();
            case "tool" -> new ToolChoice.Named(Check.requiredText(tc, "name", "tool_choice"));
            default -> throw new ProtocolException(
                    "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'", "tool_choice.type");
        };
        var disable = Check.optBoolean(tc, "disable_parallel_tool_use", "tool_choice");
        return new Choice(choice, disable == null ? null : !disable);
    }

    private static List<String> stopSequences(JsonNode body) throws ProtocolException {
        var stop = Check.optArray(body, "stop_sequences", null);
        if (stop == null) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw new ProtocolException("stop_sequences." + i + ": Input should be a valid string",
                        "stop_sequences." + i);
            }
            out.add(stop.get(i).asText());
        }
        return out;
    }

    /** What the client asked of thinking: a budget, an effort level, or neither. */
    private record Thinking(Integer budget, String effort) {
    }

    /**
     * {@code thinking: {type: "enabled", budget_tokens}} is a budget. {@code output_config.effort} (with
     * {@code thinking: {type: "adaptive"}}, Claude 4.6 and later) is an effort level; adaptive thinking without
     * one is Anthropic's default effort, "high". {@code thinking: {type: "disabled"}} means neither.
     */
    private static Thinking thinking(JsonNode body) throws ProtocolException {
        var thinking = Check.opt(body, "thinking");
        var outputConfig = Check.opt(body, "output_config");
        String effort = null;
        if (outputConfig != null) {
            effort = effort(Check.optText(Check.object(outputConfig, "output_config"), "effort", "output_config"));
        }
        if (thinking == null) {
            return new Thinking(null, effort);
        }
        Check.object(thinking, "thinking");
        return switch (Check.requiredText(thinking, "type", "thinking")) {
            case "enabled" -> {
                var budget = Check.optInt(thinking, "budget_tokens", "thinking", 1);
                if (budget == null) {
                    throw new ProtocolException("thinking.budget_tokens: Field required", "thinking.budget_tokens");
                }
                yield new Thinking(budget, effort);
            }
            case "adaptive" -> new Thinking(null, effort == null ? "high" : effort);
            case "disabled" -> new Thinking(null, null);
            default -> throw new ProtocolException(
                    "thinking.type: Input should be 'enabled', 'adaptive' or 'disabled'", "thinking.type");
        };
    }

    /** Anthropic's effort levels in the canonical three; "max" and "xhigh" are the most there is: "high". */
    private static String effort(String effort) {
        if (effort == null) {
            return null;
        }
        return switch (effort) {
            case "low", "medium", "high" -> effort;
            case "max", "xhigh" -> "high";
            default -> null;
        };
    }
}
