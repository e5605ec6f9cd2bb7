package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ProtocolException;

/**
 * Typed reads of request fields that refuse a wrong type instead of guessing. Paths are written the way the
 * Anthropic API names them in its own errors ({@code messages.1.content.0.text}), so a client sees the same
 * pointer it would get from Anthropic.
 */
final class Check {
    private Check() {
    }

    static String path(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    static String path(String parent, int index) {
        return parent + "." + index;
    }

    /** The field, or null when it is absent or JSON null. */
    static JsonNode opt(JsonNode obj, String field) {
        var n = obj.get(field);
        return n == null || n.isNull() ? null : n;
    }

    static String requiredText(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            throw new ProtocolException(path(parent, field) + ": Field required", path(parent, field));
        }
        if (!n.isTextual()) {
            throw new ProtocolException(path(parent, field) + ": Input should be a valid string", path(parent, field));
        }
        return n.asText();
    }

    static String optText(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ProtocolException(path(parent, field) + ": Input should be a valid string", path(parent, field));
        }
        return n.asText();
    }

    static JsonNode requiredObject(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            throw new ProtocolException(path(parent, field) + ": Field required", path(parent, field));
        }
        return object(n, path(parent, field));
    }

    static JsonNode object(JsonNode n, String path) throws ProtocolException {
        if (!n.isObject()) {
            throw new ProtocolException(path + ": Input should be an object", path);
        }
        return n;
    }

    static JsonNode optArray(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n != null && !n.isArray()) {
            throw new ProtocolException(path(parent, field) + ": Input should be a valid list", path(parent, field));
        }
        return n;
    }

    static Boolean optBoolean(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new ProtocolException(path(parent, field) + ": Input should be a valid boolean", path(parent, field));
        }
        return n.booleanValue();
    }

    static Double optNumber(JsonNode obj, String field) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isNumber()) {
            throw new ProtocolException(field + ": Input should be a valid number", field);
        }
        return n.doubleValue();
    }

    /** An integer field; {@code min} is the smallest value the API accepts. */
    static Integer optInt(JsonNode obj, String field, String parent, int min) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        var p = path(parent, field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ProtocolException(p + ": Input should be a valid integer", p);
        }
        if (n.intValue() < min) {
            throw new ProtocolException(p + ": Input should be greater than or equal to " + min, p);
        }
        return n.intValue();
    }
}
