package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.ChannelDraft;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JPopupMenu;
import javax.swing.UIManager;
import javax.swing.event.PopupMenuEvent;
import javax.swing.event.PopupMenuListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tray's Swing menu: where it opens, what it shows, in which theme, and that it closes cleanly. */
class TrayPopupTest {
    private static final Rectangle SCREEN = new Rectangle(0, 0, 1920, 1080);
    private static final Dimension MENU = new Dimension(300, 400);

    @TempDir
    Path dir;
    private UiFixture fx;

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void opensBelowTheClickWhereThereIsRoom() {
        assertEquals(new Point(100, 80), TrayPopup.origin(new Point(100, 80), MENU, SCREEN));
    }

    @Test
    void opensAboveATrayAtTheBottomAndLeftOfOneAtTheRight() {
        assertEquals(new Point(1800 - 300, 1070 - 400), TrayPopup.origin(new Point(1800, 1070), MENU, SCREEN));
    }

    @Test
    void neverLeavesTheScreen() {
        var tall = new Dimension(300, 1200);
        assertEquals(new Point(10, 0), TrayPopup.origin(new Point(10, 500), tall, SCREEN));
    }

    @Test
    void opensThemedWithTheFirstModelTickedAndChoosesAnother() throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir);
        fx.store.channels().create(ChannelDraft.of("relay", ApiType.OPENAI, "https://relay.example.test/v1",
                List.of("test-key-alpha")));
        for (var model : List.of("gpt-4o", "claude-sonnet-4-5")) {
            fx.store.entries().add("relay", model, null, true);
        }
        var chosen = new CopyOnWriteArrayList<String>();
        var actions = new Recording(chosen);
        var items = TrayMenuModel.items(fx.store.snapshot(), new GatewayState.Running("http://127.0.0.1:9090"),
                Instant.now(), false, fx.ctx.text());
        try {
            onEdt(() -> {
                Theme.switchTo("dark");
                return null;
            });
            var popup = onEdt(() -> new TrayPopup(actions, fx.ctx.text()));
            var openedFrom = new CopyOnWriteArrayList<Point>();
            var menu = onEdt(() -> {
                popup.update(items, fx.ctx.text());
                var m = popup.show(new Point(200, 150));
                m.addPopupMenuListener(new OpeningRecorder(m, openedFrom));
                return m;
            });
            onEdt(() -> null); // it opens after the events queued before it
            // That it opened is asserted, not that it is still open: whether it stays open is up to where the
            // display's keyboard focus goes, and in a test JVM that has opened and closed many windows before
            // this one, the X server can hand the focus back to one of them a moment later (which closes the menu,
            // as a click on another application would).
            assertEquals(List.of(new Point(200, 150)), openedFrom, "opened once, from a window at the click");
            assertEquals(UIManager.getColor("PopupMenu.background"), onEdt(menu::getBackground),
                    "in the window's (dark) theme");
            var boxes = onEdt(() -> SettingsFitTest.find(menu, JCheckBoxMenuItem.class));
            assertEquals(List.of(true, false), onEdt(() -> boxes.stream().map(JCheckBoxMenuItem::isSelected).toList()));

            onEdt(() -> {
                boxes.get(0).doClick(); // the one already first: nothing to do, and it stays ticked
                return null;
            });
            assertEquals(List.of(), chosen);
            assertTrue(onEdt(() -> boxes.get(0).isSelected()));
            onEdt(() -> {
                boxes.get(1).doClick();
                return null;
            });
            assertEquals(List.of("relay/claude-sonnet-4-5"), chosen);
            onEdt(() -> {
                menu.setVisible(false); // what a click on an item, Escape or a click elsewhere ends in
                return null;
            });
            assertNull(onEdt(popup::menu), "closed");
            assertNull(onEdt(popup::invoker), "and the window it opened from with it");
        } finally {
            onEdt(() -> {
                Theme.switchTo("light");
                return null;
            });
        }
    }

    /** Records where the window the menu opens from stood each time the menu opened. */
    private record OpeningRecorder(JPopupMenu menu, List<Point> openedFrom) implements PopupMenuListener {
        @Override
        public void popupMenuWillBecomeVisible(PopupMenuEvent e) {
            openedFrom.add(menu.getInvoker().getLocationOnScreen());
        }

        @Override
        public void popupMenuWillBecomeInvisible(PopupMenuEvent e) {
        }

        @Override
        public void popupMenuCanceled(PopupMenuEvent e) {
        }
    }

    /** Records the entries chosen; the other actions are not under test here. */
    private record Recording(List<String> chosen) implements TrayController.Actions {
        @Override
        public void open() {
        }

        @Override
        public void chooseEntry(String ref) {
            chosen.add(ref);
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
    }
}
