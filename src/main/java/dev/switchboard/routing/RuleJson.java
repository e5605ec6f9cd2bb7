package dev.switchboard.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Snapshot;
import java.time.Instant;

/**
 * Scene rules and rule tests as JSON: one shape for {@code /admin/rules}, {@code /v1/routing/status} and the CLI's
 * {@code rules list --json} / {@code rules test --json}, so that a script reads the same fields from either.
 */
public final class RuleJson {
    private RuleJson() {
    }

    /**
     * A scene rule at its 1-based position: its conditions field by field and in words, its target group, and
     * whether it can choose now ({@code ready}, {@code off}, {@code group-missing}, {@code nothing-can-serve}).
     */
    public static ObjectNode rule(SceneRule r, int position, Snapshot snapshot, Instant now) {
        var n = Mappers.JSON.createObjectNode();
        n.put("position", position);
        n.put("name", r.name());
        n.put("enabled", r.enabled());
        var w = r.when();
        var when = n.putObject("when");
        when.put("protocol", w.protocol());
        when.put("model", w.model() == null ? null : w.model().text());
        when.put("thinking", w.thinking());
        when.put("images", w.images());
        when.put("webSearch", w.webSearch());
        when.put("background", w.background());
        when.put("tokensAbove", w.tokensAbove());
        n.put("conditions", w.describe());
        n.put("group", r.group());
        n.put("state", SceneRules.state(r, snapshot, now).id());
        return n;
    }

    /** What a request with {@code traits} resolved to, and why: the answer of a rule test. */
    public static ObjectNode test(Resolution r, RequestTraits traits) {
        var n = Mappers.JSON.createObjectNode();
        n.put("requested", r.requested());
        n.put("chosenBy", r.chosenBy());
        n.put("rule", r.tier() == Resolution.Tier.RULE ? r.via() : null);
        n.put("tier", r.tier().id());
        var read = n.putObject("traits");
        read.put("protocol", traits.protocol());
        read.put("thinking", traits.thinking());
        read.put("images", traits.images());
        read.put("webSearch", traits.webSearch());
        read.put("background", traits.background());
        read.put("inputTokens", traits.inputTokens());
        var candidates = n.putArray("candidates");
        r.candidates().forEach(c -> candidates.add(c.entry().ref()));
        var held = n.putArray("held");
        r.held().forEach(h -> held.add(h.describe()));
        n.put("error", r.candidates().isEmpty() ? r.explain() : null);
        return n;
    }
}
