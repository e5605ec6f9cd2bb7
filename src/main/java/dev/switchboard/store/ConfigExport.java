package dev.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole configuration as a {@code switchboard-config} file (docs/CONFIG_FORMAT.md): channels with their
 * entries, groups in member order, scene rules in order, and the settings that differ from their defaults. Health, usage history
 * and client access keys are not configuration and are left out.
 *
 * <p>Without keys (the default) the file carries no secret at all: keys are absent, header values null (a
 * custom header is often a credential) and proxy passwords masked, and {@code keysIncluded} says so, so that
 * an import knows to keep the store's own values rather than take the placeholders for secrets. A channel's balance
 * query travels with it; its header values are withheld the same way, unless they only place the channel's key
 * ({@code Bearer {key}}). The last balance read is state, not configuration, and stays behind.
 */
public final class ConfigExport {
    private ConfigExport() {
    }

    /** The file's text, pretty-printed, read from {@code store} in one transaction. */
    public static String toJson(Store store, boolean includeKeys) {
        try {
            return Mappers.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(export(store, includeKeys)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode export(Store store, boolean includeKeys) {
        var snap = store.snapshot();
        var enabledOnKey = store.channels().enabledOnKey();
        var now = store.database().clock().instant();
        var root = Mappers.JSON.createObjectNode();
        root.put("format", ConfigDocument.FORMAT);
        root.put("version", ConfigDocument.VERSION);
        root.put("exportedAt", now.toString());
        root.put("keysIncluded", includeKeys);
        var channels = root.putArray("channels");
        for (var c : snap.channels()) {
            var n = channels.addObject();
            n.put("name", c.name());
            n.put("type", c.type().id());
            n.put("baseUrl", c.baseUrl());
            if (includeKeys) {
                var keys = n.putArray("keys");
                c.keys().forEach(k -> keys.add(k.reveal()));
            }
            var headers = n.putObject("headers");
            c.headers().forEach((k, v) -> {
                if (includeKeys) {
                    headers.put(k, v);
                } else {
                    headers.putNull(k);
                }
            });
            // values this store never had (it was imported without them): withheld whatever the file's kind
            c.withheldHeaders().forEach(headers::putNull);
            if (c.proxy() != null) {
                n.put("proxy", includeKeys ? c.proxy() : Masking.proxy(c.proxy()));
            }
            var options = n.putObject("options");
            c.options().forEach(options::put);
            if (c.balanceQuery() != null) {
                // its header values that are secrets of their own (an access token) withheld as the headers are
                n.set("balance", c.balanceQuery().toJson(includeKeys));
            }
            // a channel disabled only for lacking a key is exported as the file it came from had it: enabled
            n.put("enabled", c.enabled() || enabledOnKey.contains(c.id()));
            var models = n.putArray("models");
            for (var e : snap.entries()) {
                if (e.channelId() == c.id()) {
                    var m = models.addObject();
                    m.put("model", e.model());
                    if (e.alias() != null) {
                        m.put("alias", e.alias());
                    }
                    m.put("enabled", e.enabled());
                }
            }
        }
        Map<Long, String> refs = new HashMap<>();
        snap.entries().forEach(e -> refs.put(e.id(), e.ref()));
        var groups = root.putArray("groups");
        for (var g : snap.groups()) {
            var n = groups.addObject();
            n.put("name", g.name());
            var members = n.putArray("members");
            g.memberIds().forEach(id -> members.add(refs.get(id)));
        }
        // Scene rules in order, each with the conditions it sets (an unset one is left out).
        var rules = root.putArray("rules");
        for (var r : snap.rules()) {
            var n = rules.addObject();
            n.put("name", r.name());
            n.put("enabled", r.enabled());
            var w = r.when();
            if (w.protocol() != null) {
                n.put("protocol", w.protocol());
            }
            if (w.model() != null) {
                n.put("model", w.model().text());
            }
            if (w.thinking()) {
                n.put("thinking", true);
            }
            if (w.images()) {
                n.put("images", true);
            }
            if (w.webSearch()) {
                n.put("webSearch", true);
            }
            if (w.background()) {
                n.put("background", true);
            }
            if (w.tokensAbove() != null) {
                n.put("tokensAbove", w.tokensAbove());
            }
            n.put("group", r.group());
        }
        var settings = root.putObject("settings");
        for (var s : Setting.values()) {
            if (!snap.settings().isDefault(s)) {
                var v = snap.settings().raw(s);
                settings.put(s.key(), includeKeys ? v : Masking.setting(s, v));
            }
        }
        return root;
    }
}
