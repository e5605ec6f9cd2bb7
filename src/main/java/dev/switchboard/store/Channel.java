package dev.switchboard.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One upstream account (DESIGN §1).
 *
 * @param keys    API keys in rotation order; empty only for a channel that {@link #needsKey needs a key}
 * @param headers extra headers sent with every upstream request, in insertion order
 * @param proxy   outbound proxy URL ({@code http://host:port}, {@code socks5://host:port}) or null
 * @param options per-type options, such as Azure's {@code api-version}
 */
public record Channel(
        long id,
        String name,
        ApiType type,
        String baseUrl,
        List<ApiKey> keys,
        Map<String, String> headers,
        String proxy,
        Map<String, String> options,
        boolean enabled) {

    public Channel {
        keys = List.copyOf(keys);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        // The keys registered themselves (ApiKey.of); credential headers and a proxy password are secrets too.
        HeldSecrets.addHeaders(headers);
        HeldSecrets.addProxy(proxy);
    }

    /**
     * Whether the channel has no key: it was imported from a file exported without keys. Such a channel is
     * always disabled (the store refuses to enable it) and routing skips it until a key is given.
     */
    public boolean needsKey() {
        return keys.isEmpty();
    }

    @Override
    public String toString() {
        // The generated toString would be safe too (ApiKey masks itself); proxy credentials are not.
        return "Channel[" + id + ", " + name + ", " + type + ", " + baseUrl + ", keys=" + keys + ", enabled="
                + enabled + "]";
    }
}
