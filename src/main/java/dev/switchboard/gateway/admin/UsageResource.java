package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import dev.switchboard.gateway.JsonRoutes.Answer;

/** {@code GET /admin/usage?limit=}: the newest requests, with their attempts. */
record UsageResource(AdminContext ctx) implements Resource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    @Override
    public Answer answer(AdminCall c) {
        c.expectDepth(1);
        c.allow("GET");
        int limit = limit(c.query("limit"));
        var arr = AdminViews.NODES.arrayNode();
        ctx.store().usage().recent(limit).forEach(r -> arr.add(AdminViews.usage(r)));
        return ok(arr);
    }

    private static int limit(String given) {
        if (given == null) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AdminRefusal.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }
}
