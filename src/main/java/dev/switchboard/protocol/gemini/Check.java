package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ProtocolException;

/**
 * Typed reads of request fields that refuse a wrong type instead of guessing. Fields are found by their JSON or
 * their proto name ({@link Wire#field}); paths are written the way Google names fields in its own errors
 * ({@code contents[1].parts[0].text}), so a client sees the pointer it would get from Gemini.
 */
final class Check {
    private Check() {
    }

    static String path(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    static JsonNode opt(JsonNode obj, String field) {
        return Wire.field(obj, field);
    }

    static JsonNode object(JsonNode n, String path) throws ProtocolException {
        if (!n.isObject()) {
            throw new ProtocolException(path + ": an object is expected", path);
        }
        return n;
    }

    static JsonNode optObject(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        return n == null ? null : object(n, path(parent, field));
    }

    static JsonNode optArray(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n != null && !n.isArray()) {
            throw new ProtocolException(path(parent, field) + ": a list is expected", path(parent, field));
        }
        return n;
    }

    static String requiredText(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            throw new ProtocolException(path(parent, field) + ": required field is missing", path(parent, field));
        }
        return text(n, path(parent, field));
    }

    static String optText(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        return n == null ? null : text(n, path(parent, field));
    }

    private static String text(JsonNode n, String path) throws ProtocolException {
        if (!n.isTextual()) {
            throw new ProtocolException(path + ": a string is expected", path);
        }
        return n.asText();
    }

    static Boolean optBoolean(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new ProtocolException(path(parent, field) + ": a boolean is expected", path(parent, field));
        }
        return n.booleanValue();
    }

    static Double optNumber(JsonNode obj, String field, String parent) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        if (!n.isNumber()) {
            throw new ProtocolException(path(parent, field) + ": a number is expected", path(parent, field));
        }
        return n.doubleValue();
    }

    /**
     * An integer field; {@code min} is the smallest value the API accepts. An integral value written as a float
     * ({@code 40.0}) is an integer: the Java SDK declares {@code topK} as a float and sends it that way.
     */
    static Integer optInt(JsonNode obj, String field, String parent, int min) throws ProtocolException {
        var n = opt(obj, field);
        if (n == null) {
            return null;
        }
        var p = path(parent, field);
        if (!n.isNumber() || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() > Integer.MAX_VALUE || n.doubleValue() < Integer.MIN_VALUE) {
            throw new ProtocolException(p + ": an integer is expected", p);
        }
        if (n.doubleValue() < min) {
            throw new ProtocolException(p + ": must be at least " + min, p);
        }
        return (int) n.doubleValue();
    }
}
