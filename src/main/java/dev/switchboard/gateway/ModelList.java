package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static ObjectNode openAi(Snapshot snapshot) {
        var root = Router.JSON.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        var seen = new HashSet<String>();
        for (var g : snapshot.groups()) {
            if (seen.add(g.name().toLowerCase(Locale.ROOT))) {
                data.addObject().put("id", g.name()).put("object", "model")
                        .put("created", g.createdAt().getEpochSecond()).put("owned_by", "switchboard");
            }
        }
        for (var e : snapshot.routableEntries()) {
            if (seen.add(e.displayName().toLowerCase(Locale.ROOT))) {
                data.addObject().put("id", e.displayName()).put("object", "model")
                        .put("created", e.createdAt().getEpochSecond()).put("owned_by", e.channelName());
            }
        }
        return root;
    }
}
