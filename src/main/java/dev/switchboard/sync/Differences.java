package dev.switchboard.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Setting;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What differs between two configurations in the export format: this machine's and the sync folder's. Channels and
 * groups are matched by name (case-insensitively, as an import matches them), settings by key. When both documents
 * carry their secrets (opened with the passphrase), keys, header values and proxies are compared too, and named,
 * never shown; when neither does, they are not compared.
 */
final class Differences {
    private Differences() {
    }

    static List<Difference> between(JsonNode here, JsonNode there) {
        var out = new ArrayList<Difference>();
        var mine = byName(here.path("channels"));
        var theirs = byName(there.path("channels"));
        for (var e : mine.entrySet()) {
            var other = theirs.get(e.getKey());
            if (other == null) {
                out.add(new Difference("channel", e.getValue().path("name").asText(), Difference.Side.ONLY_HERE,
                        List.of()));
            } else {
                var fields = channelFields(e.getValue(), other);
                if (!fields.isEmpty()) {
                    out.add(new Difference("channel", other.path("name").asText(), Difference.Side.BOTH, fields));
                }
            }
        }
        theirs.forEach((k, v) -> {
            if (!mine.containsKey(k)) {
                out.add(new Difference("channel", v.path("name").asText(), Difference.Side.ONLY_THERE, List.of()));
            }
        });
        var myGroups = byName(here.path("groups"));
        var theirGroups = byName(there.path("groups"));
        for (var e : myGroups.entrySet()) {
            var other = theirGroups.get(e.getKey());
            if (other == null) {
                out.add(new Difference("group", e.getValue().path("name").asText(), Difference.Side.ONLY_HERE,
                        List.of()));
            } else if (!members(e.getValue()).equals(members(other))) {
                out.add(new Difference("group", other.path("name").asText(), Difference.Side.BOTH,
                        List.of("members")));
            }
        }
        theirGroups.forEach((k, v) -> {
            if (!myGroups.containsKey(k)) {
                out.add(new Difference("group", v.path("name").asText(), Difference.Side.ONLY_THERE, List.of()));
            }
        });
        var keys = new LinkedHashSet<String>();
        here.path("settings").fieldNames().forEachRemaining(keys::add);
        there.path("settings").fieldNames().forEachRemaining(keys::add);
        for (var key : keys) {
            var a = setting(here, key);
            var b = setting(there, key);
            if (!a.equals(b)) {
                out.add(new Difference("setting", key, Difference.Side.BOTH, List.of(a, b)));
            }
        }
        return out;
    }

    private static List<String> channelFields(JsonNode a, JsonNode b) {
        var out = new ArrayList<String>();
        if (!a.path("type").equals(b.path("type"))) {
            out.add("type");
        }
        if (!a.path("baseUrl").equals(b.path("baseUrl"))) {
            out.add("base URL");
        }
        if (a.has("keys") && b.has("keys") && !a.get("keys").equals(b.get("keys"))) {
            out.add("keys");
        }
        if (!a.path("headers").equals(b.path("headers"))) {
            out.add("headers");
        }
        if (!Objects.equals(text(a, "proxy"), text(b, "proxy"))) {
            out.add("proxy");
        }
        if (!a.path("options").equals(b.path("options"))) {
            out.add("options");
        }
        if (a.path("enabled").asBoolean(true) != b.path("enabled").asBoolean(true)) {
            out.add(b.path("enabled").asBoolean(true) ? "enabled in the sync folder" : "disabled in the sync folder");
        }
        if (!models(a).equals(models(b))) {
            out.add("models");
        }
        return out;
    }

    /** Each model as {@code name|alias|enabled}, in order: an alias or a switch counts as a difference. */
    private static List<String> models(JsonNode channel) {
        var out = new ArrayList<String>();
        for (var m : channel.path("models")) {
            out.add(m.isTextual() ? m.asText() + "||true" : m.path("model").asText() + "|"
                    + m.path("alias").asText("") + "|" + m.path("enabled").asBoolean(true));
        }
        return out;
    }

    private static List<String> members(JsonNode group) {
        var out = new ArrayList<String>();
        group.path("members").forEach(m -> out.add(m.asText().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        var out = new LinkedHashMap<String, JsonNode>();
        for (var n : array) {
            out.put(n.path("name").asText().strip().toLowerCase(Locale.ROOT), n);
        }
        return out;
    }

    /** A setting's value as it may be shown (a proxy's password masked); a missing one is its default. */
    private static String setting(JsonNode doc, String key) {
        Setting known;
        try {
            known = Setting.of(key);
        } catch (StoreException e) {
            known = null;
        }
        var v = doc.path("settings").get(key);
        if (v == null || v.isNull()) {
            return known == null ? "(not set)" : known.defaultValue().isEmpty() ? "(empty)" : known.defaultValue();
        }
        return known == null ? v.asText() : Masking.setting(known, v.asText());
    }

    private static String text(JsonNode n, String field) {
        var v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
