package dev.switchboard.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ApiType;
import java.util.ArrayList;
import java.util.List;

/** Reads a model-list response in each API type's own shape. */
final class ModelLists {
    /**
     * @param exact true when the body carries the type's own markers, not just a list of ids: many relays answer
     *              any auth header with the same OpenAI-shaped list, and only the markers tell the types apart
     */
    record Parsed(List<String> ids, boolean exact) {
    }

    private ModelLists() {
    }

    /** The list in {@code body}, or null when it is not a model list of {@code type}'s shape. */
    static Parsed parse(ApiType type, byte[] body) {
        JsonNode root;
        try {
            root = Mappers.JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        switch (type) {
            case GEMINI: {
                var models = root.get("models");
                if (models == null || !models.isArray()) {
                    return null;
                }
                var ids = new ArrayList<String>();
                models.forEach(m -> {
                    var name = m.path("name").asText("");
                    if (!name.isEmpty()) {
                        ids.add(name.startsWith("models/") ? name.substring("models/".length()) : name);
                    }
                });
                return new Parsed(ids, true);
            }
            default: {
                var data = root.get("data");
                if (data == null || !data.isArray()) {
                    return null;
                }
                var ids = new ArrayList<String>();
                boolean exact = false;
                for (var m : data) {
                    var id = m.path("id").asText("");
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                    exact |= marked(type, root, m);
                }
                if (data.isEmpty()) {
                    exact = marked(type, root, Mappers.JSON.createObjectNode());
                }
                return new Parsed(ids, exact);
            }
        }
    }

    private static boolean marked(ApiType type, JsonNode root, JsonNode item) {
        switch (type) {
            case ANTHROPIC:
                return item.path("type").asText("").equals("model") || root.has("has_more");
            case AZURE:
                return item.path("object").asText("").equals("deployment");
            default:
                return item.path("object").asText("").equals("model") || root.path("object").asText("").equals("list");
        }
    }
}
