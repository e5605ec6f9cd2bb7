package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.created;
import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.discovery.BalanceCheck;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.BalanceView;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ChannelPatch;
import dev.switchboard.store.Masking;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/channels}, {@code /admin/channels/{name}} (GET, PATCH, DELETE), {@code …/enable}, {@code …/disable}
 * and {@code …/models}: what {@code channels add}, {@code list}, {@code show}, {@code edit}, {@code remove} and
 * {@code models} do, over JSON.
 *
 * <p>Values that look masked ({@link Masking#looksMasked}) are refused wherever a secret is written (keys,
 * header values, the proxy): a client that reads a channel and sends it back unchanged must not replace a
 * working key with {@code sk-t…ay-1}. Keys given are never echoed, not even in an error.
 */
record ChannelsResource(AdminContext ctx) implements Resource {
    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(list());
            }
            c.allow("GET, POST");
            return created(create(c.body()));
        }
        var name = s[1];
        if (s.length == 2) {
            if (c.is("GET")) {
                return ok(show(ctx.store().channels().get(name)));
            }
            if (c.is("PATCH")) {
                return ok(patch(name, c.body()));
            }
            c.allow("GET, PATCH, DELETE");
            return ok(remove(name));
        }
        if (s.length == 3 && s[2].equals("models")) {
            c.allow("GET");
            return ok(new ChannelModels(ctx).of(ctx.store().channels().get(name)));
        }
        if (s.length == 3 && s[2].equals("balance")) {
            var ch = ctx.store().channels().get(name);
            if (ch.balanceQuery() == null) {
                throw new StoreException(StoreException.Kind.INVALID, BalanceCheck.noQuery(ch));
            }
            if (c.is("GET")) {
                return ok(balance(ch));
            }
            c.allow("GET, POST");
            var gateway = ctx.gateway();
            return ok(balance(new BalanceCheck(ctx.store(), gateway.upstream(), gateway.clock()).checkAndRecord(ch)));
        }
        if (s.length == 3 && (s[2].equals("enable") || s[2].equals("disable"))) {
            c.allow("POST");
            return ok(show(ctx.store().channels().setEnabled(name, s[2].equals("enable"))));
        }
        throw c.notFound();
    }

    private ArrayNode list() {
        var counts = AdminViews.entryCounts(ctx.store().entries().list());
        var settings = ctx.store().settings().load();
        var arr = AdminViews.NODES.arrayNode();
        ctx.store().channels().list()
                .forEach(ch -> arr.add(AdminViews.channel(ch, counts.getOrDefault(ch.id(), 0L), settings)));
        return arr;
    }

    /** {@code {"channel": name, "query": {…}, "state": "ok", "text": …, "remaining": …, …}}. */
    private ObjectNode balance(Channel ch) {
        var n = AdminViews.NODES.objectNode();
        n.put("channel", ch.name());
        n.setAll(BalanceView.json(ch, ctx.store().settings().load()));
        return n;
    }

    /** One channel with its models, as {@code channels show --json}. */
    private ObjectNode show(Channel ch) {
        var entries = ctx.store().entries().list().stream().filter(e -> e.channelId() == ch.id()).toList();
        var n = AdminViews.channel(ch, entries.size(), ctx.store().settings().load());
        var models = n.putArray("models");
        entries.forEach(e -> models.add(e.model()));
        return n;
    }

    /**
     * {@code channels add}: {@code {"name", "type" (default openai), "baseUrl", "keys": [...], "headers": {...},
     * "proxy", "options": {...}, "enabled", "models": [...]}}. The channel and its models land together or not
     * at all.
     */
    private ObjectNode create(AdminBody body) {
        body.only("name", "type", "baseUrl", "keys", "headers", "proxy", "options", "enabled", "models", "balance");
        var keys = unmasked("keys", body.strings("keys"));
        var headers = withoutNulls(body.map("headers"));
        checkHeaderValues(headers);
        var proxy = unmaskedProxy(body.text("proxy"));
        var options = withoutNulls(body.map("options"));
        var type = body.text("type");
        var enabled = body.bool("enabled");
        var draft = new ChannelDraft(body.text("name"), ApiType.of(type == null ? "openai" : type),
                body.text("baseUrl"), keys == null ? List.of() : keys, headers, proxy, options,
                enabled == null || enabled);
        // as `channels add`: the query given, else the preset a known URL's host says (null: none asked)
        var balance = body.node("balance");
        if (balance == null) {
            draft = draft.withBalanceQuery(draft.baseUrl() == null ? null
                    : BalancePreset.recognise(draft.baseUrl()).map(BalanceQuery::of).orElse(null));
        } else if (!balance.isNull()) {
            try {
                draft = draft.withBalanceQuery(balanceEdit(balance).apply(null, draft.baseUrl()));
            } catch (IllegalArgumentException e) {
                throw AdminRefusal.badRequest("balance: " + e.getMessage());
            }
        }
        var models = body.strings("models");
        Channel created;
        try {
            // Channel and entries land together or not at all, as with `channels add -m`.
            created = ctx.store().channels().createWithModels(draft, models == null ? List.of() : models, true);
        } catch (StoreException e) {
            if (models == null || models.isEmpty()) {
                throw e;
            }
            throw new StoreException(e.kind(), e.getMessage() + " The channel was not added.", e);
        }
        return show(created);
    }

    /**
     * Only the fields given change. {@code keys} replaces the keys, {@code addKeys} appends, {@code removeKeys}
     * removes by 1-based position or by masked form (as listed); in {@code headers} and {@code options} a
     * string sets and null removes (RFC 7396 style); {@code proxy: null} removes the proxy.
     */
    private ObjectNode patch(String name, AdminBody body) {
        body.only("name", "type", "baseUrl", "keys", "addKeys", "removeKeys", "headers", "proxy", "options",
                "enabled", "balance");
        if (body.isEmpty()) {
            throw AdminRefusal.badRequest("Nothing to change: give at least one field, e.g. {\"baseUrl\": …}.");
        }
        var patch = ChannelPatch.builder();
        if (body.has("name")) {
            patch.name(body.text("name"));
        }
        if (body.has("type")) {
            patch.type(ApiType.of(body.text("type")));
        }
        if (body.has("baseUrl")) {
            patch.baseUrl(body.text("baseUrl"));
        }
        var replaced = unmasked("keys", body.strings("keys"));
        if (replaced != null) {
            patch.keys(replaced);
        }
        var remove = body.array("removeKeys");
        if (remove != null) {
            // all read against the keys as listed, before any of them goes
            var refs = new ArrayList<ChannelPatch.KeyRef>();
            remove.forEach(r -> refs.add(keyRef(r)));
            patch.removeKeys(refs);
        }
        var added = unmasked("addKeys", body.strings("addKeys"));
        if (added != null) {
            patch.addKeys(added);
        }
        var headers = body.map("headers");
        if (headers != null) {
            checkHeaderValues(headers);
            headers.forEach((k, v) -> {
                if (v == null) {
                    patch.removeHeaderIfPresent(k);
                } else {
                    patch.header(k, v);
                }
            });
        }
        if (body.has("proxy")) {
            patch.proxy(unmaskedProxy(body.text("proxy")));
        }
        var options = body.map("options");
        if (options != null) {
            options.forEach((k, v) -> {
                if (v == null) {
                    patch.removeOption(k);
                } else {
                    patch.option(k, v);
                }
            });
        }
        var enabled = body.bool("enabled");
        if (enabled != null) {
            patch.enabled(enabled);
        }
        if (body.has("balance")) {
            var balance = body.node("balance");
            patch.balance(balance.isNull() ? BalanceQuery.Edit.removing() : balanceEdit(balance));
        }
        try {
            return show(ctx.store().channels().update(name, patch.build()));
        } catch (ChannelPatch.NoSuchKey e) {
            throw AdminRefusal.badRequest(noSuchKey(e));
        }
    }

    /**
     * A {@code "balance"} object as a change, merge-patch style: the fields given change ({@code preset}, {@code url},
     * {@code method}, {@code remaining}, {@code total}, {@code unit}, {@code resetAt}, {@code low}; null clears one),
     * {@code headers} set by name (null removes one), a different {@code preset} starts over from it.
     */
    private static BalanceQuery.Edit balanceEdit(JsonNode n) {
        if (!n.isObject()) {
            throw AdminRefusal.badRequest("\"balance\" is an object such as {\"preset\": \"deepseek\"}, or null to"
                    + " remove the query.");
        }
        var unknown = new ArrayList<String>();
        n.fieldNames().forEachRemaining(f -> {
            if (!BalanceQuery.FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw AdminRefusal.badRequest("\"balance\" has no field " + String.join(", ", unknown) + "; its fields are "
                    + String.join(", ", BalanceQuery.FIELDS) + ".");
        }
        var headers = new LinkedHashMap<String, String>();
        var h = n.get("headers");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw AdminRefusal.badRequest("balance.headers must be an object of strings.");
            }
            h.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull() && !e.getValue().isTextual()) {
                    throw AdminRefusal.badRequest("balance.headers." + e.getKey() + " must be a string (or null to"
                            + " remove it).");
                }
                var v = e.getValue().isNull() ? null : e.getValue().asText();
                if (Masking.looksMasked(v)) {
                    throw AdminRefusal.badRequest("The value of balance header " + e.getKey() + " looks masked (as"
                            + " Switchboard shows it). Send the value itself, or leave the header out to keep it.");
                }
                headers.put(e.getKey(), v);
            });
        }
        if (n.has("preset") && !n.get("preset").isNull()) {
            try {
                if (!n.get("preset").asText().equalsIgnoreCase("auto")) {
                    BalancePreset.of(balanceText(n, "preset"));
                }
            } catch (IllegalArgumentException e) {
                throw AdminRefusal.badRequest("balance.preset: " + e.getMessage() + " Or auto.");
            }
        }
        return new BalanceQuery.Edit(false, balanceText(n, "preset"), balanceText(n, "url"),
                balanceText(n, "method"), headers, new BalanceQuery.Mapping(balanceText(n, "remaining"),
                balanceText(n, "total"), balanceText(n, "unit"), balanceText(n, "resetAt")), balanceText(n, "low"));
    }

    /** A field of a balance object: absent is null (unchanged), JSON null is "" (cleared). */
    private static String balanceText(JsonNode n, String field) {
        var v = n.get(field);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw AdminRefusal.badRequest("balance." + field + " must be a string.");
        }
        return v.asText();
    }

    /** Removes the channel with its entries; answers with what it was. */
    private ObjectNode remove(String name) {
        var ch = ctx.store().channels().get(name);
        var json = show(ch);
        ctx.store().channels().remove(ch.name());
        return json;
    }

    private static ChannelPatch.KeyRef keyRef(JsonNode ref) {
        if (ref.isInt()) {
            return ChannelPatch.KeyRef.at(ref.asInt());
        }
        if (ref.isTextual()) {
            return ChannelPatch.KeyRef.of(ref.asText());
        }
        throw AdminRefusal.badRequest("removeKeys holds positions (1 = first) or masked keys as listed.");
    }

    /** The store's refusal of a {@code removeKeys} item, in the field's own words; a key given is shown masked. */
    private static String noSuchKey(ChannelPatch.NoSuchKey e) {
        var ref = e.ref();
        int n = e.keyCount();
        if (ref.isPosition()) {
            return "removeKeys: position " + ref.position() + " is out of range; the channel has " + n
                    + (n == 1 ? " key." : " keys.");
        }
        return "removeKeys: no key matches " + ApiKey.mask(ref.text())
                + "; give its position (1 = first) or its masked form as listed.";
    }

    /** What a new channel gets of a map given: its entries with a value (null means "remove" in a PATCH only). */
    private static Map<String, String> withoutNulls(Map<String, String> given) {
        var out = new LinkedHashMap<String, String>();
        if (given != null) {
            given.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static List<String> unmasked(String field, List<String> keys) {
        if (keys != null && keys.stream().anyMatch(Masking::looksMasked)) {
            throw AdminRefusal.badRequest("A key in `" + field + "` looks masked (as Switchboard shows keys)."
                    + " Send the key itself; to keep the current keys, leave `keys` out.");
        }
        return keys;
    }

    private static void checkHeaderValues(Map<String, String> headers) {
        headers.forEach((k, v) -> {
            if (Masking.looksMasked(v)) {
                throw AdminRefusal.badRequest("The value of header " + k + " looks masked (as Switchboard shows header"
                        + " values). Send the value itself, or leave the header out to keep it.");
            }
        });
    }

    private static String unmaskedProxy(String proxy) {
        if (Masking.looksMasked(proxy)) {
            throw AdminRefusal.badRequest("That proxy URL looks masked (as Switchboard shows it)."
                    + " Send the password itself, or leave `proxy` out to keep the current one.");
        }
        return proxy;
    }
}
