package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.discovery.Detector;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Redaction;

/**
 * {@code POST /admin/detect {url, key, type?}}: what "add a provider" shows before saving: the detected type,
 * the corrected base URL as a suggestion, the model list and every probe (keys never in them).
 */
record DetectResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        c.expectDepth(1);
        c.allow("POST");
        return ok(detect(c.body()));
    }

    private ObjectNode detect(AdminBody body) {
        body.only("url", "key", "type");
        var url = body.required("url");
        var key = body.required("key");
        var type = body.text("type") == null ? null : ApiType.of(body.text("type"));
        var d = new Detector(ctx.gateway().upstream()).detect(url, key, type);
        var out = AdminViews.NODES.objectNode();
        out.put("type", d.type() == null ? null : d.type().id());
        out.put("baseUrl", d.baseUrl());
        out.put("verdict", Redaction.redact(d.verdict()));
        var models = out.putArray("models");
        d.models().forEach(models::add);
        AdminViews.evidence(out.putArray("evidence"), d.evidence());
        return out;
    }
}
