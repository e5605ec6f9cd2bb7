package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.json.Mappers;
import java.util.UUID;

/** The codec's JSON mapper, node factory and the small readers and id makers its classes share. */
final class ChatJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChatJson() {
    }

    /** The field's text when it is a string, else null (relays send null, numbers or nothing alike). */
    static String text(JsonNode node, String field) {
        var v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The field's value when it is an integral number, else null. */
    static Long whole(JsonNode node, String field) {
        var v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String write(JsonNode node) {
        try {
            return Mappers.JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree we built always serialises
        }
    }

    /** A tool call id in OpenAI's own shape, for calls that came without one (legacy function calls, relays). */
    static String newCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /**
     * A completion id for a Chat client: OpenAI's are {@code chatcmpl-…}; another protocol's id (an Anthropic
     * {@code msg_…}) is kept behind the prefix, so the upstream's id can still be found in its logs.
     */
    static String completionId(String upstreamId) {
        if (isEmpty(upstreamId)) {
            return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        }
        return upstreamId.startsWith("chatcmpl-") ? upstreamId : "chatcmpl-" + upstreamId;
    }
}
