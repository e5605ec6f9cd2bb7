package dev.switchboard.ui;

import dev.switchboard.service.BindAddress;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import dev.switchboard.store.Store;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Settings tab without the Swing: which settings it shows and how, what the person changed, and saving
 * exactly that through the same store the CLI's {@code settings set} uses (same validation, same messages). An
 * invalid value is not stored and its error is kept for the field; valid ones are stored all the same. Plus the
 * access-key list ({@code keys list / create / revoke}).
 */
final class SettingsForm {
    /** The tab's sections, in order. */
    enum Group {
        GATEWAY(List.of(Setting.PORT, Setting.BIND)),
        ACCESS(List.of(Setting.ALLOWED_IPS, Setting.ALLOWED_HOSTS, Setting.ALLOWED_ORIGINS)),
        ROUTING(List.of(Setting.COOLDOWN_SECONDS, Setting.MAX_ATTEMPTS, Setting.AUTO_DISABLE_STATUSES,
                Setting.AUTO_DISABLE_KEYWORDS, Setting.FALLBACK_TO_AUTO, Setting.CONNECT_TIMEOUT_SECONDS,
                Setting.FIRST_BYTE_TIMEOUT_SECONDS, Setting.IDLE_TIMEOUT_SECONDS, Setting.OUTBOUND_PROXY,
                Setting.RECENT_MONTHS)),
        BALANCES(List.of(Setting.BALANCE_CHECK_MINUTES, Setting.BALANCE_EMPTY_LAST, Setting.BALANCE_LOW_PERCENT,
                Setting.BALANCE_LOW_AMOUNT)),
        APPEARANCE(List.of(Setting.THEME, Setting.LANGUAGE)),
        STARTUP(List.of(Setting.START_WITH_SYSTEM, Setting.START_MINIMISED, Setting.CHECK_UPDATES, Setting.UPDATE_URL));

        final List<Setting> settings;

        Group(List<Setting> settings) {
            this.settings = settings;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How a setting is edited. */
    enum Kind {
        TEXT, LONG_TEXT, CHOICE, BOOL
    }

    /** Writes or removes the autostart entry; the tab passes {@link Autostart}, tests a recorder. */
    interface AutostartHook {
        void apply(boolean enabled) throws Exception;
    }

    /**
     * What a save did: the settings stored (with the canonical value stored) and the ones refused (with the
     * reason, in the store's words).
     */
    record Outcome(Map<Setting, String> saved, Map<Setting, String> errors) {
        Outcome {
            saved = Collections.unmodifiableMap(new LinkedHashMap<>(saved));
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        /** The gateway listens elsewhere now: it must restart to follow. */
        boolean restartNeeded() {
            return saved.containsKey(Setting.PORT) || saved.containsKey(Setting.BIND);
        }
    }

    /** One access key as the list shows it: never the secret. */
    record KeyRow(String name, String masked, String created) {
    }

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Store store;
    private final AutostartHook autostart;

    SettingsForm(Store store, AutostartHook autostart) {
        this.store = store;
        this.autostart = autostart;
    }

    static Kind kind(Setting s) {
        switch (s) {
            case FALLBACK_TO_AUTO:
            case START_WITH_SYSTEM:
            case START_MINIMISED:
            case CHECK_UPDATES:
            case BALANCE_EMPTY_LAST:
                return Kind.BOOL;
            case THEME:
            case LANGUAGE:
            case RECENT_MONTHS:
                return Kind.CHOICE;
            case AUTO_DISABLE_KEYWORDS:
                return Kind.LONG_TEXT;
            default:
                return Kind.TEXT;
        }
    }

    /** The values a {@link Kind#CHOICE} setting accepts, as stored. */
    static List<String> choices(Setting s) {
        switch (s) {
            case THEME:
                return List.of("system", "light", "dark");
            case LANGUAGE:
                return List.of("system", "en", "zh");
            case RECENT_MONTHS:
                return List.of("3", "6", "12");
            default:
                return List.of();
        }
    }

    Settings load() {
        return store.settings().load();
    }

    /** What the field shows for {@code s}: the stored value, the proxy's password masked. */
    static String shown(Settings loaded, Setting s) {
        return Masking.setting(s, loaded.raw(s));
    }

    /** Whether the field's text differs from what was loaded (spaces around it do not count). */
    static boolean changed(Settings loaded, Setting s, String text) {
        return !strip(text).equals(shown(loaded, s));
    }

    /**
     * Validates and stores every changed field of {@code texts}. Nothing is stored for a field whose value is
     * refused; the others are stored regardless.
     *
     * @param loaded what the fields were filled from (to tell what changed)
     * @param texts  each field's text (fields not in the map are unchanged)
     */
    Outcome save(Settings loaded, Map<Setting, String> texts, Messages text) {
        var saved = new EnumMap<Setting, String>(Setting.class);
        var errors = new EnumMap<Setting, String>(Setting.class);
        for (var s : Setting.values()) {
            var typed = texts.get(s);
            if (typed == null || !changed(loaded, s, typed)) {
                continue;
            }
            try {
                if (s == Setting.OUTBOUND_PROXY && Masking.looksMasked(typed)) {
                    // the field showed a masked password; storing it would replace the real one with stars
                    throw new IllegalArgumentException(text.get("settings.error.maskedProxy"));
                }
                var value = s.normalize(typed);
                if (value.equals(loaded.raw(s))) {
                    continue; // "  300 " for 300: nothing to do
                }
                if (s == Setting.BIND && !BindAddress.isLoopback(value) && store.accessKeys().list().isEmpty()) {
                    throw new IllegalArgumentException(text.get("settings.error.bindWithoutKey", value));
                }
                if (s == Setting.START_WITH_SYSTEM) {
                    autostart.apply(Boolean.parseBoolean(value));
                }
                saved.put(s, store.settings().set(s, value));
            } catch (Exception e) {
                errors.put(s, ErrorText.of(e, text));
            }
        }
        return new Outcome(saved, errors);
    }

    // ---- access keys: the same store calls as `keys list / create / revoke`

    List<KeyRow> keyRows(ZoneId zone) {
        var created = store.accessKeys().createdTimes();
        var rows = new ArrayList<KeyRow>();
        for (var k : store.accessKeys().list()) {
            var at = created.get(k.id());
            rows.add(new KeyRow(k.name(), k.secret().masked(), at == null ? "" : CREATED.format(at.atZone(zone))));
        }
        return rows;
    }

    /** Creates a key; the caller shows its secret this once. */
    AccessKey createKey(String name) {
        return store.accessKeys().create(name);
    }

    void revokeKey(String name) {
        store.accessKeys().revoke(name);
    }

    /**
     * Whether revoking one more key leaves a gateway that listens beyond loopback with none (clients from other
     * machines are then all refused, and it will not start again that way).
     */
    boolean revokingLastKeyBeyondLoopback() {
        return !BindAddress.isLoopback(load().bind()) && store.accessKeys().list().size() <= 1;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
