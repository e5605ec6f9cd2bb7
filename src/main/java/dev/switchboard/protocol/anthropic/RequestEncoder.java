package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical request as a Messages request body for an Anthropic upstream. The request may come from any
 * client protocol, so this is where Anthropic's own rules are met instead of earning a 400 (see
 * {@link MessagesCodec} for the list).
 */
final class RequestEncoder {
    /** {@code max_tokens} when the client gave none: Anthropic requires it; every current Claude model allows it. */
    static final int DEFAULT_MAX_TOKENS = 8192;
    /** The smallest {@code budget_tokens} Anthropic accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    private RequestEncoder() {
    }

    static ObjectNode encode(ChatRequest request) {
        // Only Anthropic clients send system messages mid-conversation, and theirs pass through unchanged: one that
        // reaches this encoder joins the system prompt, which every Anthropic-compatible upstream takes.
        var r = request.systemMessagesJoined();
        var body = Wire.object();
        body.put("model", r.model());
        int budget = thinkingBudget(r);
        int maxTokens = r.maxTokens() != null ? r.maxTokens()
                // room for the answer after the thinking, which counts against max_tokens
                : budget >= DEFAULT_MAX_TOKENS ? budget + DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS;
        if (budget >= maxTokens) {
            budget = maxTokens - 1; // Anthropic: budget_tokens must be less than max_tokens
        }
        if (budget < MIN_THINKING_BUDGET || forcesTool(r) || !thinkingFits(r.messages())) {
            budget = 0;
        }
        body.put("max_tokens", maxTokens);
        system(body, r.system());
        body.set("messages", messages(r.messages()));
        tools(body, r);
        if (budget > 0) {
            // with thinking, Anthropic takes temperature only at 1, top_p only in [0.95, 1] and no top_k
            if (r.temperature() != null && r.temperature() == 1.0) {
                body.put("temperature", 1.0);
            } else if (r.topP() != null && r.topP() >= 0.95 && r.topP() <= 1.0) {
                body.put("top_p", r.topP());
            }
        } else if (r.temperature() != null) {
            // OpenAI and Gemini allow 0..2, Anthropic 0..1. Only one of temperature and top_p: current Claude
            // models refuse both, and temperature is the one clients mean.
            body.put("temperature", Math.max(0, Math.min(1, r.temperature())));
        } else if (r.topP() != null) {
            body.put("top_p", r.topP());
        }
        if (budget == 0 && r.topK() != null) {
            body.put("top_k", r.topK());
        }
        var stops = body.putArray("stop_sequences");
        for (var s : r.stop()) {
            if (!s.isBlank()) { // Anthropic refuses whitespace-only stop sequences
                stops.add(s);
            }
        }
        if (stops.isEmpty()) {
            body.remove("stop_sequences");
        }
        body.put("stream", r.stream());
        if (budget > 0) {
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        if (r.user() != null) {
            body.putObject("metadata").put("user_id", r.user());
        }
        return body;
    }

    /** The budget asked for, or derived from an effort level; 0 for no thinking. */
    static int thinkingBudget(ChatRequest r) {
        if (r.thinkingBudget() != null) {
            return Math.max(0, r.thinkingBudget()); // Gemini's 0 (off) and -1 (dynamic) are not budgets
        }
        if (r.reasoningEffort() == null) {
            return 0;
        }
        return switch (r.reasoningEffort()) {
            case "low" -> 1024;
            case "medium" -> 4096;
            case "high", "xhigh", "max" -> 16384;
            default -> 0; // "minimal", "none": the client wants speed, not thinking
        };
    }

    /** Anthropic refuses thinking together with a forced tool call. */
    private static boolean forcesTool(ChatRequest r) {
        return !r.tools().isEmpty()
                && (r.toolChoice() instanceof ToolChoice.Required || r.toolChoice() instanceof ToolChoice.Named);
    }

