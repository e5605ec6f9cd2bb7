package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.json.Mappers;
import java.util.UUID;
import java.util.regex.Pattern;

/** The codec's JSON mapper, node factory, and the small readers and id makers its classes share. */
final class ResponsesJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What OpenAI accepts in an id: it answers 400 to an item id with other characters. */
    private static final Pattern ID_UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

    private ResponsesJson() {
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
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree we built always serialises
        }
    }

    /** A fresh id with OpenAI's prefix for its kind: {@code msg_}, {@code rs_}, {@code fc_}, {@code call_}. */
    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A response id for a Responses client: OpenAI's are {@code resp_…}; another protocol's id (an Anthropic
     * {@code msg_…}) is kept behind the prefix so the upstream's id can still be found in its logs.
     */
    static String responseId(String upstreamId) {
        if (isEmpty(upstreamId)) {
            return newId("resp_");
        }
        var safe = ID_UNSAFE.matcher(upstreamId).replaceAll("_");
        return safe.startsWith("resp_") ? safe : "resp_" + safe;
    }
}
