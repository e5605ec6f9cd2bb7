package dev.switchboard.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.AccessGuard;
import dev.switchboard.json.Mappers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/** A JSON object body, with reads that answer 400 naming the field when a value has the wrong type. */
final class AdminBody {
    private final ObjectNode json;

    private AdminBody(ObjectNode json) {
        this.json = json;
    }

    static AdminBody parse(byte[] bytes) {
        var text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new AdminBody(JsonNodeFactory.instance.objectNode());
        }
        JsonNode node;
        try {
            node = Mappers.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Where, but not the parser's words: they quote the offending token, which may be a key.
            var at = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new AdminRefusal(HttpStatus.BAD_REQUEST_400, "invalid_request_error", "invalid_json",
                    "The request body is not valid JSON" + at + ".");
        }
        if (node == null || !node.isObject()) {
            throw new AdminRefusal(HttpStatus.BAD_REQUEST_400, "invalid_request_error", "invalid_json",
                    "The request body must be a JSON object.");
        }
        return new AdminBody((ObjectNode) node);
    }

    /** Refuses fields other than these: a misspelt field must not be silently ignored. */
    AdminBody only(String... fields) {
        var known = List.of(fields);
        json.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw AdminRefusal.badRequest("Unknown field '" + AccessGuard.shown(f) + "'. "
                        + (known.isEmpty() ? "This request takes no body."
                        : "Known fields: " + String.join(", ", known) + "."));
            }
        });
        return this;
    }

    boolean isEmpty() {
        return json.isEmpty();
    }

    boolean has(String field) {
        return json.has(field);
    }

    String text(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be a string.");
        }
        return v.asText();
    }

    String required(String field) {
        var v = text(field);
        if (v == null || v.isBlank()) {
            throw AdminRefusal.badRequest("\"" + field + "\" is needed.");
        }
        return v;
    }

    /** A string, number or boolean as text (a setting's value may be sent as {@code 7} or {@code true}). */
    String scalar(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be a string, number or boolean.");
        }
        return v.asText();
    }

    Boolean bool(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be true or false.");
        }
        return v.booleanValue();
    }

    Integer integer(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be a whole number.");
        }
        return v.intValue();
    }

    /** A JSON object, such as a request body given whole. */
    ObjectNode object(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be a JSON object.");
        }
        return (ObjectNode) v;
    }

    JsonNode array(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be an array.");
        }
        return v;
    }

    List<String> strings(String field) {
        var v = array(field);
        if (v == null) {
            return null;
        }
        var out = new ArrayList<String>();
        for (var item : v) {
            if (!item.isTextual()) {
                throw AdminRefusal.badRequest("\"" + field + "\" must be an array of strings.");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The field's JSON as given (null when absent; a JSON null when given as null). */
    JsonNode node(String field) {
        return json.get(field);
    }

    /** An object of strings; a null value is kept (it means "remove" in a PATCH). */
    Map<String, String> map(String field) {
        var v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw AdminRefusal.badRequest("\"" + field + "\" must be an object of strings.");
        }
        var out = new LinkedHashMap<String, String>();
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                throw AdminRefusal.badRequest("\"" + field + "\"." + AccessGuard.shown(e.getKey())
                        + " must be a string (or null to remove it).");
            }
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return out;
    }
}
