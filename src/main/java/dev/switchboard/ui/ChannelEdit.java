package dev.switchboard.ui;

import dev.switchboard.store.ApiKey;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An edit of one channel without the display, as {@code channels edit} and the admin API's PATCH do it: start from
 * the channel as it is, change only what the person changed, and let {@link dev.switchboard.store.ChannelStore#update}
 * validate the whole. Secrets (keys, header values, a proxy password) are only ever shown masked; a value that
 * looks masked is refused where a secret is written, so a masked key can never replace the real one.
 */
final class ChannelEdit {
    private final Messages text;
    private final Channel current;
    /** Keys in order, revealed: they never leave this class except in the draft for the store. */
    private final List<String> keys = new ArrayList<>();
    private final Map<String, String> headers;
    private String proxy;

    ChannelEdit(Channel current, Messages text) {
        this.current = current;
        this.text = text;
        current.keys().forEach(k -> keys.add(k.reveal()));
        this.headers = new LinkedHashMap<>(current.headers());
        this.proxy = current.proxy();
    }

    Channel current() {
        return current;
    }

    /** The keys as shown: masked, in rotation order. */
    List<String> keys() {
        return keys.stream().map(ApiKey::mask).toList();
    }

    /** Adds a key at the end (rotation order); refuses an empty, masked-looking or repeated key. */
    void addKey(String key) {
        var k = ApiKey.of(key == null ? "" : key).reveal();
        if (Masking.looksMasked(k)) {
            throw invalid(text.get("channels.edit.maskedKey"));
        }
        if (keys.contains(k)) {
            throw invalid(text.get("channels.edit.sameKey", ApiKey.mask(k)));
        }
        keys.add(k);
    }

    /** Removes the key at {@code index} (0 = first); the store refuses a channel left without any. */
    void removeKey(int index) {
        if (index >= 0 && index < keys.size()) {
            keys.remove(index);
        }
    }

    /** Replaces every key with {@code key}. */
    void replaceKeys(String key) {
        var k = ApiKey.of(key == null ? "" : key).reveal();
        if (Masking.looksMasked(k)) {
            throw invalid(text.get("channels.edit.maskedKey"));
        }
        keys.clear();
        keys.add(k);
    }

    /** Header names with their values masked (a custom header is often a credential). */
    Map<String, String> headers() {
        return Masking.headers(headers);
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
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(n));
        headers.put(n, value == null ? "" : value.strip());
    }

    void removeHeader(String name) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    }

    /** The proxy as shown: its password masked; empty when there is none. */
    String proxy() {
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
            proxy = null;
            return;
        }
        if (Masking.looksMasked(v)) {
            throw invalid(text.get("channels.edit.maskedProxy"));
        }
        proxy = v;
    }

    /** The channel as it would be saved; nothing validated yet. */
    ChannelDraft draft(String name, ApiType type, String baseUrl, boolean enabled) {
        return ChannelDraft.from(current).withName(name == null ? "" : name.strip()).withType(type)
                .withBaseUrl(baseUrl == null ? "" : baseUrl.strip()).withKeys(keys).withHeaders(headers)
                .withProxy(proxy).withEnabled(enabled);
    }

    /** Saves through the store, which validates everything at once; its message is what the dialog shows. */
    Channel save(Store store, String name, ApiType type, String baseUrl, boolean enabled) {
        return store.channels().update(current.name(), draft(name, type, baseUrl, enabled));
    }

    /** A refusal in the store's own kind, so that it reads like the store's refusals wherever it shows. */
    private static StoreException invalid(String message) {
        return new StoreException(StoreException.Kind.INVALID, message);
    }
}
