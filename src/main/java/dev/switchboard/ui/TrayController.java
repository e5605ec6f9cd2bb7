package dev.switchboard.ui;

import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;

/**
 * The tray icon and its menu, built from {@link TrayMenuModel} items. The AWT menu is used rather than a Swing
 * popup because it is the one every desktop's tray shows natively (a Swing popup needs a hidden window and
 * misplaces itself on several Linux trays). Where there is no tray, {@link #install} answers null and the window
 * stands in.
 */
final class TrayController {
    /** What the menu's items do. */
    interface Actions {
        void open();

        void chooseEntry(String ref);

        void runSpeedTest();

        void copyBaseUrl(String url);

        void togglePause();

        void checkUpdates();

        void quit();
    }

    private final TrayIcon icon;
    private final Messages text;
    private final Actions actions;
    private TrayMenuModel.Status status;

    private TrayController(TrayIcon icon, Messages text, Actions actions) {
        this.icon = icon;
        this.text = text;
        this.actions = actions;
    }

    /** Adds the icon to the tray; null where the desktop has none (some GNOME setups) or refuses it. */
    static TrayController install(Messages text, Actions actions) {
        if (!SystemTray.isSupported()) {
            return null;
        }
        var tray = SystemTray.getSystemTray();
        int size = Math.max(16, tray.getTrayIconSize().height);
        var icon = new TrayIcon(StateIcon.draw(TrayMenuModel.Status.STOPPED, size * 2), "Switchboard");
        icon.setImageAutoSize(true);
        var controller = new TrayController(icon, text, actions);
        icon.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getButton() == MouseEvent.BUTTON1) {
                    actions.open(); // a left click opens the window, as people expect of a tray app
                }
            }
        });
        try {
            tray.add(icon);
        } catch (AWTException e) {
            return null;
        }
        return controller;
    }

    /** Shows the model's items and state. Call on the event thread. */
    void update(List<TrayMenuModel.Item> items, TrayMenuModel.Status status, String tooltip) {
        icon.setPopupMenu(menu(items, text, actions));
        icon.setToolTip(tooltip);
        if (status != this.status) {
            int size = Math.max(16, SystemTray.getSystemTray().getTrayIconSize().height);
            icon.setImage(StateIcon.draw(status, size * 2));
            this.status = status;
        }
    }

    /** A balloon, for the end of a speed test started from the tray. */
    void notify(String title, String message, boolean problem) {
        icon.displayMessage(title, message, problem ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO);
    }

    void remove() {
        SystemTray.getSystemTray().remove(icon);
    }

    /** Builds the AWT menu; works without a tray, so tests can read what it holds. */
    static PopupMenu menu(List<TrayMenuModel.Item> items, Messages text, Actions actions) {
        var menu = new PopupMenu();
        for (var item : items) {
            // Java 17: no pattern switch yet, so an instanceof chain over the sealed items
            if (item instanceof TrayMenuModel.Item.Open) {
                menu.add(action(text.get("tray.open"), actions::open));
            } else if (item instanceof TrayMenuModel.Item.AutoEntry e) {
                var m = new CheckboxMenuItem(e.label(), e.checked());
                // A click on the checked one changes nothing; the AWT unticks it unless told again.
                m.addItemListener(ev -> {
                    m.setState(e.checked());
                    if (!e.checked()) {
                        actions.chooseEntry(e.ref());
                    }
                });
                menu.add(m);
            } else if (item instanceof TrayMenuModel.Item.More more) {
                menu.add(action(text.get("tray.more", more.hidden()), actions::open));
            } else if (item instanceof TrayMenuModel.Item.NoEntries) {
                var m = new MenuItem(text.get("tray.noEntries"));
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
        return menu;
    }

    private static MenuItem action(String label, Runnable run) {
        var m = new MenuItem(label);
        m.addActionListener(e -> run.run());
        return m;
    }
}
