package dev.switchboard.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Redaction;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;

/**
 * {@code GET /admin/channels/{name}/models}: the upstream's list, each model marked as already an entry or as
 * proposed (released within the {@code recent-months} setting, by the catalog), with its catalog facts.
 */
record ChannelModels(AdminContext ctx) {
    ObjectNode of(Channel channel) {
        var gateway = ctx.gateway();
        var listing = new ModelDiscovery(gateway.upstream()).list(channel);
        var existing = new HashSet<String>();
        ctx.store().entries().list().stream().filter(e -> e.channelId() == channel.id())
                .forEach(e -> existing.add(e.model()));
        var catalog = Catalog.load(ctx.store().database().file().getParent());
        int months = gateway.live().current().settings().recentMonths();
        var today = LocalDate.ofInstant(ctx.now(), ZoneId.systemDefault());
        var out = AdminViews.NODES.objectNode();
        out.put("verdict", Redaction.redact(listing.verdict()));
        var list = out.putArray("models");
        for (var m : listing.models()) {
            var n = list.addObject();
            n.put("id", m);
            n.put("added", existing.contains(m));
            var facts = catalog.lookup(m);
            n.put("proposed", existing.contains(m) || facts.map(f -> Catalog.recent(f, today, months)).orElse(false));
            facts.ifPresent(f -> {
                n.put("name", f.name());
                n.put("released", f.released().toString());
                if (f.context() != null) {
                    n.put("context", f.context());
                }
                n.put("reasoning", f.reasoning());
                n.put("tools", f.tools());
            });
        }
        AdminViews.evidence(out.putArray("evidence"), listing.evidence());
        return out;
    }
}
