package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings tab's logic, without a display, over a real store. */
class SettingsFormTest {
    @TempDir
    Path dir;

    private UiFixture fx;
    private final List<Boolean> autostartCalls = new ArrayList<>();
    private SettingsForm form;
    private final Messages en = Messages.of("en", Locale.ENGLISH);

    @BeforeEach
    void open() {
        fx = new UiFixture(dir);
        form = new SettingsForm(fx.store, autostartCalls::add);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /** Every field as the tab fills it from {@code loaded}: what a person sees before typing. */
    private static Map<Setting, String> fields(Settings loaded) {
        var texts = new EnumMap<Setting, String>(Setting.class);
        for (var s : Setting.values()) {
            texts.put(s, SettingsForm.shown(loaded, s));
        }
        return texts;
    }

    @Test
    void anInvalidValueIsRefusedInTheStoresWordsAndNothingIsStored() {
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.COOLDOWN_SECONDS, "soon");
        texts.put(Setting.MAX_ATTEMPTS, "99");

        var outcome = form.save(loaded, texts, en);

        assertEquals("Invalid value for cooldown-seconds: 'soon' is not a whole number (0 to 86400).",
                outcome.errors().get(Setting.COOLDOWN_SECONDS));
        assertEquals("Invalid value for max-attempts: 99 is out of range (1 to 50).",
                outcome.errors().get(Setting.MAX_ATTEMPTS));
        assertTrue(outcome.saved().isEmpty());
        var now = fx.store.settings().load();
        assertTrue(now.isDefault(Setting.COOLDOWN_SECONDS));
        assertTrue(now.isDefault(Setting.MAX_ATTEMPTS));
    }

    @Test
    void aValidFieldIsStoredEvenWhenAnotherIsRefused() {
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.COOLDOWN_SECONDS, " 42 ");
        texts.put(Setting.AUTO_DISABLE_STATUSES, "401,999");

        var outcome = form.save(loaded, texts, en);

