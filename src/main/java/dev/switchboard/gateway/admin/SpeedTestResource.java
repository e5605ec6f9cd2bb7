package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.gateway.JsonRoutes.Answer;
import java.time.Duration;
import java.util.HashMap;

/**
 * {@code POST /admin/test {channel?, entry?, orderAuto?, timeoutSeconds?}}: the speed test, as the tray's "Run
 * speed test" starts it; answers when it is done (bounded by {@code timeoutSeconds}, default 60).
 */
record SpeedTestResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        c.expectDepth(1);
        c.allow("POST");
        return ok(run(c.body()));
    }

    private ObjectNode run(AdminBody body) {
        var entry = body.text("entry");
        var channel = body.text("channel");
        var which = entry != null ? Selection.entry(entry) : channel != null ? Selection.channel(channel)
                : Selection.all();
        body.only("entry", "channel", "orderAuto", "timeoutSeconds");
        var timeoutSeconds = body.integer("timeoutSeconds");
        Duration bound;
        try {
            bound = SpeedCheck.bound(timeoutSeconds == null ? 60 : timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw AdminRefusal.badRequest("timeoutSeconds: " + e.getMessage());
        }
        var gateway = ctx.gateway();
        var test = new SpeedCheck(ctx.store(), gateway.upstream(), gateway.clock());
        var results = test.run(which, r -> { }, bound);
        var out = AdminViews.NODES.objectNode();
        var list = out.putArray("results");
        for (var r : results) {
            var n = list.addObject();
            n.put("entry", r.entry());
            n.put("ok", r.ok());
            if (r.ttftMs() != null) {
                n.put("ttftMs", r.ttftMs());
            }
            if (r.totalMs() != null) {
                n.put("totalMs", r.totalMs());
            }
            n.put("outcome", r.outcome());
            n.put("message", r.message());
        }
        if (Boolean.TRUE.equals(body.bool("orderAuto"))) {
            var auto = SpeedCheck.orderAuto(ctx.store());
            var order = out.putArray("auto");
            var byId = new HashMap<Long, String>();
            ctx.store().entries().list().forEach(e -> byId.put(e.id(), e.ref()));
            auto.memberIds().forEach(id -> order.add(byId.get(id)));
        }
        return out;
    }
}
