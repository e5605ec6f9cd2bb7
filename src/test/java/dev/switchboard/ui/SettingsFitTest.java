package dev.switchboard.ui;

import static dev.switchboard.ui.UiFixture.onEdt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.swing.JButton;
import javax.swing.JScrollPane;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Settings tab at the window's default size, in both languages: the page scrolls vertically only, every
 * button (Generate, Revoke, each reset, Open folder, Reset all, Save) lies within the visible width, and no help
 * text is cut off, and the page opens at its top.
 */
class SettingsFitTest {
    @TempDir
    Path dir;
    private UiFixture fx;
    private MainWindow window;

    @AfterEach
    void close() throws Exception {
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

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void everyButtonIsWithinTheVisibleWidthAtTheDefaultSize(String language) throws Exception {
        UiFixture.assumeDisplay();
        fx = new UiFixture(dir, language, Shell.none());
        fx.store.accessKeys().create("laptop"); // a row to select, so that Revoke is there as it would be
        window = onEdt(() -> new MainWindow(fx.ctx, true, () -> { }, () -> { }));
        var tab = (SettingsTab) onEdt(() -> window.tabs().stream().filter(t -> t.id().equals("settings"))
                .findFirst().orElseThrow());
        onEdt(() -> {
            window.select("settings");
            window.present();
            return null;
        });
        tab.pending().get(10, TimeUnit.SECONDS);
        tab.keys().pending().get(10, TimeUnit.SECONDS);
        assertEquals(MainWindow.DEFAULT_SIZE, onEdt(() -> window.frame().getSize()),
                "the default size (the virtual screen is larger than it)");
        // Wrapped texts learn their width in one layout and ask for their height in the next (a revalidate
        // queued on the event thread); a vertical scroll bar appearing narrows the page once more. A few rounds
        // on the event thread settle it, as they do on screen.
        for (int i = 0; i < 4; i++) {
            onEdt(() -> {
                window.frame().validate();
                return null;
            });
        }
        var problems = onEdt(() -> {
            var out = new ArrayList<String>();
            var root = tab.component();
            var scroll = find(root, JScrollPane.class).get(0);
            var viewport = scroll.getViewport();
            var view = viewport.getView();
            if (view.getWidth() > viewport.getWidth()) {
                out.add("the page is wider than the window: " + view.getWidth() + " > " + viewport.getWidth());
            }
            if (viewport.getViewPosition().y != 0) {
                out.add("the page opened scrolled to " + viewport.getViewPosition());
            }
            var buttons = find(root, JButton.class);
            assertTrue(buttons.size() > 20, "every setting has a reset button: " + buttons.size());
            for (var b : buttons) {
                if (!b.isShowing() || SwingUtilities.getAncestorOfClass(javax.swing.JScrollBar.class, b) != null) {
                    continue;
                }
                boolean inPage = SwingUtilities.isDescendingFrom(b, view);
                var area = inPage ? new Rectangle(0, 0, viewport.getWidth(), view.getHeight())
                        : new Rectangle(0, 0, root.getWidth(), root.getHeight());
                var r = SwingUtilities.convertRectangle(b.getParent(), b.getBounds(), inPage ? view : root);
                if (!area.contains(r)) {
                    out.add("'" + b.getText() + "' at " + r + " outside " + area);
                }
            }
            for (var t : find(root, WrappedText.class)) {
                var r = SwingUtilities.convertRectangle(t.getParent(), t.getBounds(), view);
                if (r.x + r.width > viewport.getWidth() || t.getHeight() < t.getPreferredSize().height) {
                    out.add("help text cut off: '" + t.getText() + "' " + r + " needs height "
                            + t.getPreferredSize().height);
                }
            }
            return out;
        });
        assertEquals(List.of(), problems);
        assertNotNull(tab.keys());
    }

    static <T extends Component> List<T> find(Container c, Class<T> type) {
        var out = new ArrayList<T>();
        for (var child : c.getComponents()) {
            if (type.isInstance(child)) {
                out.add(type.cast(child));
            }
            if (child instanceof Container inner) {
                out.addAll(find(inner, type));
            }
        }
        return out;
    }
}
