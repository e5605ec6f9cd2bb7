package dev.switchboard.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for names, URLs, proxies and headers, in one place for the CLI, admin API and window alike. */
final class Validation {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+-]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private Validation() {
    }

    /** Channel and group names: no '/', because {@code channel/model} addressing splits on the first one. */
    static String name(String what, String raw) {
        var v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("A " + what + " name is needed.");
        }
        visible("A " + what + " name", v, true);
        if (v.contains("/")) {
            throw StoreException.invalid("A " + what + " name cannot contain '/': '" + v
                    + "' (clients address models as <channel>/<model>).");
        }
        if (!NAME.matcher(v).matches()) {
            throw StoreException.invalid("'" + v + "' is not a usable " + what
                    + " name: use up to 64 letters, digits, spaces and . _ - @ +, starting with a letter or digit.");
        }
        return v;
    }

    /** An upstream model name or an alias: anything the upstream may call a model, but shown on one line. */
    static String model(String raw) {
        var v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("A model name is needed.");
        }
        visible("A model name", v, true);
        if (v.length() > 200) {
            throw StoreException.invalid("'" + v + "' is not a usable model name: it is longer than 200 characters.");
        }
        return v;
    }

    /**
     * Refuses control characters ({@link ControlChars}) in what a person names or types: stored, they would act on
     * every terminal that later shows them. The value is echoed, escaped, only when it is no secret.
     */
    static String visible(String what, String v, boolean echo) {
        int c = ControlChars.first(v);
        if (c >= 0) {
            throw StoreException.invalid(what + " cannot contain control characters (escape sequences, line breaks,"
                    + " text-direction overrides): " + (echo ? "'" + ControlChars.escape(v) + "' has " : "it has ")
                    + ControlChars.name(c) + ". Use visible characters only.");
        }
        return v;
    }

    /** An http(s) base URL, without a trailing slash, query or fragment. */
    static String baseUrl(String raw) {
        var v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("A base URL is needed, such as https://api.openai.com/v1.");
        }
        visible("A base URL", v, false); // not echoed: it may hold credentials
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw StoreException.invalid("'" + shown(v) + "' is not a valid URL: " + e.getReason()
                    + ". Give the base URL, such as https://api.openai.com/v1.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw StoreException.invalid("'" + shown(v) + "' is not an http:// or https:// URL (for example"
                    + " https://api.openai.com/v1).");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw StoreException.invalid("'" + shown(v) + "' has no host name. Give the base URL, such as"
                    + " https://api.openai.com/v1.");
        }
        if (uri.getRawUserInfo() != null) {
            throw StoreException.invalid("Put credentials in the key, not in the URL.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // the query is not echoed: it may hold a key (?key=...)
            throw StoreException.invalid("'" + shown(v) + "' has a query or fragment; give the base URL only.");
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /**
     * A URL as an error message may show it: credentials in it ({@code user:password@}) masked, and its query
     * and fragment (which may hold a key, as in {@code ?key=...}) left out.
     */
    static String shown(String url) {
        var v = url;
        int rest = 0;
        int start = v.indexOf("://");
        int at = v.lastIndexOf('@');
        if (start >= 0 && at > start) {
            v = v.substring(0, start + 3) + "****" + v.substring(at);
            rest = start + 3 + 4;
        }
        int cut = v.length();
        for (char ch : new char[] {'?', '#'}) {
            int i = v.indexOf(ch, rest);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return cut < v.length() ? v.substring(0, cut) + "?…" : v;
    }

    /** {@code http://host:port}, {@code https://host:port}, {@code socks5://host:port} (optionally user:pass@). */
    static String proxy(String raw) {
        var v = raw == null ? "" : raw.strip();
        visible("A proxy URL", v, false); // not echoed: it may hold a password
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw StoreException.invalid("'" + shown(v) + "' is not a proxy URL: " + e.getReason()
                    + ". Use http://host:port or socks5://host:port.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("socks5"))
                || uri.getHost() == null || uri.getPort() <= 0) {
            throw StoreException.invalid("'" + shown(v) + "' is not a proxy URL: use http://host:port or"
                    + " socks5://host:port.");
        }
        return v;
    }

    static String headerName(String raw) {
        var v = raw == null ? "" : raw.strip();
        if (!HEADER_NAME.matcher(v).matches()) {
            throw StoreException.invalid("'" + ControlChars.escape(v) + "' is not a valid HTTP header name: use"
                    + " letters, digits and - (such as X-Title).");
        }
        return v;
    }

    static String headerValue(String name, String raw) {
        // not echoed: a header value may be a credential
        return visible("The value of header " + name, raw == null ? "" : raw.strip(), false);
    }

    /**
     * An upstream API key, before {@link ApiKey#of} (which also reads stored keys, so it keeps its older, narrower
     * rule): a C1 control or a direction override in a key is a paste gone wrong, and its masked form would show it.
     */
    static String key(String raw) {
        return visible("An API key", raw == null ? null : raw.strip(), false);
    }

    /** A channel's per-type option ({@code api-version=2024-10-21}): a name and a value, each on one line. */
    static String optionName(String raw) {
        var v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("An option needs a name, as NAME=VALUE (such as api-version=2024-10-21).");
        }
        return visible("An option name", v, true);
    }

    /** An option's value; one whose values Switchboard itself reads ({@link ReasoningOption}) in its stored form. */
    static String optionValue(String name, String raw) {
        var v = visible("The value of option " + name, raw == null ? "" : raw.strip(), true);
        return name.equals(ReasoningOption.NAME) ? ReasoningOption.normalize(v) : v;
    }
}
