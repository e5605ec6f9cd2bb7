package dev.switchboard.ui;

import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Window;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.List;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JDialog;
import javax.swing.JMenuItem;
import javax.swing.JPopupMenu;
import javax.swing.SwingUtilities;
import javax.swing.event.PopupMenuEvent;
import javax.swing.event.PopupMenuListener;

/**
 * The tray's menu as a Swing popup, so that it wears the window's theme (FlatLaf light or dark) and ticks the
 * model tried first with a real check mark; the AWT menu a {@code TrayIcon} offers is drawn by the system in its
 * own style, and on Linux showed empty check boxes.
 *
 * <p>A {@link JPopupMenu} needs a component to open from, and the tray icon is none: it opens from a tiny
 * undecorated dialog put where the click was. The dialog holds the keyboard focus while the menu is open, so a
 * click anywhere else (another application, the desktop) takes the focus away and closes the menu; closing the
 * menu hides the dialog. The menu is built afresh each time it opens, from the latest {@link TrayMenuModel}
 * items, in the current theme and language.
 */
final class TrayPopup {
    private final TrayController.Actions actions;
    private List<TrayMenuModel.Item> items = List.of();
    private Messages text;
    private JDialog invoker;
    private JPopupMenu menu;

    TrayPopup(TrayController.Actions actions, Messages text) {
        this.actions = actions;
        this.text = text;
    }

    /** What the menu shows from now on; an open menu is refilled in place. Call on the event thread. */
    void update(List<TrayMenuModel.Item> next, Messages nextText) {
        boolean changed = !next.equals(items) || nextText != text;
        items = List.copyOf(next);
        text = nextText;
        if (changed && menu != null && menu.isVisible()) {
            menu.removeAll();
            fill(menu, items, text, actions);
            menu.pack();
        }
    }

    /**
     * Opens the menu at a point on the screen (where the tray icon was clicked), once the events already queued
     * have been handled. Call on the event thread.
     */
    JPopupMenu show(Point click) {
        close();
        var popup = new JPopupMenu();
        fill(popup, items, text, actions);
        var size = popup.getPreferredSize();
        var at = origin(click, size, screenAt(click));

        var dialog = new JDialog((java.awt.Frame) null);
        dialog.setUndecorated(true);
        dialog.setType(Window.Type.POPUP); // no task bar button, no window manager frame
        dialog.setAlwaysOnTop(true);
        dialog.setBounds(at.x, at.y, 1, 1);
        dialog.addWindowFocusListener(new WindowAdapter() {
            @Override
            public void windowLostFocus(WindowEvent e) {
                // lost to the menu's own window is not leaving it; lost to anything else is
                if (!isMenuWindow(e.getOppositeWindow())) {
                    popup.setVisible(false);
                }
            }
        });
        popup.addPopupMenuListener(new PopupMenuListener() {
            @Override
            public void popupMenuWillBecomeVisible(PopupMenuEvent e) {
            }

            @Override
            public void popupMenuWillBecomeInvisible(PopupMenuEvent e) {
                dialog.dispose();
            }

            @Override
            public void popupMenuCanceled(PopupMenuEvent e) {
            }
        });
        invoker = dialog;
        menu = popup;
        dialog.setVisible(true);
        dialog.toFront();
        dialog.requestFocus();
        // FlatLaf closes a popup on Linux when its invoker's window moves or resizes; the dialog's own events
        // from being shown are still queued, so the menu opens after them.
        SwingUtilities.invokeLater(() -> {
            if (menu == popup && dialog.isShowing()) {
                popup.show(dialog, 0, 0);
            }
        });
        return popup;
    }

    /** Closes the menu if it is open. */
    void close() {
        if (menu != null) {
            menu.setVisible(false);
            menu = null;
        }
        if (invoker != null) {
            invoker.dispose();
            invoker = null;
        }
    }

    /** The open menu, or null (for tests and the screenshot tour). */
    JPopupMenu menu() {
        return menu != null && menu.isVisible() ? menu : null;
    }

    /** The window the menu opens from, or null when closed (for tests). */
    Window invoker() {
        return invoker != null && invoker.isDisplayable() ? invoker : null;
    }

