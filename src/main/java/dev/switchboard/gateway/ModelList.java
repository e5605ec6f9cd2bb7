package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.Snapshot;
import java.util.HashSet;
import java.util.Locale;

/**
 * {@code GET /v1/models}: what a client may put in {@code model}. Groups first ({@code auto} leads), then
 * every routable entry once by the name clients use (alias or model), each name once even when several
 * channels serve it.
 */
final class ModelList {
    private ModelList() {
    }

    /** Anthropic's shape, for a caller that sent {@code x-api-key} and {@code anthropic-version}. */
    static ObjectNode anthropic(Snapshot snapshot) {
        var root = Mappers.JSON.createObjectNode();
        var data = root.putArray("data");
        for (var m : names(snapshot)) {
            data.addObject().put("type", "model").put("id", m.id()).put("display_name", m.id())
                    .put("created_at", java.time.Instant.ofEpochSecond(m.created()).toString());
        }
        root.put("has_more", false);
        root.put("first_id", data.isEmpty() ? null : data.get(0).get("id").asText());
        root.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id").asText());
        return root;
    }

    /** Gemini's shape, under {@code /v1beta/models}: names are {@code models/<id>}. */
    static ObjectNode gemini(Snapshot snapshot) {
        var root = Mappers.JSON.createObjectNode();
        var models = root.putArray("models");
        for (var m : names(snapshot)) {
            var model = models.addObject().put("name", "models/" + m.id()).put("displayName", m.id());
            model.putArray("supportedGenerationMethods").add("generateContent").add("streamGenerateContent");
        }
        return root;
    }

    private record Name(String id, long created, String ownedBy) {
    }

    /** Groups first ({@code auto} leads), then every routable name once. */
    private static java.util.List<Name> names(Snapshot snapshot) {
        var out = new java.util.ArrayList<Name>();
        var seen = new HashSet<String>();
        for (var g : snapshot.groups()) {
            if (seen.add(g.name().toLowerCase(Locale.ROOT))) {
                out.add(new Name(g.name(), g.createdAt().getEpochSecond(), "switchboard"));
            }
        }
        for (var e : snapshot.routableEntries()) {
            if (seen.add(e.displayName().toLowerCase(Locale.ROOT))) {
                out.add(new Name(e.displayName(), e.createdAt().getEpochSecond(), e.channelName()));
            }
        }
        return out;
    }

    static ObjectNode openAi(Snapshot snapshot) {
        var root = Mappers.JSON.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        for (var m : names(snapshot)) {
            data.addObject().put("id", m.id()).put("object", "model").put("created", m.created())
                    .put("owned_by", m.ownedBy());
        }
        return root;
    }
}
