package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import dev.switchboard.store.Database;
import dev.switchboard.store.Group;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JTabbedPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole desktop app under a (virtual) display: window, tabs, status line, tray menu, second start, quit. */
class DesktopAppTest {
    @TempDir
    Path dir;
    UiFixture f;

    @BeforeEach
    void setUp() {
        UiFixture.assumeDisplay();
        f = new UiFixture(dir);
        f.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("test-key-alpha")));
        for (var model : List.of("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro")) {
            f.store.entries().add("relay", model, null, true);
        }
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void opensEveryTabShowsWhereItRunsAndQuitsCleanly() throws Exception {
        var answer = new CompletableFuture<Supplier<String>>();
        var desktop = DesktopApp.start(f.app, List.of("The database was repaired on opening."), answer::complete);
        try {
            var running = assertInstanceOf(GatewayState.Running.class, f.app.state());
            var window = desktop.mainWindow();
            assertTrue(UiFixture.onEdt(() -> window.frame().isVisible()), "channels exist but the window opens"
                    + " unless start-minimised is set");
            var titles = UiFixture.onEdt(() -> {
                var tabs = findTabs(window.frame().getContentPane());
                var out = new ArrayList<String>();
                for (int i = 0; i < tabs.getTabCount(); i++) {
                    out.add(tabs.getTitleAt(i));
                }
                return out;
            });
            assertEquals(List.of("Channels", "Models", "Usage", "Settings", "Connect a client"), titles);
            var labels = UiFixture.onEdt(() -> texts(window.frame().getContentPane()));
            assertTrue(labels.stream().anyMatch(t -> t.contains("Running on " + running.baseUrl())), labels::toString);
            assertTrue(labels.stream().anyMatch(t -> t.contains("The database was repaired")), labels::toString);

            // A second start asks this one to come forward and is told there is a window.
            assertEquals("window", answer.get(10, TimeUnit.SECONDS).get());

            // Pause from the status line: the gateway stops, the window says so.
            var paused = new CompletableFuture<GatewayState>();
            f.app.addListener(s -> {
                if (s instanceof GatewayState.Paused) {
                    paused.complete(s);
                }
            });
            UiFixture.onEdt(() -> {
                desktop.togglePause();
                return null;
            });
            paused.get(10, TimeUnit.SECONDS);
            var after = UiFixture.onEdt(() -> texts(window.frame().getContentPane()));
            assertTrue(after.stream().anyMatch(t -> t.contains("Paused")), after::toString);
        } finally {
            UiFixture.onEdt(() -> {
                desktop.quit();
                return null;
            });
        }
        desktop.awaitQuit(); // returns at once after quit
        assertFalse(UiFixture.onEdt(() -> desktop.mainWindow().frame().isDisplayable()), "window disposed");
    }

    @Test
    void aGatewayThatCannotListenBringsTheWindowUpOnSettingsWithTheReason() throws Exception {
        f.store.settings().set(Setting.START_MINIMISED, "true"); // only the failure may bring it up
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var app = new dev.switchboard.service.Lifecycle(f.store, dir, "test", Clock.systemUTC(),
                     busy.getLocalPort(), null, UiFixture.updaters(dir, "test"))) {
            var desktop = DesktopApp.start(app, List.of(), a -> { });
            try {
                assertInstanceOf(GatewayState.Failed.class, app.state());
                var window = desktop.mainWindow();
                UiFixture.onEdt(() -> null); // what the start's end queued for the window has run
                assertTrue(UiFixture.onEdt(() -> window.frame().isVisible()), "up despite start-minimised");
                assertEquals("Settings", UiFixture.onEdt(() -> {
                    var tabs = findTabs(window.frame().getContentPane());
                    return tabs.getTitleAt(tabs.getSelectedIndex());
                }));
                var labels = UiFixture.onEdt(() -> texts(window.frame().getContentPane()));
                assertTrue(labels.stream().anyMatch(t -> t.contains(String.valueOf(busy.getLocalPort()))),
                        labels::toString);
            } finally {
                UiFixture.onEdt(() -> {
                    desktop.quit();
                    return null;
                });
            }
        }
    }

    @Test
    void switchingThemeOrLanguageRebuildsTheWindowInPlace() throws Exception {
        var desktop = DesktopApp.start(f.app, List.of(), a -> { });
        try {
            var before = desktop.mainWindow();
            UiFixture.onEdt(() -> {
                desktop.applyTheme("dark");
                return null;
            });
            assertTrue(Theme.dark());
            assertTrue(UiFixture.onEdt(() -> javax.swing.UIManager.getLookAndFeel().getName()).contains("Dark"));
            var dark = desktop.mainWindow();
            assertTrue(before != dark && !UiFixture.onEdt(() -> before.frame().isDisplayable()), "old one disposed");
            assertTrue(UiFixture.onEdt(() -> dark.frame().isVisible()));

            UiFixture.onEdt(() -> {
                desktop.applyLanguage("zh");
                return null;
            });
            var titles = UiFixture.onEdt(() -> {
                var tabs = findTabs(desktop.mainWindow().frame().getContentPane());
                return List.of(tabs.getTitleAt(0), tabs.getTitleAt(tabs.getSelectedIndex()));
            });
            assertEquals(List.of("渠道", "设置"), titles, "in Chinese, on the Settings tab where it was changed");
        } finally {
            UiFixture.onEdt(() -> {
                desktop.applyTheme("light");
                desktop.quit();
                return null;
            });
        }
    }

    @Test
    void themeAndLanguageSetFromTheCommandLineReachTheOpenWindow() throws Exception {
        var desktop = DesktopApp.start(f.app, List.of(), a -> { });
        try {
            UiFixture.onEdt(() -> {
                desktop.selectTab("usage");
                return null;
            });
            var before = desktop.mainWindow();
            // Another process, as `switchboard settings set theme dark` and `settings set language zh` are: its
            // own connection to the database, seen by the app's watcher rather than told directly.
            try (var cli = Store.open(dir, Database.Check.QUICK, Clock.systemUTC())) {
                cli.settings().set(Setting.THEME, "dark");
                cli.settings().set(Setting.LANGUAGE, "zh");
            }
            desktop.followed(new DesktopApp.Appearance("dark", "zh")).get(20, TimeUnit.SECONDS);
            assertTrue(Theme.dark());
            assertTrue(UiFixture.onEdt(() -> javax.swing.UIManager.getLookAndFeel().getName()).contains("Dark"));
            var after = desktop.mainWindow();
            assertTrue(after != before && !UiFixture.onEdt(() -> before.frame().isDisplayable()), "rebuilt");
            var titles = UiFixture.onEdt(() -> {
                var tabs = findTabs(after.frame().getContentPane());
                return List.of(tabs.getTitleAt(0), tabs.getTitleAt(tabs.getSelectedIndex()));
            });
            assertEquals(List.of("渠道", "用量"), titles, "in Chinese, still on the tab the person was on");
            assertTrue(UiFixture.onEdt(() -> after.frame().isVisible()));
        } finally {
            UiFixture.onEdt(() -> {
                Theme.switchTo("light");
                desktop.quit();
                return null;
            });
        }
    }

    @Test
    void theWindowIsNamedSwitchboardForTheDesktop() throws Exception {
        var desktop = DesktopApp.start(f.app, List.of(), a -> { });
        try {
            assertEquals("Switchboard", UiFixture.onEdt(() -> desktop.mainWindow().frame().getTitle()),
                    "a build that is no release shows no version");
            if (java.awt.Toolkit.getDefaultToolkit().getClass().getName().equals("sun.awt.X11.XToolkit")) {
                assertEquals("Switchboard", AppIdentity.windowClass(), "the WM_CLASS the task bar groups by");
            }
        } finally {
            UiFixture.onEdt(() -> {
                desktop.quit();
                return null;
            });
        }
    }

    @Test
    void choosingAnEntryInTheTrayMenuPutsItOnTopOfAuto() throws Exception {
        var chosen = new CompletableFuture<Void>();
        var actions = new TrayController.Actions() {
            @Override
            public void open() {
            }

            @Override
            public void chooseEntry(String ref) {
                f.background.run(() -> {
                    TrayMenuModel.choose(f.store, ref);
                    return null;
                }, r -> chosen.complete(null), chosen::completeExceptionally);
            }

            @Override
            public void runSpeedTest() {
            }

            @Override
            public void copyBaseUrl(String url) {
            }

            @Override
            public void togglePause() {
            }

            @Override
            public void checkUpdates() {
            }

            @Override
            public void quit() {
            }
        };
        var items = TrayMenuModel.items(f.store.snapshot(), new GatewayState.Running("http://127.0.0.1:9090"),
                java.time.Instant.now(), false, f.ctx.text());
        var menu = UiFixture.onEdt(() -> TrayPopup.menu(items, f.ctx.text(), actions));
        var labels = new ArrayList<String>();
        var checkItems = new ArrayList<JCheckBoxMenuItem>();
        for (var c : menu.getComponents()) {
            if (c instanceof JMenuItem item) {
                labels.add(item.getText());
            }
            if (c instanceof JCheckBoxMenuItem box) {
                checkItems.add(box);
            }
        }
        assertEquals("Open Switchboard", labels.get(0));
        assertTrue(labels.contains("Run speed test") && labels.contains("Pause gateway") && labels.contains("Quit"),
                labels::toString);
        assertEquals(3, checkItems.size());
        assertEquals(List.of(true, false, false), checkItems.stream().map(JCheckBoxMenuItem::isSelected).toList(),
                "the one tried first carries the check mark");
        var target = checkItems.get(2);
        assertEquals("gemini-2.5-pro  ·  relay", target.getText());
        UiFixture.onEdt(() -> {
            target.doClick();
            return null;
        });
        chosen.get(10, TimeUnit.SECONDS);
        var auto = f.store.entries().group(Group.AUTO);
        var first = f.store.entries().list().stream().filter(e -> e.id() == auto.memberIds().get(0)).findFirst()
                .orElseThrow();
        assertEquals("relay/gemini-2.5-pro", first.ref());
    }

    private static JTabbedPane findTabs(java.awt.Container c) {
        for (var child : c.getComponents()) {
            if (child instanceof JTabbedPane t) {
                return t;
            }
            if (child instanceof java.awt.Container inner) {
                var found = findTabs(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static List<String> texts(java.awt.Container c) {
        var out = new ArrayList<String>();
        for (var child : c.getComponents()) {
            if (child instanceof JLabel l && l.getText() != null) {
                out.add(l.getText());
            }
            if (child instanceof java.awt.Container inner) {
                out.addAll(texts(inner));
            }
        }
        return out;
    }
}
