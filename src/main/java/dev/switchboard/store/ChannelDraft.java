package dev.switchboard.store;

import dev.switchboard.balance.BalanceQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a channel should become: the input to {@link ChannelStore#create} and {@link ChannelStore#update}.
 * Nothing is validated here; the store validates all of it at once, before anything is written.
 */
public record ChannelDraft(
        String name,
        ApiType type,
        String baseUrl,
        List<String> keys,
        Map<String, String> headers,
        String proxy,
        Map<String, String> options,
        boolean enabled,
        List<String> withheldHeaders,
        BalanceQuery balanceQuery) {

    public ChannelDraft {
        keys = List.copyOf(keys);
        withheldHeaders = List.copyOf(withheldHeaders);
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A draft without a balance query. */
    public ChannelDraft(String name, ApiType type, String baseUrl, List<String> keys, Map<String, String> headers,
                        String proxy, Map<String, String> options, boolean enabled, List<String> withheldHeaders) {
        this(name, type, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders, null);
    }

    /** A draft that lacks no header value ({@link Channel#withheldHeaders}). */
    public ChannelDraft(String name, ApiType type, String baseUrl, List<String> keys, Map<String, String> headers,
                        String proxy, Map<String, String> options, boolean enabled) {
        this(name, type, baseUrl, keys, headers, proxy, options, enabled, List.of(), null);
    }

    public static ChannelDraft of(String name, ApiType type, String baseUrl, List<String> keys) {
        return new ChannelDraft(name, type, baseUrl, keys, Map.of(), null, Map.of(), true);
    }

    /** The draft that would recreate {@code channel} unchanged: the start of an edit. */
    public static ChannelDraft from(Channel channel) {
        var keys = new ArrayList<String>();
        channel.keys().forEach(k -> keys.add(k.reveal()));
        return new ChannelDraft(channel.name(), channel.type(), channel.baseUrl(), keys, channel.headers(),
                channel.proxy(), channel.options(), channel.enabled(), channel.withheldHeaders(),
                channel.balanceQuery());
    }

    public ChannelDraft withName(String v) {
        return new ChannelDraft(v, type, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withType(ApiType v) {
        return new ChannelDraft(name, v, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withBaseUrl(String v) {
        return new ChannelDraft(name, type, v, keys, headers, proxy, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withKeys(List<String> v) {
        return new ChannelDraft(name, type, baseUrl, v, headers, proxy, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withHeaders(Map<String, String> v) {
        return new ChannelDraft(name, type, baseUrl, keys, v, proxy, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withProxy(String v) {
        return new ChannelDraft(name, type, baseUrl, keys, headers, v, options, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withOptions(Map<String, String> v) {
        return new ChannelDraft(name, type, baseUrl, keys, headers, proxy, v, enabled, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withEnabled(boolean v) {
        return new ChannelDraft(name, type, baseUrl, keys, headers, proxy, options, v, withheldHeaders, balanceQuery);
    }

    public ChannelDraft withWithheldHeaders(List<String> v) {
        return new ChannelDraft(name, type, baseUrl, keys, headers, proxy, options, enabled, v, balanceQuery);
    }

    public ChannelDraft withBalanceQuery(BalanceQuery v) {
        return new ChannelDraft(name, type, baseUrl, keys, headers, proxy, options, enabled, withheldHeaders, v);
    }

    /** Whether the channel it makes would lack a secret ({@link Channel#needsSecrets}). */
    public boolean needsSecrets() {
        return MissingSecrets.any(keys.isEmpty(), withheldHeaders, proxy);
    }

    @Override
    public String toString() {
        // keys masked: a draft may end up in a log line
        return "ChannelDraft[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + ", keys="
                + keys.stream().map(ApiKey::mask).toList() + ", headers=" + headers.keySet() + ", proxy="
                + (proxy == null ? null : "set") + ", enabled=" + enabled + "]";
    }
}
