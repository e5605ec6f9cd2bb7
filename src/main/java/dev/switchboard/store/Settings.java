package dev.switchboard.store;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An immutable snapshot of every setting, with typed accessors; defaults fill what was never set. */
public final class Settings {
    private final Map<Setting, String> values;
    private final Map<Setting, Object> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    /** Builds a snapshot from stored overrides; unknown or invalid stored values fall back to the default. */
    public static Settings of(Map<Setting, String> overrides) {
        var values = new EnumMap<Setting, String>(Setting.class);
        for (var s : Setting.values()) {
            var v = overrides.get(s);
            String value = s.defaultValue();
            if (v != null) {
                try {
                    value = s.normalize(v);
                } catch (StoreException e) {
                    System.getLogger(Settings.class.getName()).log(System.Logger.Level.WARNING,
                            "Ignoring stored " + s.key() + ": " + e.getMessage() + " Using the default.");
                }
            }
            values.put(s, value);
        }
        HeldSecrets.addProxy(values.get(Setting.OUTBOUND_PROXY)); // a proxy error may quote its URL
        return new Settings(values);
    }

    public static Settings defaults() {
        return of(Map.of());
    }

    public String raw(Setting s) {
        return values.get(s);
    }

    public boolean isDefault(Setting s) {
        return values.get(s).equals(s.defaultValue());
    }

    public int port() {
        return Integer.parseInt(raw(Setting.PORT));
    }

    public String bind() {
        return raw(Setting.BIND);
    }

    public Duration cooldown() {
        return Duration.ofSeconds(Long.parseLong(raw(Setting.COOLDOWN_SECONDS)));
    }

    public int maxAttempts() {
        return Integer.parseInt(raw(Setting.MAX_ATTEMPTS));
    }

    public Set<Integer> autoDisableStatuses() {
        return parsed(Setting.AUTO_DISABLE_STATUSES, raw -> {
            var out = new LinkedHashSet<Integer>();
            for (var part : Setting.split(raw)) {
                out.add(Integer.parseInt(part));
            }
            return Set.copyOf(out);
        });
    }

    public List<String> autoDisableKeywords() {
        return parsed(Setting.AUTO_DISABLE_KEYWORDS, Setting::split);
    }

    public boolean fallbackToAuto() {
        return Boolean.parseBoolean(raw(Setting.FALLBACK_TO_AUTO));
    }

    public Duration connectTimeout() {
        return Duration.ofSeconds(Long.parseLong(raw(Setting.CONNECT_TIMEOUT_SECONDS)));
    }

    public Duration firstByteTimeout() {
        return Duration.ofSeconds(Long.parseLong(raw(Setting.FIRST_BYTE_TIMEOUT_SECONDS)));
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(Long.parseLong(raw(Setting.IDLE_TIMEOUT_SECONDS)));
    }

    public List<String> allowedIps() {
        return parsed(Setting.ALLOWED_IPS, Setting::split);
    }

    public List<String> allowedHosts() {
        return parsed(Setting.ALLOWED_HOSTS, Setting::split);
    }

    public List<String> allowedOrigins() {
        return parsed(Setting.ALLOWED_ORIGINS, Setting::split);
    }

    /**
     * A list-valued setting, parsed once per settings object: the access guard and every request read these, and
     * a settings object never changes (a change makes a new one).
     */
    @SuppressWarnings("unchecked")
    private <T> T parsed(Setting setting, java.util.function.Function<String, T> parse) {
        return (T) parsed.computeIfAbsent(setting, s -> parse.apply(raw(s)));
    }

    public String outboundProxy() {
        return raw(Setting.OUTBOUND_PROXY);
    }

    public int recentMonths() {
        return Integer.parseInt(raw(Setting.RECENT_MONTHS));
    }

    /** {@code system}, {@code light} or {@code dark}. */
    public String theme() {
        return raw(Setting.THEME);
    }

    /** {@code system}, {@code en} or {@code zh}. */
    public String language() {
        return raw(Setting.LANGUAGE);
    }

    public boolean startWithSystem() {
        return Boolean.parseBoolean(raw(Setting.START_WITH_SYSTEM));
    }

    public boolean startMinimised() {
        return Boolean.parseBoolean(raw(Setting.START_MINIMISED));
    }

    public boolean checkUpdates() {
        return Boolean.parseBoolean(raw(Setting.CHECK_UPDATES));
    }

    /** Where updates are published (a GitHub Releases address); empty = the repository named in the pom. */
    public String updateUrl() {
        return raw(Setting.UPDATE_URL);
    }

    /** How often balances are checked; zero means never on a schedule. */
    public java.time.Duration balanceCheckInterval() {
        return java.time.Duration.ofMinutes(Long.parseLong(raw(Setting.BALANCE_CHECK_MINUTES)));
    }

    /** Whether an empty balance moves its channel's entries last in routing. */
    public boolean balanceEmptyLast() {
        return Boolean.parseBoolean(raw(Setting.BALANCE_EMPTY_LAST));
    }

    public int balanceLowPercent() {
        return Integer.parseInt(raw(Setting.BALANCE_LOW_PERCENT));
    }

    public java.math.BigDecimal balanceLowAmount() {
        return new java.math.BigDecimal(raw(Setting.BALANCE_LOW_AMOUNT));
    }
}
