package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed reads of top-level request fields in the OpenAI family's words ({@code `max_tokens` must be an integer.}):
 * absent or JSON null is null, a wrong type is refused with the field named, never guessed. Shared by the Chat
 * Completions and Responses decoders, whose clients expect the same messages.
 */
public final class BodyFields {
    private BodyFields() {
    }

    public static Integer integer(ObjectNode body, String field) throws ProtocolException {
        var v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ProtocolException("`" + field + "` must be an integer.", field);
        }
        return v.asInt();
    }

    public static Double number(ObjectNode body, String field) throws ProtocolException {
        var v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new ProtocolException("`" + field + "` must be a number.", field);
        }
        return v.asDouble();
    }

    public static Boolean bool(ObjectNode body, String field) throws ProtocolException {
        var v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ProtocolException("`" + field + "` must be true or false.", field);
        }
        return v.asBoolean();
    }

    public static String string(ObjectNode body, String field) throws ProtocolException {
        var v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ProtocolException("`" + field + "` must be a string.", field);
        }
        return v.asText();
    }
}
