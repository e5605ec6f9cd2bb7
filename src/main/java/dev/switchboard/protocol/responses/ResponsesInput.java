package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Responses {@code input} (and {@code instructions}) to and from the canonical system prompt and turns.
 *
 * <p>Responses has a flat list of items where the canonical model has turns. Items the model produced —
 * {@code reasoning}, assistant {@code message}s, {@code function_call}s — make one assistant turn until an item of
 * the other side comes, because that is how one answer's output items sit in the list. {@code function_call_output}
 * items open a user turn that the next user message joins (tool results first, as Anthropic and Gemini need them
 * right after the calls). {@code system} and {@code developer} messages join the system prompt, in order.
 */
final class ResponsesInput {
    /**
     * Items of hosted or non-function tools: their tools are dropped from {@code tools}, so their calls and outputs
     * are dropped together (never a result without its call), and so is {@code compaction}, whose encrypted
     * summary only OpenAI can read.
     */
    private static final Set<String> DROPPED_ITEMS = Set.of(
            "custom_tool_call", "custom_tool_call_output", "local_shell_call", "local_shell_call_output",
            "shell_call", "shell_call_output", "apply_patch_call", "apply_patch_call_output", "web_search_call",
            "file_search_call", "computer_call", "computer_call_output", "code_interpreter_call",
            "image_generation_call", "mcp_call", "mcp_list_tools", "mcp_approval_request", "mcp_approval_response",
            "tool_search_call", "tool_search_output", "compaction");

    /**
     * OpenAI's {@code encrypted_content} is a Fernet token: a 0x80 version byte and a 64-bit timestamp whose high
     * bytes are zero, which base64 spells {@code gAAAAA}. Anthropic and Gemini signatures never start so.
     */
    private static final String ENCRYPTED_CONTENT_PREFIX = "gAAAAA";

    private final List<Part.Text> system = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<List<Part>> turns = new ArrayList<>();
    /** Tool names by call id: Gemini needs the name on a result, {@code function_call_output} has only the id. */
    private final Map<String, String> toolNames = new HashMap<>();
    /** True while the last turn is a user turn that {@code function_call_output}s opened. */
    private boolean toolTurnOpen;

    private ResponsesInput() {
    }

    /** The result of decoding: the system prompt pieces and the turns. */
    record Decoded(List<Part.Text> system, List<Message> messages) {
    }

    static Decoded decode(String instructions, JsonNode input) throws ProtocolException {
        var reader = new ResponsesInput();
        if (!ResponsesJson.isEmpty(instructions)) {
            reader.system.add(new Part.Text(instructions));
        }
        if (input.isTextual()) {
            reader.turn(Role.USER).add(new Part.Text(input.asText()));
        } else {
            for (int i = 0; i < input.size(); i++) {
                reader.item(input.get(i), "input[" + i + "]");
            }
        }
        var out = new ArrayList<Message>();
        for (int i = 0; i < reader.turns.size(); i++) {
            if (!reader.turns.get(i).isEmpty()) {
                out.add(new Message(reader.roles.get(i), reader.turns.get(i)));
            }
        }
        return new Decoded(reader.system, out);
    }

    private void item(JsonNode item, String path) throws ProtocolException {
        if (item == null || !item.isObject()) {
            throw new ProtocolException("`" + path + "` must be an input item object.", path);
        }
        var type = ResponsesJson.text(item, "type");
        if (type == null && item.has("role")) {
            type = "message"; // the "easy" input message leaves its type out
        }
        if (type == null) {
            throw new ProtocolException("`" + path + ".type` is required.", path + ".type");
        }
        switch (type) {
            case "message" -> message(item, path);
            case "function_call" -> functionCall(item, path);
            case "function_call_output" -> functionCallOutput(item, path);
            case "reasoning" -> reasoning(item);
            case "item_reference" -> throw new ProtocolException("`" + path + "` refers to an item stored at OpenAI;"
                    + " Switchboard keeps no conversation state, so send the item itself.", path);
            default -> {
                if (!DROPPED_ITEMS.contains(type)) {
                    throw new ProtocolException("`" + path + ".type` '" + type + "' cannot be converted to another"
                            + " protocol.", path + ".type");
                }
            }
        }
    }

