package dev.switchboard.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How secrets look wherever Switchboard shows configuration: the CLI, the admin API and the window. API keys,
 * header values (a custom header is often a credential: {@code Authorization}, {@code X-Api-Key}) and proxy
 * passwords are always masked; {@link ApiKey#reveal()} stays the only way to the value itself.
 *
 * <p>A masked value must never be written back as if it were the secret: a client that reads a channel and
 * sends it back unchanged would replace a working key with {@code sk-t…ay-1}. {@link #looksMasked} lets the
 * writers refuse that.
 */
public final class Masking {
    /** What {@link ApiKey#mask} puts between the first and last four characters. */
    static final String ELLIPSIS = "…";
    private static final String STARS = "****";

    private Masking() {
    }

    public static List<String> keys(List<ApiKey> keys) {
        return keys.stream().map(ApiKey::masked).toList();
    }

    /** Header values masked like keys; names kept, in order. */
    public static Map<String, String> headers(Map<String, String> headers) {
        var out = new LinkedHashMap<String, String>();
        headers.forEach((k, v) -> out.put(k, ApiKey.mask(v)));
        return out;
    }

    /** A proxy URL with its password, if any, masked: {@code socks5://me:****@proxy.local:1080}. */
    public static String proxy(String proxy) {
        if (proxy == null || proxy.isEmpty()) {
            return proxy;
        }
        try {
            var uri = new URI(proxy);
            if (uri.getRawUserInfo() == null) {
                return proxy;
            }
            var user = uri.getRawUserInfo().split(":", 2)[0];
            return uri.getScheme() + "://" + user + ":" + STARS + "@" + uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            return STARS;
        }
    }

    /** A setting's value as it may be shown: the outbound proxy's password masked, everything else as is. */
    public static String setting(Setting setting, String value) {
        return setting == Setting.OUTBOUND_PROXY ? proxy(value) : value;
    }

    /** True when {@code value} is what this class shows in place of a secret, not a secret itself. */
    public static boolean looksMasked(String value) {
        return value != null && (value.contains(ELLIPSIS) || value.contains(STARS));
    }
}
