package dev.switchboard.ui;

import dev.switchboard.service.GatewayState;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Frame;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.WindowConstants;

/**
 * The Switchboard window: five tabs over a status line that says whether the gateway runs, where, and what to do
 * when it cannot. Closing hides it to the tray (and says so the first time); without a tray, closing asks whether
 * to quit (the window is then the only way back in). It comes back where it was, as big as it was, on the tab it
 * showed last ({@link WindowState}).
 */
final class MainWindow {
    private static final System.Logger LOG = System.getLogger(MainWindow.class.getName());
    /** The size of a first run: every tab fits it in English and Chinese (SettingsFitTest checks Settings). */
    static final Dimension DEFAULT_SIZE = new Dimension(1180, 760);
    static final Dimension MINIMUM_SIZE = new Dimension(900, 600);

    private final UiContext ctx;
    private final JFrame frame;
    private final JTabbedPane tabbed = new JTabbedPane();
    private final List<LazyTab> tabs;
    private final JLabel state = new JLabel();
    private final JButton copy = new JButton();
    private final JButton pause = new JButton();
    private final JPanel notices = new JPanel();
    private LazyTab current;
    private String baseUrl;
    private WindowState remembered;
    private Runnable closedToTray = () -> { };

    /**
     * @param trayPresent whether closing may hide the window (there is a tray icon to come back through)
     * @param quit        what Quit does
     * @param togglePause what the status line's Pause / Resume does
     */
    MainWindow(UiContext ctx, boolean trayPresent, Runnable quit, Runnable togglePause) {
        this.ctx = ctx;
        var text = ctx.text();
        this.frame = new JFrame(AppIdentity.title(ctx.app().version()));
        frame.setIconImages(List.of(StateIcon.draw(TrayMenuModel.Status.RUNNING, 16),
                StateIcon.draw(TrayMenuModel.Status.RUNNING, 32), StateIcon.draw(TrayMenuModel.Status.RUNNING, 64)));
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        // Each tab is built when first shown (LazyTab): only the one the window opens on is built before it shows.
        this.tabs = List.of(new LazyTab("channels", text.get("tab.channels"), () -> new ChannelsTab(ctx)),
                new LazyTab("models", text.get("tab.models"), () -> new ModelsTab(ctx)),
                new LazyTab("usage", text.get("tab.usage"), () -> new UsageTab(ctx)),
                new LazyTab("settings", text.get("tab.settings"), () -> new SettingsTab(ctx)),
                new LazyTab("connect", text.get("tab.connect"), () -> new ConnectTab(ctx)));
        for (var t : tabs) {
            tabbed.addTab(t.title(), t.component());
        }
        this.remembered = WindowState.load(ctx.app().folder());
        selectIndex(remembered.tab());
        tabbed.addChangeListener(e -> {
            switchTo(tabs.get(tabbed.getSelectedIndex()));
            remember(remembered.withTab(tabs.get(tabbed.getSelectedIndex()).id()));
        });

        notices.setLayout(new javax.swing.BoxLayout(notices, javax.swing.BoxLayout.Y_AXIS));
        var status = new JPanel(new BorderLayout());
        status.setBorder(BorderFactory.createEmptyBorder(4, 10, 6, 10));
        status.add(state, BorderLayout.CENTER);
        var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        copy.setText(text.get("status.copyUrl"));
        copy.addActionListener(e -> {
            if (baseUrl != null) {
                ctx.shell().copy(baseUrl);
            }
        });
        pause.addActionListener(e -> togglePause.run());
        buttons.add(copy);
        buttons.add(pause);
        status.add(buttons, BorderLayout.EAST);

        var root = new JPanel(new BorderLayout());
        root.add(notices, BorderLayout.NORTH);
        root.add(tabbed, BorderLayout.CENTER);
        root.add(status, BorderLayout.SOUTH);
        frame.setContentPane(root);
        frame.setMinimumSize(MINIMUM_SIZE);
        placeOnScreen();
        followBounds();
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (trayPresent) {
                    hide();
                    if (!remembered.closeNoticeShown()) {
                        // once: after that the person knows where it went, and a balloon each time would nag
                        remember(remembered.withCloseNoticeShown());
                        closedToTray.run();
                    }
                    return;
                }
                int choice = JOptionPane.showOptionDialog(frame, text.get("window.noTray.message"),
                        text.get("window.noTray.title"), JOptionPane.DEFAULT_OPTION, JOptionPane.QUESTION_MESSAGE,
                        null, new Object[] {text.get("window.noTray.quit"), text.get("window.noTray.minimise"),
                                text.get("common.cancel")}, text.get("window.noTray.minimise"));
                if (choice == 0) {
                    quit.run();
                } else if (choice == 1) {
                    frame.setExtendedState(Frame.ICONIFIED);
                }
            }