    private void message(JsonNode item, String path) throws ProtocolException {
        var role = ResponsesJson.text(item, "role");
        if (role == null) {
            throw new ProtocolException("`" + path + ".role` is required.", path + ".role");
        }
        var content = item.get("content");
        if (content == null || content.isNull()) {
            throw new ProtocolException("`" + path + ".content` is required.", path + ".content");
        }
        switch (role) {
            case "system", "developer" -> {
                for (var p : content(content, path + ".content")) {
                    if (!(p instanceof Part.Text t)) {
                        throw new ProtocolException("`" + path + ".content` may hold text only.", path + ".content");
                    }
                    if (!t.text().isEmpty()) {
                        system.add(t);
                    }
                }
            }
            case "user" -> {
                var parts = content(content, path + ".content");
                if (toolTurnOpen) {
                    turns.get(turns.size() - 1).addAll(parts);
                    toolTurnOpen = false; // a user message ends the turn the tool outputs began
                } else {
                    turn(Role.USER).addAll(parts);
                }
            }
            case "assistant" -> {
                var parts = new ArrayList<Part>();
                for (var p : content(content, path + ".content")) {
                    if (!(p instanceof Part.Text t) || !t.text().isEmpty()) {
                        parts.add(p);
                    }
                }
                if (!parts.isEmpty()) {
                    assistantTurn().addAll(parts);
                }
            }
            default -> throw new ProtocolException("`" + path + ".role` '" + role + "' is not a Responses role"
                    + " (user, assistant, system, developer).", path + ".role");
        }
    }

    private void functionCall(JsonNode item, String path) throws ProtocolException {
        var callId = ResponsesJson.text(item, "call_id");
        if (ResponsesJson.isEmpty(callId)) {
            throw new ProtocolException("`" + path + ".call_id` is required.", path + ".call_id");
        }
        var name = ResponsesJson.text(item, "name");
        if (ResponsesJson.isEmpty(name)) {
            throw new ProtocolException("`" + path + ".name` is required.", path + ".name");
        }
        toolNames.put(callId, name);
        assistantTurn().add(new Part.ToolCall(callId, name, arguments(item.get("arguments")), null));
    }

