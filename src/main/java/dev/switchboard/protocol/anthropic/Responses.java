package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.HashMap;

/** Whole Messages responses: an upstream's to the canonical model, the canonical model to a client's. */
final class Responses {
    private Responses() {
    }

    /**
     * @throws IllegalArgumentException when the body is not a Messages response (a broken upstream): the blocks
     *                                  are read with the same checks as a client's, and a bad one is not guessed at
     */
    static ChatResponse decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The upstream answer is not a JSON object");
        }
        var parts = new ArrayList<Part>();
        var content = body.get("content");
        if (content != null && content.isArray()) {
            var toolNames = new HashMap<String, String>();
            for (int i = 0; i < content.size(); i++) {
                try {
                    var part = ContentBlocks.block(content.get(i), "content." + i, toolNames);
                    if (part != null) {
                        parts.add(part);
                    }
                } catch (ProtocolException e) {
                    throw new IllegalArgumentException("The upstream answer is not a Messages response: "
                            + e.getMessage(), e);
                }
            }
        }
        var stop = body.get("stop_reason");
        return new ChatResponse(text(body, "id"), text(body, "model"), parts,
                Wire.stopReason(stop == null || !stop.isTextual() ? null : stop.asText()), Wire.usage(body.get("usage")));
    }

    /** The answer for an Anthropic client; {@code model} is the name it asked for. */
    static ObjectNode encode(ChatResponse r, String model) {
        var body = Wire.object();
        body.put("id", Wire.messageId(r.id()));
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", model != null ? model : r.model()); // the SDKs require a model name
        var content = body.putArray("content");
        for (var p : r.parts()) {
            // images and tool results do not occur in answers
            if (p instanceof Part.Text || p instanceof Part.Thinking || p instanceof Part.ToolCall) {
                content.add(ContentBlocks.encode(p));
            }
        }
        body.put("stop_reason", Wire.stopReason(r.stopReason()));
        body.putNull("stop_sequence"); // the canonical model does not keep which sequence matched
        body.set("usage", Wire.messageUsage(r.usage()));
        return body;
    }

    private static String text(JsonNode body, String field) {
        var n = body.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