            @Override
            public void windowIconified(WindowEvent e) {
                if (current != null) {
                    current.hidden();
                }
            }

            @Override
            public void windowDeiconified(WindowEvent e) {
                if (current != null) {
                    current.shown();
                }
            }
        });
        stateChanged(ctx.app().state());
    }

    JFrame frame() {
        return frame;
    }

    /** What tells the person, the first time they close the window, that Switchboard is still in the tray. */
    void onFirstCloseToTray(Runnable notice) {
        this.closedToTray = notice;
    }

    /** What the window will remember (for tests). */
    WindowState remembered() {
        return remembered;
    }

    /** The saved bounds on a screen of this machine, or the default size centred on a first run. */
    private void placeOnScreen() {
        var screens = new java.util.ArrayList<java.awt.Rectangle>();
        var env = java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment();
        var primary = env.getDefaultScreenDevice();
        var devices = new java.util.ArrayList<>(List.of(env.getScreenDevices()));
        devices.remove(primary);
        devices.add(0, primary);
        for (var device : devices) {
            var config = device.getDefaultConfiguration();
            var b = config.getBounds();
            var insets = java.awt.Toolkit.getDefaultToolkit().getScreenInsets(config); // task bars, docks
            screens.add(new java.awt.Rectangle(b.x + insets.left, b.y + insets.top,
                    b.width - insets.left - insets.right, b.height - insets.top - insets.bottom));
        }
        var placed = WindowState.place(remembered.bounds(), screens);
        if (placed == null) {
            frame.setSize(DEFAULT_SIZE);
            frame.setLocationRelativeTo(null);
        } else {
            frame.setBounds(placed);
            if (remembered.maximised()) {
                frame.setExtendedState(Frame.MAXIMIZED_BOTH);
            }
        }
    }

    /**
     * Keeps the normal (not maximised) bounds as the person moves and sizes the window, so that a maximised
     * window comes back maximised and un-maximises to where it was. Written to the file when the window hides.
     */
    private void followBounds() {
        frame.addComponentListener(new java.awt.event.ComponentAdapter() {
            @Override
            public void componentMoved(java.awt.event.ComponentEvent e) {
                track();
            }

            @Override
            public void componentResized(java.awt.event.ComponentEvent e) {
                track();
            }
        });
        frame.addWindowStateListener(e -> track());
    }

    private void track() {
        if (!frame.isShowing()) {
            return;
        }
        boolean maximised = (frame.getExtendedState() & Frame.MAXIMIZED_BOTH) == Frame.MAXIMIZED_BOTH;
        var bounds = maximised && remembered.bounds() != null ? remembered.bounds() : frame.getBounds();
        remembered = remembered.withBounds(bounds, maximised);
    }

    /** Writes what the window remembers; a folder that cannot be written costs the memory, not the window. */
    private void remember(WindowState next) {
        remembered = next;
        try {
            next.save(ctx.app().folder());
        } catch (java.io.UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot save the window's state: " + e.getMessage());
        }
    }

    private void selectIndex(String id) {
        for (int i = 0; i < tabs.size(); i++) {
            if (tabs.get(i).id().equals(id)) {
                tabbed.setSelectedIndex(i);
                return;
            }
        }
    }

    /** The tabs, each built now if it was not yet (for tests and screenshots; the window builds them as shown). */
    List<Tab> tabs() {
        return tabs.stream().map(LazyTab::tab).toList();
    }

    /** Which tabs have been built so far, by id (for tests). */
    List<String> builtTabs() {
        return tabs.stream().filter(LazyTab::built).map(LazyTab::id).toList();
    }

    /** Shows the window in front, with its current tab loaded. */
    void present() {
        boolean wasVisible = frame.isVisible();
        tabs.get(tabbed.getSelectedIndex()).tab(); // built before the first paint, so that the window opens whole
        frame.setVisible(true);
        frame.setExtendedState(frame.getExtendedState() & ~Frame.ICONIFIED);
        frame.toFront();
        frame.requestFocus();
        if (!wasVisible || current == null) {
            switchTo(tabs.get(tabbed.getSelectedIndex()));
        }
    }

    void hide() {
        track();
        remember(remembered);
        frame.setVisible(false);
        if (current != null) {
            current.hidden();
        }
    }

    void select(String id) {
        for (int i = 0; i < tabs.size(); i++) {
            if (tabs.get(i).id().equals(id)) {
                tabbed.setSelectedIndex(i); // the change listener switches
                if (current != tabs.get(i) && frame.isVisible()) {
                    switchTo(tabs.get(i));
                }
                return;
            }
        }
    }

    /** The configuration or health changed: the tab on screen reloads; hidden ones wait until shown. */
    void dataChanged() {
        if (frame.isVisible() && current != null) {
            current.refresh();
        }
    }

    void stateChanged(GatewayState s) {
        var text = ctx.text();
        if (s instanceof GatewayState.Running r) {
            baseUrl = r.baseUrl();
            state.setText("●  " + text.get("status.running", r.baseUrl()));
            state.setForeground(Theme.ok());
            pause.setText(text.get("status.pause"));
        } else if (s instanceof GatewayState.Failed f) {
            baseUrl = null;
            // The gateway's message names the CLI command; the window points at its own field as well.
            var hint = f.message().contains("in use") ? "  " + text.get("status.portHint") : "";
            state.setText("<html>●  " + escape(text.get("status.failed", f.message()) + hint) + "</html>");
            state.setForeground(Theme.bad());
            pause.setText(text.get("status.start"));
        } else {
            baseUrl = null;
            state.setText("●  " + text.get("status.paused"));
            state.setForeground(Theme.muted());
            pause.setText(text.get("status.resume"));
        }
        copy.setEnabled(baseUrl != null);
    }

    /** A message above the tabs until dismissed (a database that was repaired on opening, …). */
    void notice(String message) {
        banner(message, new java.util.LinkedHashMap<>());
    }

    /**
     * A message above the tabs with buttons of its own and Dismiss; returns what removes it. Each button's action
     * decides itself whether the banner stays.
     */
    Runnable banner(String message, java.util.Map<String, Runnable> buttons) {
        var row = new JPanel(new BorderLayout());
        row.setBorder(BorderFactory.createEmptyBorder(6, 10, 6, 10));
        var label = new JLabel("<html>" + escape(message).replace("\n", "<br>") + "</html>");
        label.setForeground(Theme.warn());
        row.add(label, BorderLayout.CENTER);
        var actions = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        Runnable remove = () -> {
            notices.remove(row);
            notices.revalidate();
            notices.repaint();
        };
        buttons.forEach((text, action) -> {
            var b = new JButton(text);
            b.addActionListener(e -> action.run());
            actions.add(b);
        });
        var close = new JButton(ctx.text().get("common.dismiss"));
        close.addActionListener(e -> remove.run());
        actions.add(close);
        row.add(actions, BorderLayout.EAST);
        notices.add(row);
        notices.revalidate();
        return remove;
    }

    void dispose() {
        if (current != null) {
            current.hidden();
        }
        if (frame.isDisplayable()) {
            track();
            remember(remembered);
        }
        frame.dispose();
    }

    private void switchTo(LazyTab next) {
        if (current != null && current != next) {
            current.hidden();
        }
        current = next;
        if (frame.isVisible()) {
            next.shown();
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** For tests and screenshots: the component of a tab by id. */
    JComponent tab(String id) {
        return tabs.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow().tab().component();
    }
}