    /** Arguments are a JSON text; some clients send the object itself, or nothing for no arguments. */
    static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "{}";
        }
        if (arguments.isTextual()) {
            return arguments.asText().isBlank() ? "{}" : arguments.asText();
        }
        return arguments.toString();
    }

    private void functionCallOutput(JsonNode item, String path) throws ProtocolException {
        var callId = ResponsesJson.text(item, "call_id");
        if (ResponsesJson.isEmpty(callId)) {
            throw new ProtocolException("`" + path + ".call_id` is required.", path + ".call_id");
        }
        var output = item.get("output");
        List<Part> content;
        if (output == null || output.isNull()) {
            content = List.of();
        } else if (output.isObject() && output.path("content").isTextual()) {
            content = List.of(new Part.Text(output.get("content").asText())); // early Codex: {content, success}
        } else {
            content = content(output, path + ".output");
        }
        var result = new Part.ToolResult(callId, toolNames.get(callId), content, false);
        if (!toolTurnOpen) {
            turn(Role.USER);
            toolTurnOpen = true;
        }
        turns.get(turns.size() - 1).add(result);
    }

    /**
     * The summary is what a client may show of the reasoning, so it is the thinking text (parts joined by a blank
     * line, as they are paragraphs); servers that return raw {@code reasoning_text} content instead (gpt-oss
     * behind vLLM) give that. {@code encrypted_content} is the signature: it must come back unchanged.
     */
    private void reasoning(JsonNode item) {
        var text = reasoningText(item);
        var encrypted = ResponsesJson.text(item, "encrypted_content");
        if (text.isEmpty() && ResponsesJson.isEmpty(encrypted)) {
            return; // nothing to say and nothing to hand back
        }
        assistantTurn().add(new Part.Thinking(text, ResponsesJson.isEmpty(encrypted) ? null : encrypted, false));
    }

    static String reasoningText(JsonNode item) {
        var texts = new ArrayList<String>();
        for (var s : item.path("summary")) {
            var t = ResponsesJson.text(s, "text");
            if (!ResponsesJson.isEmpty(t)) {
                texts.add(t);
            }
        }
        if (texts.isEmpty()) {
            for (var c : item.path("content")) {
                var t = ResponsesJson.text(c, "text");
                if (!ResponsesJson.isEmpty(t)) {
                    texts.add(t);
                }
            }
        }
        return String.join("\n\n", texts);
    }

    private List<Part> assistantTurn() {
        if (!roles.isEmpty() && roles.get(roles.size() - 1) == Role.ASSISTANT) {
            return turns.get(turns.size() - 1);
        }
        return turn(Role.ASSISTANT);
    }

    private List<Part> turn(Role role) {
        toolTurnOpen = false;
        var list = new ArrayList<Part>();
        roles.add(role);
        turns.add(list);
        return list;
    }

    /** A content string, or an array of text, image and refusal parts. */
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
            var type = ResponsesJson.text(part, "type");
            if ("input_text".equals(type) || "output_text".equals(type) || "text".equals(type)) {
                parts.add(new Part.Text(requireText(part, "text", at)));
            } else if ("refusal".equals(type)) {
                parts.add(new Part.Text(requireText(part, "refusal", at)));
            } else if ("input_image".equals(type)) {
                parts.add(image(part, at));
            } else {
                throw new ProtocolException("`" + at + ".type` '" + type + "' cannot be converted to another"
                        + " protocol; use input_text or input_image parts.", at + ".type");
            }
        }
        return parts;
    }

    private static String requireText(JsonNode part, String field, String path) throws ProtocolException {
        var text = ResponsesJson.text(part, field);
        if (text == null) {
            throw new ProtocolException("`" + path + "." + field + "` must be a string.", path + "." + field);
        }
        return text;
    }

    /**
     * {@code image_url} is a URL or a {@code data:<media>;base64,<data>} URL (an inline image). A {@code file_id}
     * names a file stored at OpenAI that no other provider can fetch, so it is refused rather than lost;
     * {@code detail} has no counterpart elsewhere.
     */
    private static Part.Image image(JsonNode part, String path) throws ProtocolException {
        var url = ResponsesJson.text(part, "image_url");
        if (ResponsesJson.isEmpty(url)) {
            if (!ResponsesJson.isEmpty(ResponsesJson.text(part, "file_id"))) {
                throw new ProtocolException("`" + path + ".file_id` names a file stored at OpenAI, which another"
                        + " provider cannot read; send the image as image_url (a URL or a data: URL).",
                        path + ".file_id");
            }
            throw new ProtocolException("`" + path + ".image_url` is required.", path + ".image_url");
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            var header = comma < 0 ? "" : url.substring(5, comma);
            if (header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
                var media = header.substring(0, header.indexOf(';'));
                return Part.Image.inline(media.isEmpty() ? null : media, url.substring(comma + 1));
            }
        }
        return Part.Image.at(url);
    }

    // ---- encoding ----

    /**
     * The {@code input} items for a canonical request. Items go without ids: the request says {@code store: false},
     * and the API looks an item id up in its store and fails when it is not there (Codex sends none either).
     */
    static ArrayNode encode(ChatRequest request) {
        var out = ResponsesJson.NODES.arrayNode();
        for (var m : request.messages()) {
            switch (m.role()) {
                case ASSISTANT -> encodeAssistant(m, out);
                case SYSTEM -> encodeSystem(m, out);
                case USER -> encodeUser(m, out);
            }
        }
        return out;
    }

    /** A system message where the client put it, as a {@code system} message item: Responses takes them anywhere. */
    private static void encodeSystem(Message m, ArrayNode out) {
        var content = ResponsesJson.NODES.arrayNode();
        for (var p : m.parts()) {
            if (p instanceof Part.Text t && !t.text().isEmpty()) {
                content.addObject().put("type", "input_text").put("text", t.text());
            }
        }
        if (!content.isEmpty()) {
            out.addObject().put("type", "message").put("role", "system").set("content", content);
        }
    }

    /**
     * Parts in order: thinking as a {@code reasoning} item, runs of text as one assistant message (joined without
     * a separator, the way the client received them), calls as {@code function_call} items.
     *
     * <p>Reasoning goes back only with OpenAI's own {@code encrypted_content}: with {@code store: false} a
     * reasoning item without it is refused as "not found", and another provider's signature (Anthropic's,
     * Gemini's) is refused as invalid. The summary text alone would not let the model resume its reasoning, so
     * such thinking is dropped, as the Chat codec drops it. Redacted thinking is Anthropic's and dropped too.
     */
    private static void encodeAssistant(Message m, ArrayNode out) {
        var text = new StringBuilder();
        boolean anyText = false;
        for (var p : m.parts()) {
            if (p instanceof Part.Text t) {
                text.append(t.text());
                anyText = true;
                continue;
            }
            if (anyText) {
                assistantMessage(text.toString(), out);
                text.setLength(0);
                anyText = false;
            }
            if (p instanceof Part.Thinking th && !th.redacted() && isOpenAiEncrypted(th.signature())) {
                var item = out.addObject().put("type", "reasoning");
                var summary = item.putArray("summary");
                if (!th.text().isEmpty()) {
                    summary.addObject().put("type", "summary_text").put("text", th.text());
                }
                item.put("encrypted_content", th.signature());
            } else if (p instanceof Part.ToolCall c) {
                out.addObject().put("type", "function_call").put("call_id", c.id()).put("name", c.name())
                        .put("arguments", ResponsesJson.isEmpty(c.arguments()) ? "{}" : c.arguments());
            }
        }
        if (anyText) {
            assistantMessage(text.toString(), out);
        }
    }

    static boolean isOpenAiEncrypted(String signature) {
        return signature != null && signature.startsWith(ENCRYPTED_CONTENT_PREFIX);
    }

    private static void assistantMessage(String text, ArrayNode out) {
        if (!text.isEmpty()) {
            // the plain-string form: output_text parts in input would need the id and status of a stored item
            out.addObject().put("type", "message").put("role", "assistant").put("content", text);
        }
    }

    /**
     * Tool results become {@code function_call_output} items, first, right after the calls they answer; the rest
     * of the turn follows as one user message. A result with images sends its output as content parts; Responses
     * has no error flag for a result.
     */
    private static void encodeUser(Message m, ArrayNode out) {
        var rest = new ArrayList<Part>();
        for (var p : m.parts()) {
            if (p instanceof Part.ToolResult r) {
                var item = out.addObject().put("type", "function_call_output").put("call_id", r.callId());
                boolean images = r.content().stream().anyMatch(Part.Image.class::isInstance);
                if (images) {
                    item.set("output", contentParts(r.content()));
                } else {
                    var texts = new ArrayList<String>();
                    for (var c : r.content()) {
                        if (c instanceof Part.Text t) {
                            texts.add(t.text());
                        }
                    }
                    item.put("output", String.join("\n", texts));
                }
            } else if (p instanceof Part.Text || p instanceof Part.Image) {
                rest.add(p);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        var message = out.addObject().put("type", "message").put("role", "user");
        if (rest.size() == 1 && rest.get(0) instanceof Part.Text t) {
            message.put("content", t.text());
        } else {
            message.set("content", contentParts(rest));
        }
    }

    private static ArrayNode contentParts(List<Part> parts) {
        var array = ResponsesJson.NODES.arrayNode();
        for (var p : parts) {
            if (p instanceof Part.Text t) {
                array.addObject().put("type", "input_text").put("text", t.text());
            } else if (p instanceof Part.Image image) {
                array.add(imagePart(image));
            }
        }
        return array;
    }

    private static ObjectNode imagePart(Part.Image image) {
        // a data URL needs a media type; OpenAI sniffs the bytes anyway, so a missing one is only a label
        var url = image.isInline()
                ? "data:" + (image.mediaType() == null ? "image/png" : image.mediaType()) + ";base64," + image.data()
                : image.url();
        return ResponsesJson.NODES.objectNode().put("type", "input_image").put("image_url", url).put("detail", "auto");
    }
}
