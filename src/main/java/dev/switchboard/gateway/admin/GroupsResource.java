package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.created;
import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;

/**
 * {@code /admin/groups} (list, create), {@code /admin/groups/{name}} (show, delete), {@code …/members} (add,
 * remove) and {@code …/move}: what {@code groups} does, over JSON. Members are named by {@code ref}.
 */
record GroupsResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        var entries = ctx.store().entries();
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(AdminViews.groups(ctx.snapshot(), ctx.now()));
            }
            c.allow("GET, POST");
            var g = entries.createGroup(c.body().only("name").required("name"));
            return created(json(g.name()));
        }
        var name = s[1];
        if (s.length == 2) {
            if (c.is("GET")) {
                return ok(json(name));
            }
            c.allow("GET, DELETE");
            var json = json(name);
            entries.deleteGroup(name);
            return ok(json);
        }
        if (s.length == 3 && s[2].equals("members")) {
            if (c.is("POST")) {
                var body = c.body().only("ref", "position");
                return ok(json(entries.addMember(name, c.ref(), body.integer("position")).name()));
            }
            c.allow("POST, DELETE");
            c.body().only("ref");
            return ok(json(entries.removeMember(name, c.ref()).name()));
        }
        if (s.length == 3 && s[2].equals("move")) {
            c.allow("POST");
            var body = c.body().only("ref", "position");
            var position = body.integer("position");
            if (position == null) {
                throw AdminRefusal.badRequest("Give the position to move to: {\"ref\": …, \"position\": 1}"
                        + " (1 = tried first).");
            }
            return ok(json(entries.moveMember(name, c.ref(), position).name()));
        }
        throw c.notFound();
    }

    private ObjectNode json(String name) {
        var g = ctx.store().entries().group(name);
        return AdminViews.group(g, ctx.snapshot(), ctx.now());
    }
}