    private boolean isMenuWindow(Window w) {
        return w != null && menu != null && SwingUtilities.getWindowAncestor(menu) == w;
    }

    /**
     * Where the menu's top left corner goes for a click at {@code click}: below and to the right of it, unless
     * that runs off the screen, then above or to the left (a task bar at the bottom or the right puts the tray
     * there), and never off the screen.
     */
    static Point origin(Point click, Dimension menu, Rectangle screen) {
        int x = click.x + menu.width <= screen.x + screen.width ? click.x : click.x - menu.width;
        int y = click.y + menu.height <= screen.y + screen.height ? click.y : click.y - menu.height;
        x = Math.max(screen.x, Math.min(x, screen.x + screen.width - menu.width));
        y = Math.max(screen.y, Math.min(y, screen.y + screen.height - menu.height));
        return new Point(x, y);
    }

    private static Rectangle screenAt(Point p) {
        var env = GraphicsEnvironment.getLocalGraphicsEnvironment();
        for (var device : env.getScreenDevices()) {
            var bounds = device.getDefaultConfiguration().getBounds();
            if (bounds.contains(p)) {
                return bounds;
            }
        }
        return env.getDefaultScreenDevice().getDefaultConfiguration().getBounds();
    }

    /** Builds the menu's items; works without a display, so that tests can read what it holds. */
    static JPopupMenu menu(List<TrayMenuModel.Item> items, Messages text, TrayController.Actions actions) {
        var popup = new JPopupMenu();
        fill(popup, items, text, actions);
        return popup;
    }

    private static void fill(JPopupMenu menu, List<TrayMenuModel.Item> items, Messages text,
                             TrayController.Actions actions) {
        for (var item : items) {
            // Java 17: no pattern switch yet, so an instanceof chain over the sealed items
            if (item instanceof TrayMenuModel.Item.Open) {
                var open = action(text.get("tray.open"), actions::open);
                open.setFont(open.getFont().deriveFont(java.awt.Font.BOLD)); // what a left click does too
                menu.add(open);
            } else if (item instanceof TrayMenuModel.Item.AutoEntry e) {
                var m = new JCheckBoxMenuItem(e.label(), e.checked());
                if (!e.usable()) {
                    m.setForeground(Theme.muted()); // off, disabled or cooling: choosable, but said so
                }
                m.addActionListener(ev -> {
                    m.setSelected(e.checked()); // a click toggles; the tick stays with the one tried first
                    if (!e.checked()) {
                        actions.chooseEntry(e.ref());
                    }
                });
                menu.add(m);
            } else if (item instanceof TrayMenuModel.Item.More more) {
                menu.add(action(text.get("tray.more", more.hidden()), actions::open));
            } else if (item instanceof TrayMenuModel.Item.NoEntries) {
                var m = new JMenuItem(text.get("tray.noEntries"));
                m.setEnabled(false);
                menu.add(m);
            } else if (item instanceof TrayMenuModel.Item.SpeedCheck t) {
                var m = action(text.get(t.running() ? "tray.speedTest.running" : "tray.speedTest"),
                        actions::runSpeedTest);
                m.setEnabled(!t.running());
                menu.add(m);
            } else if (item instanceof TrayMenuModel.Item.CopyBaseUrl c) {
                var m = action(text.get("tray.copyUrl"), () -> actions.copyBaseUrl(c.url()));
                m.setEnabled(c.url() != null);
                menu.add(m);
            } else if (item instanceof TrayMenuModel.Item.PauseResume p) {
                menu.add(action(text.get(p.paused() ? "tray.resume" : "tray.pause"), actions::togglePause));
            } else if (item instanceof TrayMenuModel.Item.CheckUpdates) {
                menu.add(action(text.get("tray.checkUpdates"), actions::checkUpdates));
            } else if (item instanceof TrayMenuModel.Item.Quit) {
                menu.add(action(text.get("tray.quit"), actions::quit));
            } else if (item instanceof TrayMenuModel.Item.Separator) {
                menu.addSeparator();
            }
        }
    }

    private static JMenuItem action(String label, Runnable run) {
        var m = new JMenuItem(label);
        m.addActionListener(e -> run.run());
        return m;
    }
}
