package dev.switchboard.ui;

import java.awt.AWTException;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;

/**
 * The tray icon. Its menu is a themed Swing popup ({@link TrayPopup}) opened from the icon's mouse events rather
 * than the system's AWT menu, which ignores the window's theme and (on Linux) showed empty check boxes. A left
 * click opens the window; the platform's popup trigger (a right click) opens the menu. Where there is no tray,
 * {@link #install} answers null and the window stands in.
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
    private final TrayPopup popup;
    private TrayMenuModel.Status status;

    private TrayController(TrayIcon icon, TrayPopup popup) {
        this.icon = icon;
        this.popup = popup;
    }

    /** Adds the icon to the tray; null where the desktop has none (some GNOME setups) or refuses it. */
    static TrayController install(Messages text, Actions actions) {
        if (!SystemTray.isSupported()) {
            return null;
        }
        var tray = SystemTray.getSystemTray();
        int size = Math.max(16, tray.getTrayIconSize().height);
        var icon = new TrayIcon(StateIcon.draw(TrayMenuModel.Status.STOPPED, size * 2), AppIdentity.NAME);
        icon.setImageAutoSize(true);
        var controller = new TrayController(icon, new TrayPopup(actions, text));
        icon.addMouseListener(new MouseAdapter() {
            // The popup trigger comes with the press on Linux and macOS and with the release on Windows.
            @Override
            public void mousePressed(MouseEvent e) {
                controller.maybeMenu(e);
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                controller.maybeMenu(e);
            }

            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getButton() == MouseEvent.BUTTON1 && !e.isPopupTrigger()) {
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

    private void maybeMenu(MouseEvent e) {
        if (e.isPopupTrigger()) {
            popup.show(e.getLocationOnScreen()); // a tray icon's event carries screen coordinates
        }
    }

    /** Shows the model's items and state, in the words of {@code text}. Call on the event thread. */
    void update(List<TrayMenuModel.Item> items, Messages text, TrayMenuModel.Status status, String tooltip) {
        popup.update(items, text);
        icon.setToolTip(tooltip);
        if (status != this.status) {
            int size = Math.max(16, SystemTray.getSystemTray().getTrayIconSize().height);
            icon.setImage(StateIcon.draw(status, size * 2));
            this.status = status;
        }
    }

    /** A balloon: the end of a speed test started from the tray, the first close to the tray. */
    void notify(String title, String message, boolean problem) {
        icon.displayMessage(title, message, problem ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO);
    }

    void remove() {
        popup.close();
        SystemTray.getSystemTray().remove(icon);
    }
}
