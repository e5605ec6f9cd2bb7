package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.created;
import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.Entry;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code /admin/entries} (list, add) and {@code /admin/entry?ref=} (show, remove, {@code …/enable},
 * {@code …/disable}, {@code …/alias}): what {@code entries} does, over JSON. One entry is named by {@code ref},
 * never in the path, since its model may contain '/'.
 */
record EntriesResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        return c.segments[0].equals("entries") ? entries(c) : entry(c);
    }

    private Answer entries(AdminCall c) {
        c.expectDepth(1);
        if (c.is("GET")) {
            return ok(list(c.query("channel")));
        }
        c.allow("GET, POST");
        return created(add(c.body()));
    }

    private Answer entry(AdminCall c) {
        var s = c.segments;
        var entries = ctx.store().entries();
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(json(entries.get(c.ref())));
            }
            c.allow("GET, DELETE");
            var removed = entries.get(c.ref());
            var json = json(removed);
            entries.remove("#" + removed.id());
            return ok(json);
        }
        if (s.length == 2) {
            c.allow("POST");
            switch (s[1]) {
                case "enable":
                case "disable":
                    c.body().only("ref");
                    return ok(json(entries.setEnabled(c.ref(), s[1].equals("enable"))));
                case "alias":
                    var body = c.body().only("ref", "alias");
                    if (!body.has("alias")) {
                        throw AdminRefusal.badRequest("Give the alias as {\"ref\": …, \"alias\": \"name\"};"
                                + " \"alias\": null clears it.");
                    }
                    return ok(json(entries.setAlias(c.ref(), body.text("alias"))));
                default:
                    throw c.notFound();
            }
        }
        throw c.notFound();
    }

    private ArrayNode list(String channel) {
        if (channel != null) {
            ctx.store().channels().get(channel); // a clear 404 for an unknown channel
        }
        var snapshot = ctx.snapshot();
        var now = ctx.now();
        var arr = AdminViews.NODES.arrayNode();
        for (var e : snapshot.entries()) {
            if (channel == null || e.channelName().equalsIgnoreCase(channel.strip())) {
                arr.add(AdminViews.entry(e, snapshot, now));
            }
        }
        return arr;
    }

    /** {@code {"channel", "models": [...]}} or {@code "model"}; all of them or none, as with {@code entries add}. */
    private ArrayNode add(AdminBody body) {
        body.only("channel", "model", "models", "alias", "auto");
        var models = body.strings("models");
        var model = body.text("model");
        if ((models == null) == (model == null)) {
            throw AdminRefusal.badRequest("Give either \"model\": \"name\" or \"models\": [\"name\", …].");
        }
        if (models == null) {
            models = List.of(model);
        }
        var alias = body.text("alias");
        if (alias != null && models.size() > 1) {
            throw AdminRefusal.badRequest("\"alias\" needs exactly one model; " + models.size() + " were given.");
        }
        var auto = body.bool("auto");
        var store = ctx.store().entries();
        var added = new ArrayList<Entry>();
        try {
            for (var m : models) {
                added.add(store.add(body.text("channel"), m, alias, auto == null || auto));
            }
        } catch (StoreException e) {
            added.forEach(a -> store.remove("#" + a.id()));
            throw models.size() > 1 ? new StoreException(e.kind(), e.getMessage() + " None of the " + models.size()
                    + " models was added.", e) : e;
        }
        var snapshot = ctx.snapshot();
        var now = ctx.now();
        var ids = new HashSet<Long>();
        added.forEach(e -> ids.add(e.id()));
        var arr = AdminViews.NODES.arrayNode();
        snapshot.entries().stream().filter(e -> ids.contains(e.id()))
                .forEach(e -> arr.add(AdminViews.entry(e, snapshot, now)));
        return arr;
    }

    /** The entry as the admin snapshot has it now, with its health and groups. */
    private ObjectNode json(Entry e) {
        var snapshot = ctx.snapshot();
        var fresh = snapshot.entries().stream().filter(x -> x.id() == e.id()).findFirst().orElse(e);
        return AdminViews.entry(fresh, snapshot, ctx.now());
    }
}
