package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.Part;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.StopReason;
import java.util.ArrayList;
import java.util.List;

/** Whole GenerateContentResponses: an upstream's to the canonical model, the canonical model to a client's. */
final class Responses {
    private Responses() {
    }

    /**
     * The first candidate (Switchboard never asks for more). A prompt blocked before any candidate is a content
     * filter stop with nothing said.
     *
     * @throws IllegalArgumentException when the body is not a GenerateContentResponse (a broken upstream): the
     *                                  parts are read with the same checks as a client's, and a bad one is not
     *                                  guessed at
     */
    static ChatResponse decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The upstream answer is not a JSON object");
        }
        var responseId = Wire.text(body, "responseId");
        var parts = new ArrayList<Part>();
        StopReason reason = StopReason.END_TURN;
        var candidates = Wire.field(body, "candidates");
        var candidate = candidates != null && candidates.isArray() && !candidates.isEmpty() ? candidates.get(0) : null;
        if (candidate != null && candidate.isObject()) {
            var content = Wire.field(candidate, "content");
            var list = Wire.field(content, "parts");
            if (list != null && list.isArray()) {
                try {
                    parts.addAll(Parts.decode(list, "candidates[0].content.parts", Parts.Calls.forAnswer(responseId)));
                } catch (ProtocolException e) {
                    throw new IllegalArgumentException("The upstream answer is not a GenerateContentResponse: "
                            + e.getMessage(), e);
                }
            }
            reason = Wire.finishReason(Wire.text(candidate, "finishReason"));
        } else if (Wire.text(Wire.field(body, "promptFeedback"), "blockReason") != null) {
            reason = StopReason.CONTENT_FILTER;
        }
        return new ChatResponse(responseId, Wire.text(body, "modelVersion"), parts, toolUse(reason, parts),
                Wire.RawUsage.of(Wire.field(body, "usageMetadata")).canonical());
    }

    /** Gemini says STOP after function calls; the canonical model says the turn waits for their results. */
    static StopReason toolUse(StopReason reason, List<Part> parts) {
        return reason == StopReason.END_TURN && parts.stream().anyMatch(Part.ToolCall.class::isInstance)
                ? StopReason.TOOL_USE : reason;
    }

    /**
     * The answer for a Gemini client; {@code model} is the name it asked for. An answer with no parts (a content
     * filter stop) has a candidate without content, as Gemini's own blocked answers do.
     */
    static ObjectNode encode(ChatResponse r, String model) {
        var body = Wire.object();
        var candidate = body.putArray("candidates").addObject();
        var answer = r.parts().stream().filter(p -> p instanceof Part.Text || p instanceof Part.Thinking
                || p instanceof Part.ToolCall).toList(); // images and tool results do not occur in answers
        var parts = Parts.encode(answer, result -> result.name());
        if (!parts.isEmpty()) {
            var content = candidate.putObject("content");
            content.set("parts", parts);
            content.put("role", "model");
        }
        candidate.put("finishReason", Wire.finishReason(r.stopReason())).put("index", 0);
        body.set("usageMetadata", Wire.usageMetadata(r.usage()));
        var version = model != null ? model : r.model();
        if (version != null) {
            body.put("modelVersion", version);
        }
        body.put("responseId", Wire.responseId(r.id()));
        return body;
    }
}
