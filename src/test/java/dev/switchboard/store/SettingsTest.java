package dev.switchboard.store;

import static dev.switchboard.store.TestStores.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    private Store store;
    private SettingsStore settings;

    @BeforeEach
    void open() {
        store = TestStores.open(dir);
        settings = store.settings();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The rows of the setting table, as {@code key=value}. */
    private List<String> storedRows() {
        return store.database().read(c -> {
            var out = new ArrayList<String>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT key, value FROM setting ORDER BY key")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
            return out;
        });
    }

    private void storeRaw(String key, String value) {
        store.database().write(c -> {
            try (var ps = c.prepareStatement("INSERT INTO setting (key, value) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void startsWithTheDocumentedDefaults() {
        var s = settings.load();

        assertEquals(9090, s.port());
        assertEquals("127.0.0.1", s.bind());
        assertEquals(Duration.ofSeconds(300), s.cooldown());
        assertEquals(5, s.maxAttempts());
        assertEquals(Set.of(401, 403, 410), s.autoDisableStatuses());
        assertTrue(s.autoDisableKeywords().contains("insufficient_quota"), s.autoDisableKeywords().toString());
        assertTrue(s.autoDisableKeywords().contains("invalid api key"), s.autoDisableKeywords().toString());
        assertTrue(s.fallbackToAuto());
        for (var setting : Setting.values()) {
            assertTrue(s.isDefault(setting), setting.key());
        }
        assertEquals(List.of(), storedRows());
    }

    @Test
    void storesTheNormalizedValue() {
        assertEquals("0.0.0.0", settings.set(Setting.BIND, " 0.0.0.0 "));
        assertEquals("false", settings.set(Setting.FALLBACK_TO_AUTO, "No"));
        assertEquals("401,429", settings.set(Setting.AUTO_DISABLE_STATUSES, "401, 429,401 ,"));
        assertEquals("8080", settings.set(Setting.PORT, "08080"));

        var s = settings.load();
        assertEquals("0.0.0.0", s.bind());
        assertFalse(s.fallbackToAuto());
        assertEquals(Set.of(401, 429), s.autoDisableStatuses());
        assertEquals(8080, s.port());
        assertEquals(List.of("auto-disable-statuses=401,429", "bind=0.0.0.0", "fallback-to-auto=false", "port=8080"),
                storedRows());
    }

    @Test
    void normalizesFriendlySpellings() {
        assertEquals("127.0.0.1", Setting.BIND.normalize("localhost"));
        assertEquals("true", Setting.FALLBACK_TO_AUTO.normalize("yes"));
        assertEquals("false", Setting.FALLBACK_TO_AUTO.normalize("off"));
        assertEquals("403", Setting.AUTO_DISABLE_STATUSES.normalize("403,403"));
        assertEquals("quota,billing", Setting.AUTO_DISABLE_KEYWORDS.normalize(" quota , billing,quota"));
        assertEquals(Setting.PORT, Setting.of(" Port "));
        assertEquals(Setting.MAX_ATTEMPTS, Setting.of("max_attempts"));
    }

    @Test
    void settingTheDefaultAgainDeletesTheRow() {
        settings.set(Setting.PORT, "8080");
        settings.set(Setting.BIND, "0.0.0.0");
        assertEquals(List.of("bind=0.0.0.0", "port=8080"), storedRows());

        assertEquals("9090", settings.set(Setting.PORT, "9090"));
        assertEquals("127.0.0.1", settings.set(Setting.BIND, "localhost"));

        assertEquals(List.of(), storedRows());
        assertEquals(9090, settings.load().port());
    }

    @Test
    void resetGoesBackToTheDefault() {
        settings.set(Setting.MAX_ATTEMPTS, "3");

        settings.reset(Setting.MAX_ATTEMPTS);

        assertEquals(5, settings.load().maxAttempts());
        assertEquals(List.of(), storedRows());
    }

    @Test
    void rejectsInvalidValuesNamingTheSettingAndKeepsTheOldOne() {
        settings.set(Setting.PORT, "8080");
        record Bad(Setting setting, String value) {
        }
        var bad = List.of(new Bad(Setting.PORT, "0"), new Bad(Setting.PORT, "70000"), new Bad(Setting.PORT, "abc"),
                new Bad(Setting.PORT, ""), new Bad(Setting.PORT, null), new Bad(Setting.BIND, "example.com"),
                new Bad(Setting.AUTO_DISABLE_STATUSES, "99"), new Bad(Setting.AUTO_DISABLE_STATUSES, "401,abc"),
                new Bad(Setting.FALLBACK_TO_AUTO, "maybe"), new Bad(Setting.RECENT_MONTHS, "5"),
                new Bad(Setting.OUTBOUND_PROXY, "proxy.example.test"),
                new Bad(Setting.ALLOWED_HOSTS, "example.com\u001b[31m"),
                new Bad(Setting.AUTO_DISABLE_KEYWORDS, "quota\u202e"),
                new Bad(Setting.ALLOWED_ORIGINS, "https://app.example.com\nX"));

        for (var b : bad) {
            var e = assertFails(StoreException.Kind.INVALID, () -> settings.set(b.setting(), b.value()));
            assertTrue(e.getMessage().contains(b.setting().key()), b + ": " + e.getMessage());
        }

        assertEquals(List.of("port=8080"), storedRows());
    }

    @Test
    void anUnknownKeyIsNotFoundAndListsTheKnownKeys() {
        var e = assertFails(StoreException.Kind.NOT_FOUND, () -> Setting.of("colour"));

        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        for (var s : Setting.values()) {
            assertTrue(e.getMessage().contains(s.key()), "lists " + s.key() + ": " + e.getMessage());
        }
    }

    @Test
    void aGarbageStoredValueFallsBackToTheDefault() {
        storeRaw("port", "banana");
        storeRaw("max-attempts", "3");
        storeRaw("bind", "example.com");

        var s = settings.load();

        assertEquals(9090, s.port());
        assertEquals("127.0.0.1", s.bind());
        assertEquals(3, s.maxAttempts(), "the valid one is still used");
    }

    @Test
    void aSettingOfANewerVersionIsKeptButIgnored() {
        storeRaw("future-setting", "42");

        assertEquals(9090, settings.load().port());
        assertEquals(List.of("future-setting=42"), storedRows());
    }
}
