package dev.switchboard.ui;

import dev.switchboard.balance.BalancePreset;
import dev.switchboard.balance.BalanceQuery;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.BalanceView;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.ChannelPatch;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An edit of one channel without the display, as {@code channels edit} and the admin API's PATCH do it: each action
 * adds a change to a {@link ChannelPatch}, what the dialog shows is that patch applied to the channel, and Save sends
 * the patch to {@link dev.switchboard.store.ChannelStore#update(String, ChannelPatch)}, which validates the whole.
 * Secrets (keys, header values, a proxy password) are only ever shown masked; a value that looks masked is refused
 * where a secret is written, so a masked key can never replace the real one.
 */
final class ChannelEdit {
    private final Messages text;
    private final Channel current;
    /** The changes so far; it holds keys revealed, which never leave this class except for the store. */
    private ChannelPatch patch = ChannelPatch.builder().build();

    ChannelEdit(Channel current, Messages text) {
        this.current = current;
        this.text = text;
    }

    Channel current() {
        return current;
    }

    /** The channel as the changes so far leave it: what the dialog shows. */
    private ChannelDraft shown() {
        return patch.applyTo(current);
    }

    private void change(UnaryOperator<ChannelPatch.Builder> change) {
        patch = change.apply(patch.toBuilder()).build();
    }

    /** The keys as shown: masked, in rotation order. */
    List<String> keys() {
        return shown().keys().stream().map(ApiKey::mask).toList();
    }

    /** Adds a key at the end (rotation order); refuses an empty, masked-looking or repeated key. */
    void addKey(String key) {
        var k = ApiKey.of(key == null ? "" : key).reveal();
        if (Masking.looksMasked(k)) {
            throw invalid(text.get("channels.edit.maskedKey"));
        }
        if (shown().keys().contains(k)) {
            throw invalid(text.get("channels.edit.sameKey", ApiKey.mask(k)));
        }
        change(p -> p.addKey(k));
    }

    /** Removes the key at {@code index} (0 = first); the store refuses a channel left without any. */
    void removeKey(int index) {
        var keys = shown().keys();
        if (index >= 0 && index < keys.size()) {
            // by the key itself, not its position: another process may add a key before this edit is saved
            var k = keys.get(index);
            change(p -> p.removeKey(ChannelPatch.KeyRef.of(k)));
        }
    }

    /** Replaces every key with {@code key}. */
    void replaceKeys(String key) {
        var k = ApiKey.of(key == null ? "" : key).reveal();
        if (Masking.looksMasked(k)) {
            throw invalid(text.get("channels.edit.maskedKey"));
        }
        change(p -> p.keys(List.of(k)));
    }

    /**
     * Header names with their values masked (a custom header is often a credential), then the headers whose values
     * the imported file withheld, each marked as needing its value.
     */
    Map<String, String> headers() {
        var out = new java.util.LinkedHashMap<>(Masking.headers(shown().headers()));
        shown().withheldHeaders().forEach(h -> out.put(h, text.get("channels.edit.valueNeeded")));
        return out;
    }

    /** Sets a header, replacing one of the same name in any case, as {@code channels edit -H} does. */
    void setHeader(String name, String value) {
        var n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw invalid(text.get("channels.edit.headerName"));
        }
        if (Masking.looksMasked(value)) {
            throw invalid(text.get("channels.edit.maskedHeader", n));
        }
        change(p -> p.header(n, value == null ? "" : value.strip()));
    }

    void removeHeader(String name) {
        change(p -> p.removeHeaderIfPresent(name));
    }

    /** The proxy as shown: its password masked; empty when there is none. */
    String proxy() {
        var proxy = shown().proxy();
        return proxy == null ? "" : Masking.proxy(proxy);
    }

    /**
     * The proxy field as the person left it: unchanged (still the masked form shown) keeps the proxy, blank
     * removes it, anything else replaces it.
     */
    void proxyField(String field) {
        var v = field == null ? "" : field.strip();
        if (v.equals(proxy())) {
            return;
        }
        if (v.isEmpty()) {
            change(p -> p.proxy(null));
            return;
        }
        if (Masking.looksMasked(v)) {
            throw invalid(text.get("channels.edit.maskedProxy"));
        }
        change(p -> p.proxy(v));
    }

    /**
     * The balance query's fields as the dialog shows them: {@code preset} is a preset id, {@code custom}, or
     * {@code none}; the mapping fields are the query's own (empty where the preset's apply); headers masked.
     */
    record BalanceForm(String preset, String url, String remaining, String total, String unit, String low,
                       Map<String, String> headers) {
    }

    BalanceForm balance() {
        var q = shown().balanceQuery();
        if (q == null) {
            return new BalanceForm("none", "", "", "", "", "", Map.of());
        }
        var m = q.mapping();
        var headers = new java.util.LinkedHashMap<String, String>();
        BalanceView.headers(q).forEach((k, v) -> headers.put(k, v == null ? text.get("channels.edit.valueNeeded") : v));
        return new BalanceForm(q.preset().id(), blank(q.url()), blank(m.remaining()), blank(m.total()),
                blank(m.unit()), blank(q.low()), headers);
    }

    private static String blank(String v) {
        return v == null ? "" : v;
    }

    /**
     * The balance fields as the person left them, as one change ({@code channels edit --balance…}): {@code none}
     * removes the query, another preset starts over from it, an emptied field goes back to the preset's. Nothing
     * changes when the fields are as shown.
     */
    void balanceFields(String preset, String url, String remaining, String total, String unit, String low) {
        var now = balance();
        var p = preset == null || preset.isBlank() ? "none" : preset.strip();
        if (p.equals("none")) {
            if (!now.preset().equals("none")) {
                change(b -> b.balance(BalanceQuery.Edit.removing()));
            }
            return;
        }
        var wanted = new BalanceForm(p, strip(url), strip(remaining), strip(total), strip(unit), strip(low),
                now.headers());
        if (wanted.equals(now)) {
            return;
        }
        var edit = new BalanceQuery.Edit(false, p, p.equals(BalancePreset.CUSTOM.id()) ? wanted.url() : null, null,
                Map.of(), new BalanceQuery.Mapping(wanted.remaining(), wanted.total(), wanted.unit(), null),
                wanted.low());
        change(b -> b.balance(edit));
    }

    private static String strip(String v) {
        return v == null ? "" : v.strip();
    }

    /** Sets a header of the balance request ({@code {key}} stands for the channel's key); needs a query. */
    void setBalanceHeader(String name, String value) {
        var n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw invalid(text.get("channels.edit.headerName"));
        }
        if (shown().balanceQuery() == null) {
            throw invalid(text.get("channels.edit.balanceFirst"));
        }
        if (Masking.looksMasked(value)) {
            throw invalid(text.get("channels.edit.maskedHeader", n));
        }
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put(n, value == null ? "" : value.strip());
        change(b -> b.balance(new BalanceQuery.Edit(false, null, null, null, headers, null, null)));
    }

    void removeBalanceHeader(String name) {
        if (shown().balanceQuery() == null) {
            return;
        }
        var headers = new java.util.HashMap<String, String>();
        headers.put(name, null);
        change(b -> b.balance(new BalanceQuery.Edit(false, null, null, null, headers, null, null)));
    }

    /** Saves through the store, which validates everything at once; its message is what the dialog shows. */
    Channel save(Store store, String name, ApiType type, String baseUrl, boolean enabled) {
        // the form's fields as the last changes, on a copy: a refused save leaves the edit as it was
        var all = patch.toBuilder().name(name == null ? "" : name.strip()).type(type)
                .baseUrl(baseUrl == null ? "" : baseUrl.strip());
        if (enabled != current.enabled()) {
            // only a switch the person moved is theirs: an untouched one lets the store enable a channel that
            // was disabled only for lacking a key, now that a key is added
            all.enabled(enabled);
        }
        return store.channels().update(current.name(), all.build());
    }

    /** A refusal in the store's own kind, so that it reads like the store's refusals wherever it shows. */
    private static StoreException invalid(String message) {
        return new StoreException(StoreException.Kind.INVALID, message);
    }
}
