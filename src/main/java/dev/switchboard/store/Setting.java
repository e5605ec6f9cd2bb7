package dev.switchboard.store;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every setting, with its documented default. Values are stored as text; {@link #normalize} validates a value
 * a person typed and returns the canonical form that is stored, or throws with a message saying what is
 * accepted. Only values that differ from the default are kept in the database.
 */
public enum Setting {
    PORT("port", "9090", "TCP port the gateway listens on.", v -> intIn(v, 1, 65535)),
    BIND("bind", "127.0.0.1",
            "Address the gateway listens on. Anything but loopback needs at least one client access key.",
            Setting::address),
    COOLDOWN_SECONDS("cooldown-seconds", "300",
            "How long an entry that failed transiently is tried last (a 429's Retry-After wins when longer).",
            v -> intIn(v, 0, 86_400)),
    MAX_ATTEMPTS("max-attempts", "5", "At most this many entries are tried for one request.",
            v -> intIn(v, 1, 50)),
    AUTO_DISABLE_STATUSES("auto-disable-statuses", "401,403,410",
            "Upstream HTTP statuses that disable an entry until you re-enable it (comma-separated).",
            Setting::statuses),
    AUTO_DISABLE_KEYWORDS("auto-disable-keywords",
            "insufficient_quota,exceeded your current quota,quota exceeded,insufficient balance,"
                    + "insufficient_user_quota,credit balance,billing,invalid api key,invalid_api_key,"
                    + "incorrect api key,api key not valid,api_key_invalid,account deactivated,account suspended,"
                    + "organization has been disabled",
            "Upstream error texts (case-insensitive, comma-separated) that mean a key is out of quota or"
                    + " invalid: the entry is disabled until you re-enable it.",
            Setting::keywords),
    FALLBACK_TO_AUTO("fallback-to-auto", "true",
            "When no group, entry or model matches the requested name, route it through `auto`"
                    + " (false: answer 404 model_not_found).",
            Setting::bool),
    CONNECT_TIMEOUT_SECONDS("connect-timeout-seconds", "10", "Upstream connect timeout.",
            v -> intIn(v, 1, 300)),
    FIRST_BYTE_TIMEOUT_SECONDS("first-byte-timeout-seconds", "120",
            "How long to wait for an upstream's first meaningful response before trying the next entry.",
            v -> intIn(v, 1, 3_600)),
    IDLE_TIMEOUT_SECONDS("idle-timeout-seconds", "300",
            "Longest silence between two streamed events (reasoning models think for minutes).",
            v -> intIn(v, 1, 3_600)),
    ALLOWED_IPS("allowed-ips", "",
            "When bound beyond loopback: client addresses allowed (CIDR, comma-separated; empty = any with a key).",
            Setting::cidrs),
    ALLOWED_HOSTS("allowed-hosts", "",
            "Host names, besides loopback ones, that clients may use to reach the gateway (comma-separated).",
            Setting::list),
    ALLOWED_ORIGINS("allowed-origins", "",
            "Browser origins allowed to call the gateway (comma-separated, e.g. https://app.example.com).",
            Setting::list),
    OUTBOUND_PROXY("outbound-proxy", "",
            "Proxy for every upstream call unless a channel has its own (http://host:port or socks5://host:port).",
            Setting::proxyOrEmpty),
    RECENT_MONTHS("recent-months", "6",
            "When models are fetched, those released within this many months are pre-selected (3, 6 or 12).",
            v -> oneOf(v, "3", "6", "12")),
    // The desktop app's own settings: stored here so that the CLI and the admin API can read and set them too.
    THEME("theme", "system", "The window's theme: system (follow the desktop), light or dark.",
            v -> oneOf(v, "system", "light", "dark")),
    LANGUAGE("language", "system", "The window's language: system (the desktop's locale), en or zh.",
            v -> oneOf(v, "system", "en", "zh")),
    START_WITH_SYSTEM("start-with-system", "false",
            "Start Switchboard when you log in to this computer (desktop app).", Setting::bool),
    START_MINIMISED("start-minimised", "false",
            "Start in the tray without opening the window (desktop app; the first run always opens it).",
            Setting::bool),
    CHECK_UPDATES("check-updates", "true", "Look for a new version when Switchboard starts.", Setting::bool),
    UPDATE_URL("update-url", "",
            "Where updates are published, as a GitHub Releases address (https://github.com/OWNER/REPO/releases)"
                    + " or a mirror laid out the same way; empty = the Switchboard repository's releases.",
            Setting::httpUrlOrEmpty),
    // Provider balances (dev.switchboard.balance): checked for channels that have a balance query.
    BALANCE_CHECK_MINUTES("balance-check-minutes", "30",
            "How often a running Switchboard checks the balance of each channel that has a balance query"
                    + " (0 = only on demand: `channels balance`).",
            v -> intIn(v, 0, 10_080)),
    BALANCE_EMPTY_LAST("balance-empty-last", "true",
            "Try the entries of a channel whose last balance check read 0 or less after all others, even cooling"
                    + " ones (false: balances never change the order). A failed check never moves anything.",
            Setting::bool),
    BALANCE_LOW_PERCENT("balance-low-percent", "10",
            "A balance below this percentage of its total counts as low (when the provider publishes a total and the"
                    + " channel sets no threshold of its own).",
            v -> intIn(v, 0, 100)),
    BALANCE_LOW_AMOUNT("balance-low-amount", "1",
            "A balance below this amount, in its own unit, counts as low (when there is no total to take a"
                    + " percentage of and the channel sets no threshold of its own).",
            Setting::amount);

    private final String key;
    private final String defaultValue;
    private final String description;
    private final UnaryOperator<String> normalizer;

    Setting(String key, String defaultValue, String description, UnaryOperator<String> normalizer) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.normalizer = normalizer;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Validates {@code raw}; returns the canonical text to store. */
    public String normalize(String raw) {
        if (raw == null) {
            throw StoreException.invalid("A value is needed for " + key + ".");
        }
        try {
            return canonical(raw);
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid("Invalid value for " + key + ": " + e.getMessage());
        }
    }

    /**
     * The same rule as {@link #normalize}, for a command-line option that takes this setting's value for one run
     * ({@code serve --port}, {@code --bind}): the message says what is accepted without naming the setting,
     * because the option's parser names the option.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public String canonical(String raw) {
        int control = ControlChars.first(raw);
        if (control >= 0) {
            // not echoed: a setting may hold a proxy password
            throw new IllegalArgumentException("it contains the control character " + ControlChars.name(control)
                    + " (an escape sequence, a line break or a text-direction override). Use visible characters only.");
        }
        try {
            return normalizer.apply(raw.strip());
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static Setting of(String key) {
        var wanted = key == null ? "" : key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (var s : values()) {
            if (s.key.equals(wanted)) {
                return s;
            }
        }
        throw StoreException.notFound("There is no setting '" + key + "'. Known settings: "
                + Arrays.stream(values()).map(Setting::key).collect(Collectors.joining(", ")) + ".");
    }

    private static String intIn(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number (" + min + " to " + max + ").");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " is out of range (" + min + " to " + max + ").");
        }
        return Integer.toString(n);
    }

    private static String amount(String v) {
        try {
            var n = new java.math.BigDecimal(v);
            if (n.signum() < 0) {
                throw new IllegalArgumentException("'" + v + "' is below 0.");
            }
            return n.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not an amount such as 1 or 0.5.");
        }
    }

    private static String oneOf(String v, String... allowed) {
        for (var a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("'" + v + "' is not one of " + String.join(", ", allowed) + ".");
    }

    private static String bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> "true";
            case "false", "no", "off", "0" -> "false";
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false.");
        };
    }

    private static String address(String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("give an IP address such as 127.0.0.1, ::1 or 0.0.0.0.");
        }
        if (v.equalsIgnoreCase("localhost")) {
            return "127.0.0.1";
        }
        if (!v.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + v + "' is not an IP address (for example 127.0.0.1 or 0.0.0.0).");
        }
        try {
            return InetAddress.getByName(v).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + v + "' is not an IP address (for example 127.0.0.1 or 0.0.0.0).");
        }
    }

    private static String statuses(String v) {
        var out = new LinkedHashSet<String>();
        for (var part : split(v)) {
            out.add(intIn(part, 100, 599));
        }
        return String.join(",", out);
    }

    private static String keywords(String v) {
        return String.join(",", new LinkedHashSet<>(split(v)));
    }

    /**
     * Each item a CIDR block or a bare IP address (never a name: no DNS), stored canonical: {@code 192.168.1.7/24}
     * becomes {@code 192.168.1.0/24}, {@code 10.0.0.7} becomes {@code 10.0.0.7/32}.
     */
    private static String cidrs(String v) {
        var out = new LinkedHashSet<String>();
        for (var part : split(v)) {
            out.add(Cidr.parse(part).toString());
        }
        return String.join(",", out);
    }

    private static String list(String v) {
        return String.join(",", new LinkedHashSet<>(split(v)));
    }

    private static String proxyOrEmpty(String v) {
        try {
            return v.isEmpty() ? "" : Validation.proxy(v);
        } catch (StoreException e) {
            throw new IllegalArgumentException(e.getMessage()); // so that normalize names the setting
        }
    }

    private static String httpUrlOrEmpty(String v) {
        if (v.isEmpty()) {
            return "";
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' is not a URL.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + v + "' is not an http(s) URL such as"
                    + " https://github.com/OWNER/REPO/releases.");
        }
        // One canonical form, without a trailing slash: paths are appended to it.
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    static List<String> split(String v) {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
