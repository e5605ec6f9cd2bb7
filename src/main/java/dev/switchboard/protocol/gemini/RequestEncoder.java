package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.Role;
import dev.switchboard.protocol.ToolChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A canonical request as a generateContent body for a Gemini upstream (the body only: the model and the
 * streaming method are in the URL the gateway builds). The request may come from any client protocol, so this is
 * where Gemini's own rules are met instead of earning a 400 (see {@link GeminiCodec} for the list).
 */
final class RequestEncoder {
    /** Gemini accepts at most this many stop sequences. */
    static final int MAX_STOP_SEQUENCES = 5;
    /**
     * The largest thinking budget every Gemini 2.5 model accepts (Flash and Flash-Lite stop at 24576, Pro at
     * 32768); Gemini 3 reads budgets as levels. Claude Code asks for 31999.
     */
    static final int MAX_THINKING_BUDGET = 24576;

    private RequestEncoder() {
    }

    static ObjectNode encode(ChatRequest request) {
        // Gemini's one place for system text is systemInstruction: a system message from mid-conversation joins it.
        var r = request.systemMessagesJoined();
        var body = Wire.object();
        body.set("contents", contents(r.messages()));
        var system = Mappers.JSON.createArrayNode();
        r.system().stream().filter(t -> !t.text().isEmpty()).forEach(t -> system.addObject().put("text", t.text()));
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        tools(body, r);
        var config = generationConfig(r);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    /**
     * Consecutive messages of one role become one content: OpenAI clients send each tool result as a message of
     * its own, and Gemini wants all responses to one step's function calls in the turn right after it. In a user
     * turn the function responses come first, as the answer to the call turn before it. Turns left empty are
     * skipped: Gemini refuses empty parts.
     */
    private static ArrayNode contents(List<Message> messages) {
        var turns = new ArrayList<Message>();
        for (var m : messages) {
            var last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role() == m.role()) {
                var merged = new ArrayList<>(last.parts());
                merged.addAll(m.parts());
                turns.set(turns.size() - 1, new Message(m.role(), merged));
            } else {
                turns.add(m);
            }
        }
        var callNames = callNames(messages);
        var out = Mappers.JSON.createArrayNode();
        for (var turn : turns) {
            var parts = new ArrayList<>(turn.parts());
            if (turn.role() == Role.USER) {
                parts.sort((a, b) -> Boolean.compare(!(a instanceof Part.ToolResult), !(b instanceof Part.ToolResult)));
            }
            var encoded = Parts.encode(parts, result -> resultName(result, callNames));
            if (encoded.isEmpty()) {
                continue;
            }
            if (turn.role() == Role.ASSISTANT) {
                signFirstCall(encoded);
            }
            out.addObject().put("role", turn.role() == Role.USER ? "user" : "model").set("parts", encoded);
        }
        return out;
    }

    /**
     * Gemini 3 refuses a replayed step whose first function call has no thoughtSignature. Calls that never had
     * one (made by another provider, or whose signature a client of another protocol could not keep) get the
     * stand-in Google documents for exactly this, as Gemini CLI does; calls Gemini signed keep their signature.
     */
    private static void signFirstCall(ArrayNode parts) {
        for (var p : parts) {
            if (p.has("functionCall")) {
                if (!p.has("thoughtSignature")) {
                    ((ObjectNode) p).put("thoughtSignature", Wire.SKIP_SIGNATURE);
                }
                return;
            }
        }
    }

    private static Map<String, String> callNames(List<Message> messages) {
        var names = new HashMap<String, String>();
        for (var m : messages) {
            for (var p : m.parts()) {
                if (p instanceof Part.ToolCall c && c.id() != null) {
                    names.put(c.id(), c.name());
                }
            }
        }
        return names;
    }

    /**
     * A result's function name: Gemini matches results to calls by name. Clients of other protocols refer to the
     * call by id only; their decoders fill the name in where they can, and otherwise the call with that id in
     * the conversation says it. A result whose call is gone from the history keeps its id as the name, the only
     * handle there is.
     */
    private static String resultName(Part.ToolResult r, Map<String, String> callNames) {
        if (r.name() != null && !r.name().isEmpty()) {
            return r.name();
        }
        var name = r.callId() == null ? null : callNames.get(r.callId());
        return name != null ? name : r.callId() != null ? r.callId() : "function";
    }

    /**
     * Tools as {@code functionDeclarations} with {@code parametersJsonSchema} ({@link Schemas}), and the tool
     * choice as {@code toolConfig}, which is only sent with tools.
     */
    private static void tools(ObjectNode body, ChatRequest r) {
        if (r.tools().isEmpty()) {
            return;
        }
        var declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (var t : r.tools()) {
            var fd = declarations.addObject().put("name", t.name());
            if (t.description() != null) {
                fd.put("description", t.description());
            }
            fd.set("parametersJsonSchema", Schemas.forGemini(t.parameters()));
        }
        var choice = r.toolChoice();
        String mode;
        if (choice instanceof ToolChoice.Auto) {
            mode = "AUTO";
        } else if (choice instanceof ToolChoice.None) {
            mode = "NONE";
        } else if (choice instanceof ToolChoice.Required || choice instanceof ToolChoice.Named) {
            mode = "ANY";
        } else {
            return;
        }
        var fcc = body.putObject("toolConfig").putObject("functionCallingConfig").put("mode", mode);
        if (choice instanceof ToolChoice.Named n) {
            fcc.putArray("allowedFunctionNames").add(n.name());
        }
    }

    private static ObjectNode generationConfig(ChatRequest r) {
        var config = Wire.object();
        if (r.maxTokens() != null) {
            config.put("maxOutputTokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            config.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            config.put("topP", r.topP());
        }
        if (r.topK() != null) {
            config.put("topK", r.topK());
        }
        var stops = Mappers.JSON.createArrayNode();
        r.stop().stream().filter(s -> !s.isEmpty()).limit(MAX_STOP_SEQUENCES).forEach(stops::add);
        if (!stops.isEmpty()) {
            config.set("stopSequences", stops);
        }
        var budget = thinkingBudget(r);
        if (budget != null) {
            var tc = config.putObject("thinkingConfig").put("thinkingBudget", budget);
            if (budget != 0) {
                tc.put("includeThoughts", true); // thinking the client asked for comes back to it
            }
        }
        return config;
    }

    /**
     * The budget to send, or null for Gemini's default. A budget the client gave is kept (0 and -1 mean off and
     * dynamic, as in Gemini), within what every model accepts; an effort level without one becomes low 1024 /
     * medium 8192 / high 24576 tokens, which every thinking Gemini model accepts (Gemini 3 maps budgets to its
     * levels). "minimal" and "none" leave the model's default: Gemini 2.5 Pro cannot turn thinking off.
     */
    static Integer thinkingBudget(ChatRequest r) {
        if (r.thinkingBudget() != null) {
            return Math.min(Math.max(-1, r.thinkingBudget()), MAX_THINKING_BUDGET);
        }
        if (r.reasoningEffort() == null) {
            return null;
        }
        return switch (r.reasoningEffort()) {
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh", "max" -> MAX_THINKING_BUDGET;
            default -> null;
        };
    }
}
