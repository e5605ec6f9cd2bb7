package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.created;
import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ClientTraits;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.routing.RequestTraits;
import dev.switchboard.routing.Resolver;
import dev.switchboard.routing.RuleJson;
import dev.switchboard.store.ModelPattern;
import dev.switchboard.store.RuleStore;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.StoreException;

/**
 * {@code /admin/rules} (list, add), {@code /admin/rules/{name}} (show, change, delete), {@code …/move}, and
 * {@code POST /admin/rules/test}, which shows what a sample request would be routed by: what {@code rules} does,
 * over JSON. A rule's fields: {@code name}, {@code group}, {@code enabled}, {@code protocol}, {@code model} (a
 * pattern with {@code *}), {@code thinking}, {@code images}, {@code webSearch}, {@code background},
 * {@code tokensAbove}; in a PATCH, a field given changes and a null clears it.
 */
record RulesResource(AdminContext ctx) implements Resource {
    private static final String[] FIELDS = {"name", "group", "enabled", "protocol", "model", "thinking", "images",
            "webSearch", "background", "tokensAbove"};

    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        var rules = ctx.store().rules();
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(AdminViews.rules(ctx.snapshot(), ctx.now()));
            }
            c.allow("GET, POST");
            var body = c.body();
            var fields = new java.util.ArrayList<>(java.util.List.of(FIELDS));
            fields.add("position");
            body.only(fields.toArray(String[]::new));
            var draft = apply(body, new SceneRule.Draft(body.required("name"), true, SceneRule.When.NOTHING, null));
            var added = rules.add(draft, body.integer("position"));
            return created(json(added.name()));
        }
        var name = s[1];
        if (s.length == 2 && name.equals("test") && c.is("POST")) {
            return ok(test(c.body()));
        }
        if (s.length == 2) {
            if (c.is("GET")) {
                return ok(json(name));
            }
            if (c.is("PATCH")) {
                var body = c.body().only(FIELDS);
                var changed = rules.replace(name, apply(body, rules.get(name).draft()));
                return ok(json(changed.name()));
            }
            c.allow("GET, PATCH, DELETE");
            var json = json(name);
            rules.remove(name);
            return ok(json);
        }
        if (s.length == 3 && s[2].equals("move")) {
            c.allow("POST");
            var position = c.body().only("position").integer("position");
            if (position == null) {
                throw AdminRefusal.badRequest("Give the position to move to: {\"position\": 1} (1 = tried first).");
            }
            return ok(json(rules.move(name, position).name()));
        }
        throw c.notFound();
    }

    /** The rule as the snapshot has it now, at its position. */
    private ObjectNode json(String name) {
        var snapshot = ctx.snapshot();
        var rule = ctx.store().rules().get(name);
        return RuleJson.rule(rule, RuleStore.positionOf(snapshot.rules(), rule.name()), snapshot, ctx.now());
    }

    /** {@code draft} with the fields the body gives: a value changes it, a null clears it (where it can be). */
    private static SceneRule.Draft apply(AdminBody body, SceneRule.Draft draft) {
        var name = body.has("name") ? body.required("name") : draft.name();
        var enabled = body.bool("enabled");
        var group = body.has("group") ? body.required("group") : draft.group();
        var w = draft.when();
        if (body.has("protocol")) {
            var p = body.text("protocol");
            w = w.withProtocol(p == null ? null : SceneRule.protocol(p));
        }
        if (body.has("model")) {
            var m = body.text("model");
            w = w.withModel(m == null ? null : ModelPattern.of(m));
        }
        w = w.withThinking(flag(body, "thinking", w.thinking()))
                .withImages(flag(body, "images", w.images()))
                .withWebSearch(flag(body, "webSearch", w.webSearch()))
                .withBackground(flag(body, "background", w.background()));
        if (body.has("tokensAbove")) {
            w = w.withTokensAbove(body.integer("tokensAbove") == null ? null : body.integer("tokensAbove").longValue());
        }
        return new SceneRule.Draft(name, enabled == null ? draft.enabled() : enabled, w, group);
    }

    private static boolean flag(AdminBody body, String field, boolean current) {
        var v = body.bool(field);
        return v == null ? current : v;
    }

    /**
     * What a request would be routed by, against the live state: {@code model}, {@code protocol} (default
     * {@code openai-chat}), {@code pin} (a group, as {@code /g/<group>/}), and either the request itself as
     * {@code body} (with {@code headers}, as {@code {"user-agent": …}}), whose traits are read as the gateway reads
     * them, or the traits outright ({@code thinking}, {@code images}, {@code webSearch}, {@code background},
     * {@code inputTokens}).
     */
    private ObjectNode test(AdminBody body) {
        body.only("model", "protocol", "pin", "body", "headers", "thinking", "images", "webSearch", "background",
                "inputTokens");
        var protocol = SceneRule.protocol(body.text("protocol") == null ? "openai-chat" : body.text("protocol"));
        var request = body.object("body");
        var model = body.text("model");
        RequestTraits traits;
        if (request != null) {
            for (var f : new String[] {"thinking", "images", "webSearch", "background", "inputTokens"}) {
                if (body.has(f)) {
                    throw AdminRefusal.badRequest("Give the request as \"body\" or its traits (\"" + f + "\"), not"
                            + " both: a body's traits are read from it.");
                }
            }
            var headers = body.map("headers");
            traits = ClientTraits.of(protocol, request, ClientHeaders.of(headers == null ? java.util.Map.of()
                    : headers, null));
            if (model == null && request.path("model").isTextual()) {
                model = request.get("model").asText();
            }
        } else {
            var tokens = body.integer("inputTokens");
            traits = new RequestTraits.Given(protocol, flag(body, "thinking", false), flag(body, "images", false),
                    flag(body, "webSearch", false), flag(body, "background", false), tokens == null ? 0 : tokens);
        }
        var pin = body.text("pin");
        var snapshot = routed();
        if (pin != null && snapshot.group(pin).isEmpty()) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "There is no group '" + pin + "' to pin.");
        }
        var r = Resolver.resolve(snapshot, model, traits, pin, ctx.now());
        return RuleJson.test(r, traits);
    }

    /** What the next request is routed by: the gateway's snapshot with live health, as {@code /v1/routing/status}. */
    private dev.switchboard.store.Snapshot routed() {
        var gateway = ctx.gateway();
        return gateway.health().overlay(gateway.live().current());
    }
}
