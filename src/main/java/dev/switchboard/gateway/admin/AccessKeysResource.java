package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.created;
import static dev.switchboard.gateway.admin.Resource.ok;

import dev.switchboard.gateway.JsonRoutes.Answer;

/**
 * {@code GET, POST /admin/keys} and {@code DELETE /admin/keys/{name}}: client access keys, listed masked; a new
 * key's secret is in the answer that creates it, and nowhere else ever.
 */
record AccessKeysResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        var keys = ctx.store().accessKeys();
        if (s.length == 1) {
            if (c.is("GET")) {
                var arr = AdminViews.NODES.arrayNode();
                keys.list().forEach(k -> arr.addObject().put("name", k.name()).put("key", k.secret().masked()));
                return ok(arr);
            }
            c.allow("GET, POST");
            var key = keys.create(c.body().only("name").required("name"));
            var n = AdminViews.NODES.objectNode();
            n.put("name", key.name());
            // The one answer that carries a secret: the person has no other way to learn it.
            n.put("key", key.secret().reveal());
            n.put("masked", key.secret().masked());
            n.put("note", "Copy the key now: it is shown masked from now on.");
            return created(n);
        }
        c.expectDepth(2);
        c.allow("DELETE");
        keys.revoke(s[1]);
        return ok(AdminViews.NODES.objectNode().put("revoked", s[1].strip()));
    }
}
