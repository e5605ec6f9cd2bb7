package dev.switchboard.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.discovery.Onboarding;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Redaction;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;

/**
 * {@code GET /admin/channels/{name}/models}: the upstream's list, each model marked as already an entry or as
 * proposed ({@link Onboarding#picks}: recent by the catalog's or the upstream's dates, or new to the catalog), with why
 * and its catalog facts.
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
        // the same pre-selection as `channels add`, `channels models` and the window (Onboarding's)
        for (var p : Onboarding.picks(listing.models(), listing.created(), existing, catalog, today, months)) {
            var m = p.model();
            var n = list.addObject();
            n.put("id", m);
            n.put("added", existing.contains(m));
            n.put("proposed", p.ticked());
            n.put("why", p.reason().name().toLowerCase(java.util.Locale.ROOT));
            if (p.listed() != null) {
                n.put("listed", p.listed().toString());
            }
            java.util.Optional.ofNullable(p.facts()).ifPresent(f -> {
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
