package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.store.Channel;
import java.io.IOException;
import java.nio.file.Files;

/**
 * {@code GET /admin/status}: version, data folder, database size, counts, groups, requests logged, and the path of the
 * gateway's Prometheus metrics.
 */
record StatusResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        c.expectDepth(1);
        c.allow("GET");
        return ok(status());
    }

    private ObjectNode status() {
        var snapshot = ctx.snapshot();
        var now = ctx.now();
        var file = ctx.store().database().file();
        var n = AdminViews.NODES.objectNode();
        n.put("version", ctx.gateway().version());
        n.put("dataFolder", ctx.dataFolder());
        n.put("database", file.getFileName().toString());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        n.put("databaseBytes", size);
        n.put("channels", snapshot.channels().size());
        n.put("enabledChannels", snapshot.channels().stream().filter(Channel::enabled).count());
        n.put("entries", snapshot.entries().size());
        var routable = snapshot.routableEntries();
        n.put("routableEntries", routable.size());
        n.put("coolingEntries", routable.stream().filter(e -> snapshot.health(e.id()).coolingAt(now)).count());
        n.put("systemDisabledEntries", snapshot.entries().stream()
                .filter(e -> snapshot.health(e.id()).systemDisabled()).count());
        var groups = n.putArray("groups");
        snapshot.groups().forEach(g -> groups.addObject().put("name", g.name()).put("members", g.memberIds().size()));
        n.put("accessKeys", snapshot.accessKeys().size());
        n.put("requests", ctx.store().usage().count());
        n.put("metricsPath", GatewayMetrics.PATH);
        return n;
    }
}
