package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.ConfigImport;
import java.util.Locale;

/**
 * {@code GET /admin/export[?keys=true]} and {@code POST /admin/import[?mode=replace][&dryRun=true]}: the
 * configuration as a document (docs/CONFIG_FORMAT.md), out and back in, all or nothing.
 */
record ConfigResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        c.expectDepth(1);
        if (c.segments[0].equals("export")) {
            c.allow("GET");
            // keys only when asked for; the document itself says whether it holds them
            return ok(ConfigExport.export(ctx.store(), "true".equalsIgnoreCase(c.query("keys"))));
        }
        c.allow("POST");
        return ok(importConfig(c));
    }

    /** An exported configuration as the body; {@code dryRun} says what would change and writes nothing. */
    private ObjectNode importConfig(AdminCall c) {
        var mode = "replace".equalsIgnoreCase(c.query("mode")) ? ConfigImport.Mode.REPLACE : ConfigImport.Mode.MERGE;
        boolean dryRun = "true".equalsIgnoreCase(c.query("dryRun"));
        var doc = ConfigDocument.parse(c.rawBody());
        var changes = dryRun ? ConfigImport.preview(ctx.store(), doc, mode) : ConfigImport.apply(ctx.store(), doc, mode);
        var out = AdminViews.NODES.objectNode();
        out.put("applied", !dryRun);
        out.put("mode", mode.name().toLowerCase(Locale.ROOT));
        var list = out.putArray("changes");
        changes.forEach(ch -> list.add(ch.line()));
        return out;
    }
}
