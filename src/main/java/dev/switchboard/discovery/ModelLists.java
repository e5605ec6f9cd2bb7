package dev.switchboard.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.ApiType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a model-list response in each API type's own shape. */
final class ModelLists {
    /**
     * @param exact true when the body carries the type's own markers, not just a list of ids: many relays answer
     *              any auth header with the same OpenAI-shaped list, and only the markers tell the types apart
     */
    record Parsed(List<String> ids, boolean exact, Map<String, Instant> created) {
        Parsed {
            created = Map.copyOf(created);
        }
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
                return new Parsed(ids, true, Map.of());
            }
            default: {
                var data = root.get("data");
                if (data == null || !data.isArray()) {
                    return null;
                }
                var ids = new ArrayList<String>();
                var created = new LinkedHashMap<String, Instant>();
                boolean exact = false;
                for (var m : data) {
                    var id = m.path("id").asText("");
                    if (!id.isEmpty()) {
                        ids.add(id);
                        var when = created(m);
                        if (when != null) {
                            created.putIfAbsent(id, when);
                        }
                    }
                    exact |= marked(type, root, m);
                }
                if (data.isEmpty()) {
                    exact = marked(type, root, Mappers.JSON.createObjectNode());
                }
                return new Parsed(ids, exact, created);
            }
        }
    }

    /**
     * When the upstream says a model was created: OpenAI-style lists carry {@code created} in unix seconds,
     * Anthropic's {@code created_at} as an ISO instant (Azure's deployments a number there). Null when absent,
     * zero or unreadable: a missing date is no date, never 1970.
     */
    static Instant created(JsonNode m) {
        for (var field : List.of("created", "created_at")) {
            var v = m.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isNumber() && v.asLong() > 0) {
                long n = v.asLong();
                // a few relays write milliseconds: no model was made after the year 5000
                return Instant.ofEpochSecond(n > 100_000_000_000L ? n / 1000 : n);
            }
            if (v.isTextual()) {
                try {
                    return OffsetDateTime.parse(v.asText()).toInstant();
                } catch (DateTimeParseException e) {
                    // unreadable: no date
                }
            }
        }
        return null;
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
