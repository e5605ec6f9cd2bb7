package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat {@code messages} to and from the canonical system prompt and turns.
 *
 * <p>Chat has five roles where the canonical model has two: {@code system} and {@code developer} messages become
 * the system prompt, and {@code tool} messages become tool results inside a user turn, as Anthropic and Gemini
 * have them. Consecutive tool messages and the user message that follows them are one turn there, so they merge
 * here, tool results first.
 */
final class ChatMessages {
    private final List<Part.Text> system = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<List<Part>> turns = new ArrayList<>();
    /** Tool names by call id: Gemini needs the name on a result, Chat's tool message carries only the id. */
    private final Map<String, String> toolNames = new HashMap<>();
    /** Ids made up for legacy {@code function_call}s, by name, waiting for their {@code function} message. */
    private final Map<String, ArrayDeque<String>> legacyCalls = new HashMap<>();
    /** The user turn that tool messages opened and that a following user message still joins, or null. */
    private List<Part> openToolTurn;

    private ChatMessages() {
    }

    /** The result of decoding: the system prompt pieces and the turns. */
    record Decoded(List<Part.Text> system, List<Message> messages) {
    }

    static Decoded decode(JsonNode messages) throws ProtocolException {
        var reader = new ChatMessages();
        for (int i = 0; i < messages.size(); i++) {
            reader.add(messages.get(i), "messages[" + i + "]");
        }
        var out = new ArrayList<Message>();
        for (int i = 0; i < reader.turns.size(); i++) {
            out.add(new Message(reader.roles.get(i), reader.turns.get(i)));
        }
        return new Decoded(reader.system, out);
    }

    private void add(JsonNode message, String path) throws ProtocolException {
        if (message == null || !message.isObject()) {
            throw new ProtocolException("`" + path + "` must be a message object.", path);
        }
        var role = ChatJson.text(message, "role");
        if (role == null) {
            throw new ProtocolException("`" + path + ".role` is required.", path + ".role");
        }
        var content = message.get("content");
        switch (role) {
            case "system", "developer" -> system.addAll(textParts(content, path + ".content"));
            case "user" -> user(content, path);
            case "assistant" -> assistant(message, path);
            case "tool" -> tool(message, path);
            case "function" -> legacyFunctionResult(message, path);
            default -> throw new ProtocolException("`" + path + ".role` '" + role + "' is not a Chat Completions"
                    + " role (system, developer, user, assistant, tool).", path + ".role");
        }
    }

    private void user(JsonNode content, String path) throws ProtocolException {
        if (content == null || content.isNull()) {
            throw new ProtocolException("`" + path + ".content` is required on user messages.", path + ".content");
        }
        var parts = content(content, path + ".content");
        if (openToolTurn != null) {
            openToolTurn.addAll(parts);
            openToolTurn = null; // a user message ends the turn the tool messages began
        } else {
            turn(Role.USER, parts);
        }
    }

