package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.Rectangle;
import java.awt.event.WindowEvent;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window under a (virtual) display: it comes back where it was, on its last tab, and says once where it went. */
class MainWindowStateTest {
    @TempDir
    Path dir;
    private UiFixture fx;
    private MainWindow window;

    @BeforeEach
    void setUp() {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (window != null) {
            onEdt(() -> {
                window.dispose();
                return null;
            });
        }
        if (fx != null) {
            fx.close();
        }
    }

    private MainWindow open() throws Exception {
        var w = onEdt(() -> new MainWindow(fx.ctx, true, () -> { }, () -> { }));
        onEdt(() -> {
            w.present();
            return null;
        });
        return w;
    }

    @Test
    void aFirstRunOpensAtTheDefaultSize() throws Exception {
        window = open();
        assertEquals(MainWindow.DEFAULT_SIZE, onEdt(() -> window.frame().getSize()));
    }

    @Test
    void comesBackWhereItWasAsBigAsItWasOnItsLastTab() throws Exception {
        window = open();
        var moved = new Rectangle(60, 40, 1000, 680);
        onEdt(() -> {
            window.frame().setBounds(moved);
            window.select("usage");
            return null;
        });
        var first = window;
        onEdt(() -> {
            first.dispose(); // as Quit does
            return null;
        });
        window = open();
        assertEquals(moved, onEdt(() -> window.frame().getBounds()));
        assertEquals("usage", onEdt(() -> window.tabs().get(currentIndex(window)).id()));
    }

    @Test
    void buildsATabOnlyWhenItIsFirstShown() throws Exception {
        var w = onEdt(() -> new MainWindow(fx.ctx, true, () -> { }, () -> { }));
        window = w;
        assertEquals(java.util.List.of(), onEdt(w::builtTabs), "nothing built before the window shows");
        onEdt(() -> {
            w.present();
            return null;
        });
        assertEquals(java.util.List.of("channels"), onEdt(w::builtTabs), "the tab it opens on, before it shows");
        assertEquals(1, onEdt(() -> w.tab("channels").getParent().getComponentCount()),
                "in the place the tab holds");
        onEdt(() -> {
            w.select("usage");
            return null;
        });
        assertEquals(java.util.List.of("channels", "usage"), onEdt(w::builtTabs));
        onEdt(() -> {
            w.select("channels");
            w.select("usage"); // built once: showing it again finds the same one
            return null;
        });
        assertEquals(java.util.List.of("channels", "usage"), onEdt(w::builtTabs));
    }

    @Test
    void aPositionOffEveryScreenIsBroughtBack() throws Exception {
        new WindowState(new Rectangle(50_000, 40_000, 1000, 680), false, null, false).save(dir);
        window = open();
        var bounds = onEdt(() -> window.frame().getBounds());
        var screen = onEdt(() -> window.frame().getGraphicsConfiguration().getBounds());
        assertEquals(true, screen.contains(bounds), bounds + " on " + screen);
    }

    @Test
    void closingToTheTraySaysSoOnceAcrossRuns() throws Exception {
        var notices = new AtomicInteger();
        window = open();
        onEdt(() -> {
            window.onFirstCloseToTray(notices::incrementAndGet);
            close(window);
            return null;
        });
        assertFalse(onEdt(() -> window.frame().isVisible()), "hidden to the tray, not quit");
        onEdt(() -> {
            window.present();
            close(window);
            return null;
        });
        assertEquals(1, notices.get(), "once");
        var first = window;
        onEdt(() -> {
            first.dispose();
            return null;
        });
        window = open();
        onEdt(() -> {
            window.onFirstCloseToTray(notices::incrementAndGet);
            close(window);
            return null;
        });
        assertEquals(1, notices.get(), "remembered in the data folder");
    }

    private static void close(MainWindow w) {
        // dispatched synchronously on the event thread, as the window manager's close button is
        w.frame().dispatchEvent(new WindowEvent(w.frame(), WindowEvent.WINDOW_CLOSING));
    }

    private static int currentIndex(MainWindow w) {
        var tabs = SettingsFitTest.find(w.frame().getContentPane(), javax.swing.JTabbedPane.class).get(0);
        return tabs.getSelectedIndex();
    }
}
