package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Function parameter schemas between Gemini's two fields and the canonical JSON Schema.
 *
 * <p>Gemini takes parameters either as {@code parameters}, its own Schema type (an OpenAPI 3.0 subset with upper
 * case type names, {@code nullable}, and a 400 for every JSON Schema keyword it lacks: {@code additionalProperties},
 * {@code $ref}, {@code const}, {@code uniqueItems}, …), or as {@code parametersJsonSchema}, plain JSON Schema, which
 * Gemini CLI and current SDKs send. Tools from other protocols are JSON Schema, so they go out as
 * {@code parametersJsonSchema}: nothing is stripped and nothing lost. What Gemini still refuses there is
 * handled here: a root {@code $schema}, and {@code $ref}s with sibling keywords (Gemini allows only
 * {@code description} and {@code default} beside a reference), so local references are inlined.
 */
final class Schemas {
    /** The keywords Gemini allows beside a {@code $ref} it cannot inline. */
    private static final Set<String> REF_SIBLINGS = Set.of("$ref", "description", "default");
    /** OpenAPI's int64 counts, which Google's JSON writes as strings. */
    private static final Set<String> COUNTS = Set.of("minItems", "maxItems", "minLength", "maxLength",
            "minProperties", "maxProperties");

    private Schemas() {
    }

    /**
     * Gemini's {@code parameters} schema as JSON Schema: type names in lower case ({@code OBJECT} → {@code object}),
     * {@code nullable: true} as a {@code "null"} type, counts as numbers, and Gemini's {@code propertyOrdering}
     * (a generation hint no other provider has) left out.
     */
    static JsonNode fromGemini(JsonNode schema) {
        if (!(schema instanceof ObjectNode o)) {
            return schema;
        }
        var out = Wire.object();
        for (var e : o.properties()) {
            var key = e.getKey();
            var v = e.getValue();
            switch (key) {
                case "type" -> {
                    var type = v.isTextual() ? v.asText().toLowerCase(Locale.ROOT) : null;
                    if (type == null) {
                        out.set(key, v);
                    } else if (!type.equals("type_unspecified")) {
                        out.put(key, type);
                    }
                }
                case "nullable", "propertyOrdering" -> {
                    // nullable: below; propertyOrdering: dropped
                }
                case "properties" -> {
                    if (v instanceof ObjectNode props) {
                        var converted = out.putObject(key);
                        props.properties().forEach(p -> converted.set(p.getKey(), fromGemini(p.getValue())));
                    } else {
                        out.set(key, v);
                    }
                }
                case "items" -> out.set(key, fromGemini(v));
                case "anyOf" -> {
                    if (v instanceof ArrayNode list) {
                        var converted = out.putArray(key);
                        list.forEach(s -> converted.add(fromGemini(s)));
                    } else {
                        out.set(key, v);
                    }
                }
                default -> {
                    if (COUNTS.contains(key) && v.isTextual() && v.asText().matches("\\d{1,18}")) {
                        long n = Long.parseLong(v.asText());
                        if (n <= Integer.MAX_VALUE) {
                            out.put(key, (int) n); // as a JSON parser would read the number
                        } else {
                            out.put(key, n);
                        }
                    } else {
                        out.set(key, v);
                    }
                }
            }
        }
        var nullable = o.get("nullable");
        if (nullable != null && nullable.asBoolean(false) && out.path("type").isTextual()) {
            var type = out.get("type").asText();
            out.putArray("type").add(type).add("null");
        }
        return out;
    }

    /** A canonical JSON Schema as {@code parametersJsonSchema}; the caller's schema is not changed. */
    static ObjectNode forGemini(JsonNode schema) {
        if (!(schema instanceof ObjectNode o)) {
            var empty = Wire.object().put("type", "object");
            empty.putObject("properties");
            return empty;
        }
        var copy = o.deepCopy();
        copy.remove("$schema");
        var defs = Wire.object();
        var containers = Wire.object();
        for (var container : new String[] {"$defs", "definitions"}) {
            if (copy.get(container) instanceof ObjectNode d) {
                d.properties().forEach(e -> defs.set("#/" + container + "/" + e.getKey(), e.getValue()));
                containers.set(container, copy.remove(container));
            }
        }
        var root = (ObjectNode) inline(copy, defs, new ArrayDeque<>());
        if (hasRef(root)) {
            root.setAll(containers); // a circular reference still points into them
        }
        if (!root.has("type") && !root.has("$ref") && !root.has("anyOf")) {
            root.put("type", "object"); // OpenAI clients may leave the root type out; Gemini wants an object
        }
        return root;
    }

    /**
     * {@code node} with local references replaced by what they point to, the reference's own keywords kept on top.
     * A reference that is circular or points elsewhere stays, with only the siblings Gemini allows.
     */
    private static JsonNode inline(JsonNode node, ObjectNode defs, Deque<String> stack) {
        if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, inline(list.get(i), defs, stack));
            }
            return list;
        }
        if (!(node instanceof ObjectNode obj)) {
            return node;
        }
        var ref = obj.get("$ref");
        if (ref != null && ref.isTextual()) {
            var target = defs.get(ref.asText());
            if (target instanceof ObjectNode t && !stack.contains(ref.asText())) {
                stack.push(ref.asText());
                var resolved = (ObjectNode) inline(t.deepCopy(), defs, stack);
                stack.pop();
                for (var e : obj.properties()) {
                    if (!e.getKey().equals("$ref")) {
                        resolved.set(e.getKey(), inline(e.getValue(), defs, stack));
                    }
                }
                return resolved;
            }
            obj.retain(REF_SIBLINGS);
            return obj;
        }
        for (var e : obj.properties()) {
            e.setValue(inline(e.getValue(), defs, stack));
        }
        return obj;
    }

    private static boolean hasRef(JsonNode node) {
        if (node.has("$ref") && node.get("$ref").isTextual()) {
            return true;
        }
        for (var child : node) {
            if (hasRef(child)) {
                return true;
            }
        }
        return false;
    }
}
