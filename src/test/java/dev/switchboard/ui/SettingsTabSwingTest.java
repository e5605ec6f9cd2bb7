package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.Setting;
import java.awt.Component;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings tab built for real under a display (Xvfb in CI), driven through its components. */
class SettingsTabSwingTest {
    @TempDir
    Path dir;

    private UiFixture fx;
    private final RecordingShell shell = new RecordingShell();
    private final List<Boolean> autostart = new CopyOnWriteArrayList<>();
    private SettingsTab tab;

    @BeforeEach
    void build() throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir, "en", shell);
        // the autostart hook records: a test must never write into the real home's startup folder
        tab = onEdt(() -> new SettingsTab(fx.ctx, new SettingsForm(fx.store, autostart::add)));
        onEdt(() -> {
            tab.shown();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        tab.keys().pending().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void showsEverySettingWithItsCurrentValue() throws Exception {
        fx.store.settings().set(Setting.COOLDOWN_SECONDS, "120");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        assertEquals("120", onEdt(() -> ((JTextField) tab.input(Setting.COOLDOWN_SECONDS)).getText()));
        assertEquals("9090", onEdt(() -> ((JTextField) tab.input(Setting.PORT)).getText()));
        assertEquals("system", onEdt(() -> ((JComboBox<?>) tab.input(Setting.THEME)).getSelectedItem()));
        assertTrue(onEdt(() -> ((JCheckBox) tab.input(Setting.CHECK_UPDATES)).isSelected()));
        for (var s : Setting.values()) {
            assertNotNull(onEdt(() -> tab.input(s)), s.key());
        }
        assertFalse(onEdt(() -> tab.saveButton().isEnabled()), "nothing changed yet");
        assertEquals("Settings", tab.title());
    }

    @Test
    void changingTheCooldownAndSavingStoresIt() throws Exception {
        onEdt(() -> {
            ((JTextField) tab.input(Setting.COOLDOWN_SECONDS)).setText("42");
            return null;
        });
        assertTrue(onEdt(() -> tab.saveButton().isEnabled()));
        onEdt(() -> {
            tab.saveButton().doClick();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);

        assertEquals(Duration.ofSeconds(42), fx.store.settings().load().cooldown());
        assertEquals("Saved 1 setting(s).", onEdt(() -> tab.status().getText()));
        assertFalse(onEdt(() -> tab.saveButton().isEnabled()), "saved: nothing left to save");
        assertTrue(shell.calls.isEmpty(), "no theme, language or address change: " + shell.calls);
    }

    @Test
    void anInvalidValueShowsTheStoresReasonUnderTheFieldAndIsNotStored() throws Exception {
        onEdt(() -> {
            tab.setText(Setting.MAX_ATTEMPTS, "0");
            tab.setText(Setting.IDLE_TIMEOUT_SECONDS, "900");
            tab.saveButton().doClick();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);

        var error = onEdt(() -> tab.error(Setting.MAX_ATTEMPTS));
        assertNotNull(error);
        assertTrue(error.contains("Invalid value for max-attempts: 0 is out of range (1 to 50)."), error);
        assertEquals("0", onEdt(() -> tab.fieldText(Setting.MAX_ATTEMPTS)), "the typed value stays to be fixed");
        assertNull(onEdt(() -> tab.error(Setting.IDLE_TIMEOUT_SECONDS)));
        var now = fx.store.settings().load();
        assertEquals(5, now.maxAttempts());
        assertEquals(Duration.ofSeconds(900), now.idleTimeout());
        assertTrue(onEdt(() -> tab.status().getText()).contains("1 not saved"));
    }

    @Test
    void anotherWritersChangeShowsWithoutLosingWhatThePersonTyped() throws Exception {
        onEdt(() -> {
            tab.setText(Setting.COOLDOWN_SECONDS, "77");
            return null;
        });
        fx.store.settings().set(Setting.COOLDOWN_SECONDS, "60"); // the CLI, meanwhile
        fx.store.settings().set(Setting.MAX_ATTEMPTS, "9");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        assertEquals("77", onEdt(() -> tab.fieldText(Setting.COOLDOWN_SECONDS)), "typed: kept");
        assertEquals("9", onEdt(() -> tab.fieldText(Setting.MAX_ATTEMPTS)), "untouched: follows");
    }

    @Test
    void resetPutsTheDefaultBackForTheNextSave() throws Exception {
        fx.store.settings().set(Setting.FIRST_BYTE_TIMEOUT_SECONDS, "30");
        onEdt(() -> {
            tab.refresh();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        assertEquals("30", onEdt(() -> tab.fieldText(Setting.FIRST_BYTE_TIMEOUT_SECONDS)));
        onEdt(() -> {
            tab.resetButton(Setting.FIRST_BYTE_TIMEOUT_SECONDS).doClick();
            return null;
        });
        assertEquals("120", onEdt(() -> tab.fieldText(Setting.FIRST_BYTE_TIMEOUT_SECONDS)));
        onEdt(() -> {
            tab.saveButton().doClick();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        assertTrue(fx.store.settings().load().isDefault(Setting.FIRST_BYTE_TIMEOUT_SECONDS));
    }

    @Test
    void themeAndPortChangesReachTheWindowAndTheGateway() throws Exception {
        assertTrue(fx.app.start() instanceof GatewayState.Running);
        onEdt(() -> {
            ((JComboBox<?>) tab.input(Setting.THEME)).setSelectedItem("dark");
            tab.setText(Setting.PORT, "9191");
            tab.saveButton().doClick();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);

        assertEquals("dark", fx.store.settings().load().theme());
        assertEquals(9191, fx.store.settings().load().port());
        assertEquals(List.of("restartGateway", "applyTheme dark"), shell.calls);
    }

    @Test
    void showsWherePrometheusScrapesFollowingTheGatewayAndCopiesIt() throws Exception {
        assertEquals("http://127.0.0.1:9090/metrics", onEdt(() -> tab.metricsUrlField().getText()),
                "stopped: where the settings will have it listen");

        var running = (GatewayState.Running) fx.app.start(); // on a free port, not the setting's 9090
        var url = running.baseUrl() + "/metrics";
        // the state listener's update was queued on the event thread before this runs there
        assertEquals(url, onEdt(() -> tab.metricsUrlField().getText()));
        onEdt(() -> {
            tab.copyMetricsUrlButton().doClick();
            return null;
        });
        assertEquals(List.of("copy " + url), shell.calls);
    }

    @Test
    void startWithSystemGoesThroughTheAutostartHook() throws Exception {
        onEdt(() -> {
            ((JCheckBox) tab.input(Setting.START_WITH_SYSTEM)).setSelected(true);
            tab.saveButton().doClick();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(true), autostart);
        assertTrue(fx.store.settings().load().startWithSystem());
    }

    @Test
    void generatingAnAccessKeyShowsItOnceAndListsItMasked() throws Exception {
        var revealed = new ArrayList<AccessKey>();
        var keys = tab.keys();
        keys.setDialogs(new AccessKeysPanel.Dialogs() {
            @Override
            public String askName() {
                return "laptop";
            }

            @Override
            public boolean confirm(String message) {
                return true;
            }

            @Override
            public void reveal(AccessKey key) {
                revealed.add(key);
            }
        });
        assertEquals(0, onEdt(() -> keys.table().getRowCount()));
        onEdt(() -> {
            keys.generateButton().doClick();
            return null;
        });
        keys.pending().get(10, TimeUnit.SECONDS);

        assertEquals(1, revealed.size());
        var secret = revealed.get(0).secret().reveal();
        assertTrue(secret.startsWith("sb-"));
        assertEquals(1, onEdt(() -> keys.table().getRowCount()));
        assertEquals("laptop", onEdt(() -> keys.table().getValueAt(0, 0)));
        var masked = (String) onEdt(() -> keys.table().getValueAt(0, 1));
        assertEquals(revealed.get(0).secret().masked(), masked);
        assertFalse(masked.contains(secret.substring(4, secret.length() - 4)), masked);
        assertFalse(((String) onEdt(() -> keys.table().getValueAt(0, 2))).isBlank(), "created time shown");
        assertEquals(1, fx.store.accessKeys().list().size());

        onEdt(() -> {
            keys.table().setRowSelectionInterval(0, 0);
            assertTrue(keys.revokeButton().isEnabled());
            keys.revokeButton().doClick();
            return null;
        });
        keys.pending().get(10, TimeUnit.SECONDS);
        assertEquals(0, onEdt(() -> keys.table().getRowCount()));
        assertTrue(fx.store.accessKeys().list().isEmpty());
    }

    /** A shell that records what a tab asked of the window, as "applyTheme dark", "restartGateway", "copy …". */
    static final class RecordingShell implements Shell {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Component window() {
            return null;
        }

        @Override
        public void applyTheme(String setting) {
            calls.add("applyTheme " + setting);
        }

        @Override
        public void applyLanguage(String setting) {
            calls.add("applyLanguage " + setting);
        }

        @Override
        public void restartGateway() {
            calls.add("restartGateway");
        }

        @Override
        public void selectTab(String id) {
            calls.add("selectTab " + id);
        }

        @Override
        public void copy(String text) {
            calls.add("copy " + text);
        }
    }
}
