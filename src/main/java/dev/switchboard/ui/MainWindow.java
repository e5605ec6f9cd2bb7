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
 * when it cannot. Closing hides it to the tray; without a tray, closing asks whether to quit (the window is then
 * the only way back in).
 */
final class MainWindow {
    private final UiContext ctx;
    private final JFrame frame;
    private final JTabbedPane tabbed = new JTabbedPane();
    private final List<Tab> tabs;
    private final JLabel state = new JLabel();
    private final JButton copy = new JButton();
    private final JButton pause = new JButton();
    private final JPanel notices = new JPanel();
    private Tab current;
    private String baseUrl;

    /**
     * @param trayPresent whether closing may hide the window (there is a tray icon to come back through)
     * @param quit        what Quit does
     * @param togglePause what the status line's Pause / Resume does
     */
    MainWindow(UiContext ctx, boolean trayPresent, Runnable quit, Runnable togglePause) {
        this.ctx = ctx;
        var text = ctx.text();
        this.frame = new JFrame("Switchboard " + ctx.app().version());
        frame.setIconImages(List.of(StateIcon.draw(TrayMenuModel.Status.RUNNING, 16),
                StateIcon.draw(TrayMenuModel.Status.RUNNING, 32), StateIcon.draw(TrayMenuModel.Status.RUNNING, 64)));
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        this.tabs = List.of(new ChannelsTab(ctx), new ModelsTab(ctx), new UsageTab(ctx), new SettingsTab(ctx),
                new ConnectTab(ctx));
        for (var t : tabs) {
            tabbed.addTab(t.title(), t.component());
        }
        tabbed.addChangeListener(e -> switchTo(tabs.get(tabbed.getSelectedIndex())));

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
        frame.setMinimumSize(new Dimension(900, 600));
        frame.setSize(new Dimension(1180, 760));
        frame.setLocationRelativeTo(null);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (trayPresent) {
                    hide();
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

    List<Tab> tabs() {
        return tabs;
    }

    /** Shows the window in front, with its current tab loaded. */
    void present() {
        boolean wasVisible = frame.isVisible();
        frame.setVisible(true);
        frame.setExtendedState(frame.getExtendedState() & ~Frame.ICONIFIED);
        frame.toFront();
        frame.requestFocus();
        if (!wasVisible || current == null) {
            switchTo(tabs.get(tabbed.getSelectedIndex()));
        }
    }

    void hide() {
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
        frame.dispose();
    }

    private void switchTo(Tab next) {
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
        return tabs.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow().component();
    }
}
