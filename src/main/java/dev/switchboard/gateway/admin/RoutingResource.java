package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.Snapshot;

/**
 * {@code GET /v1/routing/status} and {@code POST /v1/routing/top}: what the tray menu shows and does. Unlike the
 * rest of the admin API, it reads the gateway's live snapshot: the order the next request is routed by.
 */
record RoutingResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        switch (c.path) {
            case AdminRouter.ROUTING_PREFIX + "status":
                c.allow("GET");
                return ok(status());
            case AdminRouter.ROUTING_PREFIX + "top":
                c.allow("POST");
                return ok(top(c.body()));
            default:
                throw c.notFound();
        }
    }

    /**
     * Every group with its members in the order the next request tries them, with live health; and the scene
     * rules, tried before the groups, in order, each with whether it can choose now.
     */
    private ObjectNode status() {
        var n = AdminViews.NODES.objectNode();
        n.put("at", ctx.now().toString());
        var routed = routed();
        n.set("groups", AdminViews.groups(routed, ctx.now()));
        n.set("rules", AdminViews.rules(routed, ctx.now()));
        return n;
    }

    /** {@code {"group": "auto", "entry": "relay/gpt-4o"}}: that member is tried first from now on. */
    private ObjectNode top(AdminBody body) {
        body.only("group", "entry");
        var group = body.required("group");
        var entry = body.required("entry");
        var g = ctx.store().entries().moveMember(group, entry, 1);
        // The write reloaded the live snapshot before it returned: this is the order the next request uses.
        var live = ctx.gateway().live().current().group(g.name()).orElse(g);
        return AdminViews.group(live, routed(), ctx.now());
    }

    /** What the next request is routed by: the gateway's snapshot with the tracker's live health. */
    private Snapshot routed() {
        var gateway = ctx.gateway();
        return gateway.health().overlay(gateway.live().current());
    }
}
