package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic content blocks to canonical parts and back, for message content, tool results and responses.
 *
 * <p>Blocks the canonical model has no place for ({@code document}, {@code search_result}, {@code container_upload},
 * server tool blocks such as {@code server_tool_use} and {@code web_search_tool_result}, images by Files API
 * {@code file_id}) are dropped rather than refused: a conversation that used them once can still continue on
 * another provider, and a same-protocol passthrough never goes through here. {@code cache_control} and
 * {@code citations} on any block are dropped: they have no meaning for other providers.
 */
final class ContentBlocks {
    private ContentBlocks() {
    }

    /**
     * A message's {@code content}: a string is one text block.
     *
     * @param toolNames tool_use ids seen so far in the conversation, mapped to tool names: a tool result gets its
     *                  tool's name from them (Gemini needs it, Anthropic only sends the id); filled as tool_use
     *                  blocks are read
     */
    static List<Part> decode(JsonNode content, String path, Map<String, String> toolNames) throws ProtocolException {
        if (content.isTextual()) {
            return List.of(new Part.Text(content.asText()));
        }
        if (!content.isArray()) {
            throw new ProtocolException(path + ": Input should be a valid string or a list of content blocks", path);
        }
        var parts = new ArrayList<Part>();
        for (int i = 0; i < content.size(); i++) {
            var part = block(content.get(i), Check.path(path, i), toolNames);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** One block, or null when it is of a kind that is dropped. */
    static Part block(JsonNode block, String path, Map<String, String> toolNames) throws ProtocolException {
        Check.object(block, path);
        var type = Check.requiredText(block, "type", path);
        return switch (type) {
            case "text" -> new Part.Text(Check.requiredText(block, "text", path));
            case "image" -> image(block, path);
            case "tool_use" -> toolUse(block, path, toolNames);
            case "tool_result" -> toolResult(block, path, toolNames);
            case "thinking" -> thinking(block, path);
            case "redacted_thinking" -> new Part.Thinking("", Check.requiredText(block, "data", path), true);
            default -> null;
        };
    }

    private static Part thinking(JsonNode block, String path) throws ProtocolException {
        // An empty signature is what an Anthropic client got from us for thinking that had none (see encode): it
        // must not come back as a signature.
        var signature = Check.optText(block, "signature", path);
        return new Part.Thinking(Check.requiredText(block, "thinking", path),
                signature == null || signature.isEmpty() ? null : signature, false);
    }

    private static Part image(JsonNode block, String path) throws ProtocolException {
        var sourcePath = Check.path(path, "source");
        var source = Check.requiredObject(block, "source", path);
        var kind = Check.requiredText(source, "type", sourcePath);
        if (kind.equals("base64")) {
            return Part.Image.inline(Check.requiredText(source, "media_type", sourcePath),
                    Check.requiredText(source, "data", sourcePath));
        } else if (kind.equals("url")) {
            return Part.Image.at(Check.requiredText(source, "url", sourcePath));
        }
        return null; // "file": a Files API id only Anthropic can resolve
    }

    private static Part toolUse(JsonNode block, String path, Map<String, String> toolNames) throws ProtocolException {
        var id = Check.requiredText(block, "id", path);
        var name = Check.requiredText(block, "name", path);
        var input = Check.opt(block, "input");
        if (input != null) {
            Check.object(input, Check.path(path, "input"));
        }
        toolNames.put(id, name);
        return new Part.ToolCall(id, name, input == null ? "{}" : Wire.write(input), null);
    }

    private static Part toolResult(JsonNode block, String path, Map<String, String> toolNames)
            throws ProtocolException {
        var id = Check.requiredText(block, "tool_use_id", path);
        var content = Check.opt(block, "content");
        var parts = new ArrayList<Part>();
        if (content != null) {
            for (var p : decode(content, Check.path(path, "content"), toolNames)) {
                // a tool result holds text and images; other blocks (documents, search results) are dropped
                if (p instanceof Part.Text || p instanceof Part.Image) {
                    parts.add(p);
                }
            }
        }
        var isError = Check.optBoolean(block, "is_error", path);
        return new Part.ToolResult(id, toolNames.get(id), parts, isError != null && isError);
    }

    /**
     * A part as an Anthropic block. A thinking part without a signature (from a provider that does not sign)
     * gets an empty one: Anthropic's SDKs require the field. Tool call arguments that are not a JSON object
     * become {@code {}}: {@code input} must be an object.
     */
    static ObjectNode encode(Part part) {
        var node = Wire.object();
        if (part instanceof Part.Text t) {
            node.put("type", "text").put("text", t.text());
        } else if (part instanceof Part.Image img) {
            node.put("type", "image").set("source", imageSource(img));
        } else if (part instanceof Part.ToolCall c) {
            node.put("type", "tool_use").put("id", c.id()).put("name", c.name());
            node.set("input", toolInput(c.arguments()));
        } else if (part instanceof Part.ToolResult r) {
            node.put("type", "tool_result").put("tool_use_id", r.callId());
            toolResultContent(node, r.content());
            if (r.isError()) {
                node.put("is_error", true);
            }
        } else if (part instanceof Part.Thinking th) {
            if (th.redacted()) {
                node.put("type", "redacted_thinking").put("data", th.signature() == null ? "" : th.signature());
            } else {
                node.put("type", "thinking").put("thinking", th.text() == null ? "" : th.text())
                        .put("signature", th.signature() == null ? "" : th.signature());
            }
        }
        return node;
    }

    /** Tool call arguments as the object Anthropic's {@code input} must be. */
    static ObjectNode toolInput(String arguments) {
        if (arguments != null && !arguments.isBlank()) {
            try {
                var parsed = Mappers.JSON.readTree(arguments);
                if (parsed instanceof ObjectNode o) {
                    return o;
                }
            } catch (JsonProcessingException e) {
                // a model that wrote broken arguments: {} keeps the conversation valid
            }
        }
        return Wire.object();
    }

    private static void toolResultContent(ObjectNode node, List<Part> content) {
        if (content.isEmpty()) {
            return; // Anthropic allows a tool result without content
        }
        if (content.size() == 1 && content.get(0) instanceof Part.Text t) {
            node.put("content", t.text());
            return;
        }
        var blocks = node.putArray("content");
        for (var p : content) {
            if (p instanceof Part.Text t && t.text().isEmpty()) {
                continue; // Anthropic refuses empty text blocks
            }
            if (p instanceof Part.Text || p instanceof Part.Image) {
                blocks.add(encode(p));
            }
        }
    }

    /**
     * Anthropic's image source. A {@code data:} URL (what OpenAI clients send for inline images) becomes a
     * base64 source: Anthropic's URL source only fetches http(s).
     */
    private static ObjectNode imageSource(Part.Image img) {
        var source = Wire.object();
        if (img.isInline()) {
            return source.put("type", "base64").put("media_type", img.mediaType()).put("data", img.data());
        }
        var url = img.url();
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            var mediaType = url.substring("data:".length(), comma - ";base64".length());
            return source.put("type", "base64").put("media_type", mediaType).put("data", url.substring(comma + 1));
        }
        return source.put("type", "url").put("url", url);
    }
}