    /**
     * With thinking on, Anthropic requires an assistant turn that calls tools to begin with its (signed)
     * thinking. A conversation from a client that never saw or kept thinking (OpenAI Chat) cannot have that:
     * such a request goes without thinking rather than failing.
     */
    private static boolean thinkingFits(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            var m = messages.get(i);
            if (m.role() != Role.ASSISTANT) {
                continue;
            }
            var parts = sendable(m.parts());
            boolean calls = parts.stream().anyMatch(Part.ToolCall.class::isInstance);
            return !calls || parts.get(0) instanceof Part.Thinking;
        }
        return true;
    }

    private static void system(ObjectNode body, List<Part.Text> system) {
        var texts = system.stream().filter(t -> !t.text().isEmpty()).toList();
        if (texts.size() == 1) {
            body.put("system", texts.get(0).text());
        } else if (!texts.isEmpty()) {
            var blocks = body.putArray("system");
            texts.forEach(t -> blocks.add(ContentBlocks.encode(t)));
        }
    }

    /**
     * Consecutive messages of one role are merged (Anthropic would merge them too, but only after checking the
     * order inside each), tool results go first in a user turn as Anthropic requires, and turns left empty are
     * skipped: Anthropic refuses empty content.
     */
    private static ArrayNode messages(List<Message> messages) {
        var turns = new ArrayList<Message>();
        for (var m : messages) {
            var parts = sendable(m.parts());
            if (parts.isEmpty()) {
                continue;
            }
            var last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role() == m.role()) {
                var merged = new ArrayList<>(last.parts());
                merged.addAll(parts);
                turns.set(turns.size() - 1, new Message(m.role(), merged));
            } else {
                turns.add(new Message(m.role(), parts));
            }
        }
        var out = Mappers.JSON.createArrayNode();
        for (var turn : turns) {
            var node = out.addObject().put("role", turn.role() == Role.USER ? "user" : "assistant");
            var content = node.putArray("content");
            var parts = turn.parts();
            if (turn.role() == Role.USER) {
                parts = new ArrayList<>(parts);
                parts.sort((a, b) -> Boolean.compare(!(a instanceof Part.ToolResult), !(b instanceof Part.ToolResult)));
            }
            parts.forEach(p -> content.add(ContentBlocks.encode(p)));
        }
        return out;
    }

    /**
     * The parts Anthropic accepts, as it accepts them: no empty text blocks, no thinking without a signature
     * (Anthropic verifies signatures; unsigned thinking from another provider cannot be sent back), and tool
     * call ids in Anthropic's alphabet (the same rewrite on calls and results keeps them paired).
     */
    private static List<Part> sendable(List<Part> parts) {
        var out = new ArrayList<Part>();
        for (var p : parts) {
            if (p instanceof Part.Text t && t.text().isEmpty()) {
                continue;
            }
            if (p instanceof Part.Thinking th && (th.signature() == null || th.signature().isEmpty())) {
                continue;
            }
            if (p instanceof Part.ToolCall c) {
                out.add(new Part.ToolCall(toolId(c.id()), c.name(), c.arguments(), null));
            } else if (p instanceof Part.ToolResult tr) {
                out.add(new Part.ToolResult(toolId(tr.callId()), tr.name(), tr.content(), tr.isError()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Anthropic's tool ids match {@code ^[a-zA-Z0-9_-]+$}. */
    static String toolId(String id) {
        if (id == null || id.isEmpty()) {
            return "toolu_none";
        }
        return id.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private static void tools(ObjectNode body, ChatRequest r) {
        if (r.tools().isEmpty()) {
            return; // Anthropic refuses tool_choice without tools
        }
        var tools = body.putArray("tools");
        for (var t : r.tools()) {
            var node = tools.addObject().put("name", t.name());
            if (t.description() != null) {
                node.put("description", t.description());
            }
            if (t.parameters() instanceof ObjectNode schema) {
                // Anthropic requires an object schema; OpenAI clients may leave "type" out
                node.set("input_schema", schema.has("type") ? schema : schema.deepCopy().put("type", "object"));
            } else {
                node.putObject("input_schema").put("type", "object").putObject("properties");
            }
        }
        var choice = r.toolChoice();
        boolean serial = Boolean.FALSE.equals(r.parallelToolCalls());
        ObjectNode node;
        if (choice instanceof ToolChoice.None) {
            body.putObject("tool_choice").put("type", "none"); // takes no disable_parallel_tool_use
            return;
        } else if (choice instanceof ToolChoice.Required) {
            node = body.putObject("tool_choice").put("type", "any");
        } else if (choice instanceof ToolChoice.Named n) {
            node = body.putObject("tool_choice").put("type", "tool").put("name", n.name());
        } else if (choice instanceof ToolChoice.Auto || serial) {
            node = body.putObject("tool_choice").put("type", "auto");
        } else {
            return;
        }
        if (serial) {
            node.put("disable_parallel_tool_use", true);
        }
    }
}
