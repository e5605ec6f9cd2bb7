package dev.switchboard.gateway.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.discovery.Probe;
import dev.switchboard.routing.RuleJson;
import dev.switchboard.store.BalanceView;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Health;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.UsageRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the admin API answers with. Every secret goes through {@link Masking} or {@link Redaction} here, in
 * one place: keys, header values and proxy passwords are never in an admin answer (the one exception, a new
 * access key shown once, is made by {@link AccessKeysResource}). Field names are the CLI's {@code --json} ones.
 */
final class AdminViews {
    /** Makes the admin API's JSON nodes; the gateway's router writes them out. */
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdminViews() {
    }

    static ObjectNode channel(Channel c, long entries, Settings settings) {
        var n = NODES.objectNode();
        n.put("name", c.name());
        n.put("type", c.type().id());
        n.put("baseUrl", c.baseUrl());
        var keys = n.putArray("keys");
        Masking.keys(c.keys()).forEach(keys::add);
        var headers = n.putObject("headers");
        Masking.headers(c.headers()).forEach(headers::put);
        n.put("proxy", Masking.proxy(c.proxy()));
        var options = n.putObject("options");
        c.options().forEach(options::put);
        n.put("enabled", c.enabled());
        // imported from a keyless export: what it lacks before it can be enabled (empty when nothing)
        var needs = n.putArray("needs");
        c.missingSecrets().forEach(needs::add);
        n.put("entries", entries);
        // the balance query (its secret header values masked) and the last check; null without a query
        n.set("balance", BalanceView.json(c, settings));
        return n;
    }

    static ObjectNode entry(Entry e, Snapshot s, Instant now) {
        var n = NODES.objectNode();
        n.put("id", e.id());
        n.put("ref", e.ref());
        n.put("channel", e.channelName());
        n.put("model", e.model());
        n.put("alias", e.alias());
        n.put("enabled", e.enabled());
        boolean channelEnabled = s.channel(e.channelId()).map(Channel::enabled).orElse(false);
        n.put("channelEnabled", channelEnabled);
        n.set("health", health(s.health(e.id()), now));
        var groups = n.putArray("groups");
        for (var g : s.groups()) {
            if (g.memberIds().contains(e.id())) {
                groups.add(g.name());
            }
        }
        return n;
    }

    /**
     * An entry's health: {@code state} is {@code ok}, {@code cooling} or {@code disabled} (by the system, with
     * the reason; it wins over a cooldown, as only the person lifts it), {@code text} says the same in words.
     */
    static ObjectNode health(Health h, Instant now) {
        var n = NODES.objectNode();
        String state;
        String text;
        if (h.systemDisabled()) {
            state = "disabled";
            text = "disabled: " + Redaction.redact(h.disabledReason());
        } else if (h.coolingAt(now)) {
            state = "cooling";
            text = "cooling until " + h.cooldownUntil();
        } else {
            state = "ok";
            text = "ok";
        }
        n.put("state", state);
        n.put("text", text);
        n.put("cooldownUntil", h.coolingAt(now) ? h.cooldownUntil().toString() : null);
        n.put("disabledReason", Redaction.redact(h.disabledReason()));
        n.put("consecutiveFailures", h.consecutiveFailures());
        n.put("lastLatencyMs", h.lastLatencyMs());
        n.put("lastError", Redaction.redact(h.lastError()));
        return n;
    }

    /** A group with its members in the order they are tried, each with its switches and health. */
    static ObjectNode group(Group g, Snapshot s, Instant now) {
        var byId = new HashMap<Long, Entry>();
        s.entries().forEach(e -> byId.put(e.id(), e));
        var n = NODES.objectNode();
        n.put("name", g.name());
        n.put("builtin", g.builtin());
        var members = n.putArray("members");
        int position = 1;
        for (var id : g.memberIds()) {
            var e = byId.get(id);
            if (e == null) {
                continue; // removed since the group was read
            }
            var m = members.addObject();
            m.put("position", position++);
            m.put("ref", e.ref());
            m.put("entryId", e.id());
            m.put("channel", e.channelName());
            m.put("model", e.model());
            m.put("alias", e.alias());
            m.put("enabled", e.enabled());
            m.put("channelEnabled", s.channel(e.channelId()).map(Channel::enabled).orElse(false));
            m.set("health", health(s.health(id), now));
        }
        return n;
    }

    static ArrayNode groups(Snapshot s, Instant now) {
        var arr = NODES.arrayNode();
        s.groups().forEach(g -> arr.add(group(g, s, now)));
        return arr;
    }

    static ArrayNode rules(Snapshot s, Instant now) {
        var arr = NODES.arrayNode();
        var rules = s.rules();
        for (int i = 0; i < rules.size(); i++) {
            arr.add(RuleJson.rule(rules.get(i), i + 1, s, now));
        }
        return arr;
    }

    static ObjectNode setting(Setting setting, Settings settings) {
        var n = NODES.objectNode();
        n.put("key", setting.key());
        n.put("value", Masking.setting(setting, settings.raw(setting)));
        n.put("default", setting.defaultValue());
        n.put("isDefault", settings.isDefault(setting));
        n.put("description", setting.description());
        n.put("takesEffect", setting == Setting.PORT || setting == Setting.BIND ? "at the next start" : "now");
        return n;
    }

    static ObjectNode usage(UsageRecord r) {
        var n = NODES.objectNode();
        n.put("startedAt", r.startedAt().toString());
        n.put("clientProtocol", r.clientProtocol());
        n.put("requestedModel", r.requestedModel());
        n.put("chosenBy", r.chosenBy());
        n.put("stream", r.stream());
        n.put("entryId", r.entryId());
        n.put("channel", r.channelName());
        n.put("upstreamModel", r.upstreamModel());
        n.put("status", r.status());
        n.put("outcome", r.outcome().id());
        n.put("ttfbMs", r.ttfbMs());
        n.put("totalMs", r.totalMs());
        var t = n.putObject("tokens");
        t.put("input", r.tokens().input());
        t.put("output", r.tokens().output());
        t.put("cacheRead", r.tokens().cacheRead());
        t.put("cacheWrite", r.tokens().cacheWrite());
        t.put("reasoning", r.tokens().reasoning());
        n.put("error", Redaction.redact(r.error()));
        var attempts = n.putArray("attempts");
        for (var a : r.attempts()) {
            var m = attempts.addObject();
            m.put("entryId", a.entryId());
            m.put("channel", a.channelName());
            m.put("upstreamModel", a.upstreamModel());
            m.put("keyIndex", a.keyIndex());
            m.put("status", a.status());
            m.put("outcome", a.outcome().id());
            m.put("ttfbMs", a.ttfbMs());
            m.put("totalMs", a.totalMs());
            m.put("error", Redaction.redact(a.error()));
        }
        return n;
    }

    /** Each probe of a detection or a model listing: URL and outcome redacted, as every upstream's text. */
    static void evidence(ArrayNode into, List<Probe> probes) {
        for (var p : probes) {
            into.addObject().put("url", Redaction.redact(p.url())).put("type", p.type() == null ? null : p.type().id())
                    .put("status", p.status()).put("ms", p.millis()).put("outcome", Redaction.redact(p.outcome()));
        }
    }

    /** Entries per channel id. */
    static Map<Long, Long> entryCounts(List<Entry> entries) {
        var out = new HashMap<Long, Long>();
        entries.forEach(e -> out.merge(e.channelId(), 1L, Long::sum));
        return out;
    }
}