        assertEquals(Map.of(Setting.COOLDOWN_SECONDS, "42"), outcome.saved());
        assertTrue(outcome.errors().get(Setting.AUTO_DISABLE_STATUSES).startsWith(
                "Invalid value for auto-disable-statuses:"), outcome.errors().toString());
        var now = fx.store.settings().load();
        assertEquals(Duration.ofSeconds(42), now.cooldown());
        assertEquals("401,403,410", now.raw(Setting.AUTO_DISABLE_STATUSES));
    }

    @Test
    void onlyChangedFieldsAreSavedSoAnotherWritersChangeSurvives() {
        var loaded = form.load();
        // while the form is open, the CLI changes max-attempts
        fx.store.settings().set(Setting.MAX_ATTEMPTS, "7");
        var texts = fields(loaded); // the form still shows 5 there
        texts.put(Setting.IDLE_TIMEOUT_SECONDS, "600");
        texts.put(Setting.PORT, " 9090 "); // same value, spaces around it: not a change

        var outcome = form.save(loaded, texts, en);

        assertEquals(List.of(Setting.IDLE_TIMEOUT_SECONDS), List.copyOf(outcome.saved().keySet()));
        assertTrue(outcome.errors().isEmpty());
        assertFalse(outcome.restartNeeded());
        var now = fx.store.settings().load();
        assertEquals(7, now.maxAttempts());
        assertEquals(Duration.ofSeconds(600), now.idleTimeout());
    }

    @Test
    void nothingTypedNothingSaved() {
        var loaded = form.load();
        var outcome = form.save(loaded, fields(loaded), en);
        assertTrue(outcome.saved().isEmpty());
        assertTrue(outcome.errors().isEmpty());
        assertTrue(autostartCalls.isEmpty());
    }

    @Test
    void listeningBeyondLoopbackWithoutAnAccessKeyIsRefusedLikeServe() {
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.BIND, "0.0.0.0");

        var outcome = form.save(loaded, texts, en);

        assertEquals("Listening on 0.0.0.0 would let other machines spend your keys, and no client access key"
                + " exists. Create one first (Generate, under Access), or listen on 127.0.0.1.",
                outcome.errors().get(Setting.BIND));
        assertFalse(outcome.restartNeeded());
        assertEquals("127.0.0.1", fx.store.settings().load().bind());

        form.createKey("laptop");
        var again = form.save(loaded, texts, en);
        assertEquals("0.0.0.0", again.saved().get(Setting.BIND));
        assertTrue(again.restartNeeded());
        assertEquals("0.0.0.0", fx.store.settings().load().bind());
    }

    @Test
    void aPortChangeAsksForARestart() {
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.PORT, "9191");
        var outcome = form.save(loaded, texts, en);
        assertTrue(outcome.restartNeeded());
        assertEquals(9191, fx.store.settings().load().port());
    }

    @Test
    void theMaskedProxyPasswordIsNeverWrittenBack() {
        fx.store.settings().set(Setting.OUTBOUND_PROXY, "socks5://me:test-secret@proxy.local:1080");
        var loaded = form.load();
        var texts = fields(loaded);
        assertEquals("socks5://me:****@proxy.local:1080", texts.get(Setting.OUTBOUND_PROXY));

        // shown unchanged: not a change at all
        assertTrue(form.save(loaded, texts, en).saved().isEmpty());

        // edited around the mask: refused, the real password kept
        texts.put(Setting.OUTBOUND_PROXY, "socks5://me:****@proxy.local:1081");
        var outcome = form.save(loaded, texts, en);
        assertTrue(outcome.errors().get(Setting.OUTBOUND_PROXY).contains("masked"), outcome.errors().toString());
        assertEquals("socks5://me:test-secret@proxy.local:1080", fx.store.settings().load().outboundProxy());
    }

    @Test
    void startWithSystemWritesTheAutostartEntryFirstAndIsNotStoredWhenThatFails() {
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.START_WITH_SYSTEM, "true");
        var outcome = form.save(loaded, texts, en);
        assertEquals(List.of(true), autostartCalls);
        assertEquals("true", outcome.saved().get(Setting.START_WITH_SYSTEM));
        assertTrue(fx.store.settings().load().startWithSystem());

        var failing = new SettingsForm(fx.store, enabled -> {
            throw new IOException("Permission denied");
        });
        var now = failing.load();
        var off = fields(now);
        off.put(Setting.START_WITH_SYSTEM, "false");
        var refused = failing.save(now, off, en);
        assertEquals("Network problem: Permission denied", refused.errors().get(Setting.START_WITH_SYSTEM));
        assertTrue(fx.store.settings().load().startWithSystem(), "still on: the entry is still there");
    }

    @Test
    void resetToDefaultIsSavingTheDefault() {
        fx.store.settings().set(Setting.THEME, "dark");
        var loaded = form.load();
        var texts = fields(loaded);
        texts.put(Setting.THEME, Setting.THEME.defaultValue());
        var outcome = form.save(loaded, texts, en);
        assertEquals("system", outcome.saved().get(Setting.THEME));
        assertTrue(fx.store.settings().load().isDefault(Setting.THEME));
    }

    @Test
    void accessKeysAreListedMaskedWithTheirCreationTime() {
        var created = form.createKey("laptop");
        var secret = created.secret().reveal();
        var rows = form.keyRows(ZoneOffset.UTC);
        assertEquals(1, rows.size());
        var row = rows.get(0);
        assertEquals("laptop", row.name());
        assertEquals(created.secret().masked(), row.masked());
        assertFalse(row.masked().contains(secret.substring(4, secret.length() - 4)));
        assertTrue(row.created().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"), row.created());

        var duplicate = assertThrows(RuntimeException.class, () -> form.createKey("Laptop"));
        assertTrue(duplicate.getMessage().contains("already exists"), duplicate.getMessage());

        form.revokeKey("laptop");
        assertTrue(form.keyRows(ZoneOffset.UTC).isEmpty());
    }

    @Test
    void revokingTheLastKeyOfAGatewayBeyondLoopbackIsFlagged() {
        form.createKey("laptop");
        assertFalse(form.revokingLastKeyBeyondLoopback(), "on loopback no key is needed");
        fx.store.settings().set(Setting.BIND, "0.0.0.0");
        assertTrue(form.revokingLastKeyBeyondLoopback());
        form.createKey("phone");
        assertFalse(form.revokingLastKeyBeyondLoopback());
    }

    @Test
    void everySettingIsOnTheFormOnce() {
        var seen = new ArrayList<Setting>();
        for (var g : SettingsForm.Group.values()) {
            seen.addAll(g.settings);
        }
        assertEquals(Setting.values().length, seen.size());
        assertEquals(List.of(Setting.values()).stream().sorted().toList(), seen.stream().sorted().toList());
        for (var s : Setting.values()) {
            if (SettingsForm.kind(s) == SettingsForm.Kind.CHOICE) {
                for (var choice : SettingsForm.choices(s)) {
                    assertEquals(choice, s.normalize(choice), "a choice the store accepts as is");
                }
            }
        }
    }

    @Test
    void everySettingHasItsWordsInBothLanguages() {
        var zh = Messages.of("zh", Locale.ENGLISH);
        for (var messages : List.of(en, zh)) {
            for (var g : SettingsForm.Group.values()) {
                assertTrue(messages.has("settings.group." + g.key()), g.key());
            }
            for (var s : Setting.values()) {
                assertTrue(messages.has("setting." + s.key() + ".label"), s.key());
                assertTrue(messages.has("setting." + s.key() + ".help"), s.key());
                if (SettingsForm.kind(s) == SettingsForm.Kind.BOOL) {
                    assertTrue(messages.has("setting." + s.key() + ".check"), s.key());
                }
                for (var choice : SettingsForm.choices(s)) {
                    assertTrue(messages.has("settings.choice." + s.key() + "." + choice), s.key() + " " + choice);
                }
            }
        }
        assertFalse(en.get("setting.port.label").equals(zh.get("setting.port.label")));
    }
}