    private void assistant(JsonNode message, String path) throws ProtocolException {
        openToolTurn = null;
        var parts = new ArrayList<Part>();
        // Relays (DeepSeek, vLLM, OpenRouter) hand reasoning back as reasoning_content or reasoning; it came
        // before the answer, so it goes first.
        var thinking = ChatJson.text(message, "reasoning_content");
        if (ChatJson.isEmpty(thinking)) {
            thinking = ChatJson.text(message, "reasoning");
        }
        if (!ChatJson.isEmpty(thinking)) {
            parts.add(new Part.Thinking(thinking, null, false));
        }
        var content = message.get("content");
        if (content != null && !content.isNull()) {
            for (var p : content(content, path + ".content")) {
                if (!(p instanceof Part.Text t) || !t.text().isEmpty()) {
                    parts.add(p);
                }
            }
        }
        var refusal = ChatJson.text(message, "refusal");
        if (!ChatJson.isEmpty(refusal)) {
            parts.add(new Part.Text(refusal));
        }
        var calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int j = 0; j < calls.size(); j++) {
                parts.add(toolCall(calls.get(j), path + ".tool_calls[" + j + "]"));
            }
        }
        var legacy = message.get("function_call");
        if (legacy != null && legacy.isObject()) {
            var call = functionCall(ChatJson.newCallId(), legacy, path + ".function_call");
            legacyCalls.computeIfAbsent(call.name(), k -> new ArrayDeque<>()).add(call.id());
            parts.add(call);
        }
        if (!parts.isEmpty()) {
            turn(Role.ASSISTANT, parts); // an empty assistant message says nothing; other protocols refuse one
        }
    }

    private Part.ToolCall toolCall(JsonNode call, String path) throws ProtocolException {
        if (call == null || !call.isObject()) {
            throw new ProtocolException("`" + path + "` must be a tool call object.", path);
        }
        var type = ChatJson.text(call, "type");
        if (type != null && !type.equals("function")) {
            throw new ProtocolException("`" + path + ".type` '" + type + "' cannot be converted; only function"
                    + " tool calls can.", path + ".type");
        }
        var id = ChatJson.text(call, "id");
        return functionCall(ChatJson.isEmpty(id) ? ChatJson.newCallId() : id, call.get("function"),
                path + ".function");
    }

    private Part.ToolCall functionCall(String id, JsonNode function, String path) throws ProtocolException {
        var name = ChatJson.text(function, "name");
        if (ChatJson.isEmpty(name)) {
            throw new ProtocolException("`" + path + ".name` is required.", path + ".name");
        }
        toolNames.put(id, name);
        return new Part.ToolCall(id, name, arguments(function.get("arguments")), null);
    }

    /** Chat sends arguments as a JSON text; some clients send the object itself or nothing for no arguments. */
    static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "{}";
        }
        if (arguments.isTextual()) {
            return arguments.asText().isBlank() ? "{}" : arguments.asText();
        }
        return arguments.toString();
    }

    private void tool(JsonNode message, String path) throws ProtocolException {
        var id = ChatJson.text(message, "tool_call_id");
        if (ChatJson.isEmpty(id)) {
            throw new ProtocolException("`" + path + ".tool_call_id` is required on tool messages.",
                    path + ".tool_call_id");
        }
        toolResult(new Part.ToolResult(id, toolNames.get(id), resultContent(message.get("content"), path), false));
    }

    /** The pre-tools {@code function} role answers the latest unanswered {@code function_call} of that name. */
    private void legacyFunctionResult(JsonNode message, String path) throws ProtocolException {
        var name = ChatJson.text(message, "name");
        if (ChatJson.isEmpty(name)) {
            throw new ProtocolException("`" + path + ".name` is required on function messages.", path + ".name");
        }
        var waiting = legacyCalls.get(name);
        var id = waiting == null || waiting.isEmpty() ? ChatJson.newCallId() : waiting.poll();
        toolResult(new Part.ToolResult(id, name, resultContent(message.get("content"), path), false));
    }

    private List<Part> resultContent(JsonNode content, String path) throws ProtocolException {
        return content == null || content.isNull() ? List.of() : content(content, path + ".content");
    }

    private void toolResult(Part.ToolResult result) {
        if (openToolTurn == null) {
            openToolTurn = turn(Role.USER, new ArrayList<>());
        }
        openToolTurn.add(result);
    }

    private List<Part> turn(Role role, List<Part> parts) {
        var list = new ArrayList<>(parts);
        roles.add(role);
        turns.add(list);
        return list;
    }

    /** A content string, or an array of {@code text}, {@code image_url} and {@code refusal} parts. */
    private static List<Part> content(JsonNode content, String path) throws ProtocolException {
        if (content.isTextual()) {
            return List.of(new Part.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw new ProtocolException("`" + path + "` must be a string or an array of content parts.", path);
        }
        var parts = new ArrayList<Part>();
        for (int j = 0; j < content.size(); j++) {
            var part = content.get(j);
            var at = path + "[" + j + "]";
            var type = ChatJson.text(part, "type");
            if ("text".equals(type)) {
                parts.add(new Part.Text(requireText(part, "text", at)));
            } else if ("refusal".equals(type)) {
                parts.add(new Part.Text(requireText(part, "refusal", at)));
            } else if ("image_url".equals(type)) {
                parts.add(image(part.get("image_url"), at + ".image_url"));
            } else {
                throw new ProtocolException("`" + at + ".type` '" + type + "' cannot be converted to another"
                        + " protocol; use text or image_url parts.", at + ".type");
            }
        }
        return parts;
    }

    /** System and developer content: a string or text parts only. */
    private static List<Part.Text> textParts(JsonNode content, String path) throws ProtocolException {
        if (content == null || content.isNull()) {
            throw new ProtocolException("`" + path + "` is required.", path);
        }
        var out = new ArrayList<Part.Text>();
        for (var p : content(content, path)) {
            if (!(p instanceof Part.Text t)) {
                throw new ProtocolException("`" + path + "` may hold text only.", path);
            }
            if (!t.text().isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static String requireText(JsonNode part, String field, String path) throws ProtocolException {
        var text = ChatJson.text(part, field);
        if (text == null) {
            throw new ProtocolException("`" + path + "." + field + "` must be a string.", path + "." + field);
        }
        return text;
    }

    /**
     * {@code image_url} is an object with {@code url} (and {@code detail}, which no other protocol has); a few
     * clients send the URL string itself. A {@code data:<media>;base64,<data>} URL is an inline image.
     */
    private static Part.Image image(JsonNode imageUrl, String path) throws ProtocolException {
        var url = imageUrl != null && imageUrl.isTextual() ? imageUrl.asText() : ChatJson.text(imageUrl, "url");
        if (ChatJson.isEmpty(url)) {
            throw new ProtocolException("`" + path + ".url` is required.", path + ".url");
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            var header = comma < 0 ? "" : url.substring(5, comma);
            if (header.toLowerCase(java.util.Locale.ROOT).endsWith(";base64")) {
                int semicolon = header.indexOf(';');
                var media = header.substring(0, semicolon);
                return Part.Image.inline(media.isEmpty() ? null : media, url.substring(comma + 1));
            }
        }
        return Part.Image.at(url);
    }

    // ---- encoding ----

    /** The Chat {@code messages} for a canonical request. */
    static ArrayNode encode(ChatRequest request) {
        var out = ChatJson.NODES.arrayNode();
        if (!request.system().isEmpty()) {
            // One system message with the pieces joined: relays and local servers whose chat templates take a
            // single leading system message accept it, and OpenAI reads system as developer for reasoning models.
            var texts = new ArrayList<String>();
            for (var t : request.system()) {
                texts.add(t.text());
            }
            out.addObject().put("role", "system").put("content", String.join("\n\n", texts));
        }
        for (var m : request.messages()) {
            switch (m.role()) {
                case ASSISTANT -> encodeAssistant(m, out);
                // A system message where the client put it: Chat takes system messages anywhere.
                case SYSTEM -> out.addObject().put("role", "system").put("content", texts(m));
                case USER -> encodeUser(m, out);
            }
        }
        return out;
    }

    /** A system message's texts, joined by a blank line as the system prompt's pieces are. */
    private static String texts(Message m) {
        var texts = new ArrayList<String>();
        for (var p : m.parts()) {
            if (p instanceof Part.Text t) {
                texts.add(t.text());
            }
        }
        return String.join("\n\n", texts);
    }

    /**
     * Thinking is dropped: OpenAI ignores or refuses reasoning text in input, and DeepSeek's reasoner answers 400
     * to {@code reasoning_content} in input messages. Texts join without a separator because that is how a Chat
     * client saw them (a stream's content deltas, one {@code content} string), so the model reads what it said.
     */
    private static void encodeAssistant(Message m, ArrayNode out) {
        var text = new StringBuilder();
        var calls = ChatJson.NODES.arrayNode();
        boolean anyText = false;
        for (var p : m.parts()) {
            if (p instanceof Part.Text t) {
                text.append(t.text());
                anyText = true;
            } else if (p instanceof Part.ToolCall c) {
                var call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                call.putObject("function").put("name", c.name())
                        .put("arguments", ChatJson.isEmpty(c.arguments()) ? "{}" : c.arguments());
            }
        }
        if (!anyText && calls.isEmpty()) {
            return; // only thinking (dropped): an empty assistant message would say nothing
        }
        var message = out.addObject().put("role", "assistant");
        if (anyText) {
            message.put("content", text.toString());
        } else {
            message.putNull("content"); // Chat's shape for a turn that only calls tools
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /**
     * Tool results become {@code tool} messages, first, because Chat requires them right after the assistant
     * message that made the calls. A tool message holds text only, so images in a result follow in the user
     * message of the same turn; Chat has no error flag for a result.
     */
    private static void encodeUser(Message m, ArrayNode out) {
        var rest = new ArrayList<Part>();
        var lifted = new ArrayList<Part>();
        for (var p : m.parts()) {
            if (p instanceof Part.ToolResult r) {
                var texts = new ArrayList<String>();
                for (var c : r.content()) {
                    if (c instanceof Part.Text t) {
                        texts.add(t.text());
                    } else if (c instanceof Part.Image) {
                        lifted.add(c);
                    }
                }
                out.addObject().put("role", "tool").put("tool_call_id", r.callId())
                        .put("content", String.join("\n", texts));
            } else if (p instanceof Part.Text || p instanceof Part.Image) {
                rest.add(p);
            }
        }
        rest.addAll(0, lifted);
        if (rest.isEmpty()) {
            return;
        }
        var message = out.addObject().put("role", "user");
        if (rest.size() == 1 && rest.get(0) instanceof Part.Text t) {
            message.put("content", t.text()); // the plain string every relay understands
            return;
        }
        var parts = message.putArray("content");
        for (var p : rest) {
            if (p instanceof Part.Text t) {
                parts.addObject().put("type", "text").put("text", t.text());
            } else {
                parts.add(imagePart((Part.Image) p));
            }
        }
    }

    private static ObjectNode imagePart(Part.Image image) {
        var part = ChatJson.NODES.objectNode().put("type", "image_url");
        // a data URL needs a media type; OpenAI sniffs the bytes anyway, so a missing one is only a label
        var url = image.isInline()
                ? "data:" + (image.mediaType() == null ? "image/png" : image.mediaType()) + ";base64," + image.data()
                : image.url();
        part.putObject("image_url").put("url", url);
        return part;
    }
}
