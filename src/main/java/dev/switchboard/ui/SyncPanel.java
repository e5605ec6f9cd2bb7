package dev.switchboard.ui;

import dev.switchboard.sync.SyncService;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

/**
 * The Settings tab's Sync section: the WebDAV folder's URL, user and password (the password never shown: the field
 * stays empty and says whether one is stored), Save and check, and Status, Push and Pull. Push and Pull ask for the
 * passphrase each time and, when both sides changed, show what differs and let the person keep theirs or take the
 * folder's. The work is {@link SyncPresenter}'s, run in the background.
 */
final class SyncPanel extends JPanel {
    private final UiContext ctx;
    private final SyncPresenter presenter;
    private final JTextField url = new JTextField(30);
    private final JTextField user = new JTextField(16);
    private final JPasswordField password = new JPasswordField(16);
    private final JButton save = new JButton();
    private final JButton status = new JButton();
    private final JButton push = new JButton();
    private final JButton pull = new JButton();
    private final WrappedText message = new WrappedText(" ");
    private final JTextArea differences = new JTextArea(4, 40);
    private final JScrollPane differencesScroll = new JScrollPane(differences);
    private final List<JLabel> labels = new ArrayList<>();
    private SyncPresenter.Dialogs dialogs = new SwingDialogs();
    /** What the fields were last filled from. */
    private SyncPresenter.Setup loaded;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    SyncPanel(UiContext ctx) {
        this(ctx, new SyncPresenter(new SyncService(ctx.store(), ctx.app().folder(), ctx.clock()), ctx.text()));
    }

    SyncPanel(UiContext ctx, SyncPresenter presenter) {
        this.ctx = ctx;
        this.presenter = presenter;
        var text = ctx.text();
        setOpaque(false);
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        var intro = new WrappedText(text.get("settings.sync.intro"));
        intro.setAlignmentX(LEFT_ALIGNMENT);
        add(intro);
        add(Box.createVerticalStrut(6));

        var grid = new JPanel(new GridBagLayout());
        grid.setOpaque(false);
        grid.setAlignmentX(LEFT_ALIGNMENT);
        row(grid, 0, text.get("settings.sync.url"), url, true);
        row(grid, 1, text.get("settings.sync.user"), user, false);
        row(grid, 2, text.get("settings.sync.password"), password, false);
        url.putClientProperty("JTextField.placeholderText", "https://dav.example.com/remote.php/dav/files/me/switchboard/");
        add(grid);

        var buttons = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 6));
        buttons.setOpaque(false);
        buttons.setAlignmentX(LEFT_ALIGNMENT);
        save.setText(text.get("settings.sync.save"));
        status.setText(text.get("settings.sync.status"));
        push.setText(text.get("settings.sync.push"));
        push.setToolTipText(text.get("settings.sync.push.tip"));
        pull.setText(text.get("settings.sync.pull"));
        pull.setToolTipText(text.get("settings.sync.pull.tip"));
        save.addActionListener(e -> save());
        status.addActionListener(e -> status());
        push.addActionListener(e -> push());
        pull.addActionListener(e -> pull());
        for (var b : List.of(save, status, push, pull)) {
            buttons.add(b);
            buttons.add(Box.createHorizontalStrut(8));
        }
        add(buttons);

        message.setAlignmentX(LEFT_ALIGNMENT);
        message.setForeground(Theme.muted());
        add(message);
        differences.setEditable(false);
        differences.setLineWrap(true);
        differences.setWrapStyleWord(true);
        differencesScroll.setAlignmentX(LEFT_ALIGNMENT);
        differencesScroll.setVisible(false);
        add(differencesScroll);
    }

    /** Fills the fields from the store (never the password). */
    CompletableFuture<Void> load() {
        pending = ctx.background().run(presenter::setup, s -> {
            // a field the person is editing keeps what they typed; the others follow the store
            var before = loaded;
            if (before == null || url.getText().equals(before.url())) {
                url.setText(s.url());
            }
            if (before == null || user.getText().equals(before.user())) {
                user.setText(s.user());
            }
            loaded = s;
            password.putClientProperty("JTextField.placeholderText", s.hasPassword()
                    ? ctx.text().get("settings.sync.passwordKept") : "");
            password.repaint();
        }, this::error);
        return pending;
    }

    CompletableFuture<Void> save() {
        var typed = new String(password.getPassword());
        return run(p -> p.save(url.getText(), user.getText(), typed)).thenCompose(v -> {
            password.setText(""); // stored, or refused: either way not kept in the field
            loaded = null;
            return load();
        });
    }

    CompletableFuture<Void> status() {
        return run(SyncPresenter::status);
    }

    CompletableFuture<Void> push() {
        var asking = dialogs;
        return run(p -> p.push(asking));
    }

    CompletableFuture<Void> pull() {
        var asking = dialogs;
        return run(p -> p.pull(asking));
    }

    private CompletableFuture<Void> run(Function<SyncPresenter, SyncPresenter.Report> work) {
        setBusy(true);
        message.setText(ctx.text().get("common.working"));
        message.setForeground(Theme.muted());
        pending = ctx.background().run(() -> work.apply(presenter), this::show, this::error);
        return pending;
    }

    private void show(SyncPresenter.Report report) {
        setBusy(false);
        message.setText(report.text());
        message.setForeground(switch (report.tone()) {
            case OK -> Theme.ok();
            case BAD -> Theme.bad();
            case MUTED -> Theme.muted();
        });
        differences.setText(String.join("\n", report.differences()));
        differencesScroll.setVisible(!report.differences().isEmpty());
        revalidate();
    }

    private void error(Exception e) {
        setBusy(false);
        message.setText(ErrorText.of(e, ctx.text()));
        message.setForeground(Theme.bad());
    }

    private void setBusy(boolean busy) {
        for (var b : List.of(save, status, push, pull)) {
            b.setEnabled(!busy);
        }
    }

    /** Lines the labels up with the other sections' (the tab measures theirs). */
    void alignLabels(int width) {
        for (var l : labels) {
            l.setPreferredSize(new Dimension(Math.max(width, l.getPreferredSize().width),
                    l.getPreferredSize().height));
        }
    }

    private void row(JPanel grid, int y, String label, JComponent field, boolean wide) {
        var c = new GridBagConstraints();
        c.gridy = y;
        c.gridx = 0;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(2, 0, 2, 12);
        var shown = new JLabel(label);
        labels.add(shown);
        grid.add(shown, c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = wide ? GridBagConstraints.HORIZONTAL : GridBagConstraints.NONE;
        grid.add(field, c);
    }

    // ---- for tests

    void setDialogs(SyncPresenter.Dialogs dialogs) {
        this.dialogs = dialogs;
    }

    JTextField url() {
        return url;
    }

    JTextField user() {
        return user;
    }

    JPasswordField password() {
        return password;
    }

    String message() {
        return message.getText();
    }

    String differences() {
        return differences.getText();
    }

    CompletableFuture<Void> pending() {
        return pending;
    }

    /**
     * The real dialogs, over the window. The presenter asks from a background thread; each dialog is shown on the
     * event thread and its answer handed back.
     */
    private final class SwingDialogs implements SyncPresenter.Dialogs {
        @Override
        public String askPassphrase(boolean forPush) {
            return onEdt(() -> {
                var text = ctx.text();
                var field = new JPasswordField(24);
                var panel = new JPanel(new BorderLayout(0, 6));
                panel.add(new JLabel(text.get(forPush ? "sync.passphrase.push" : "sync.passphrase.pull")),
                        BorderLayout.NORTH);
                panel.add(field, BorderLayout.CENTER);
                int answer = JOptionPane.showOptionDialog(ctx.shell().window(), panel,
                        text.get("sync.passphrase.title"), JOptionPane.OK_CANCEL_OPTION, JOptionPane.QUESTION_MESSAGE,
                        null, null, null);
                var typed = new String(field.getPassword());
                field.setText("");
                return answer == JOptionPane.OK_OPTION ? typed : null;
            });
        }

        @Override
        public SyncPresenter.Choice resolve(String explanation, List<String> lines) {
            return onEdt(() -> {
                var text = ctx.text();
                var panel = new JPanel(new BorderLayout(0, 8));
                panel.setBorder(BorderFactory.createEmptyBorder(0, 0, 4, 0));
                var top = new JPanel(new BorderLayout(0, 4));
                top.add(new JLabel("<html><body style='width: 420px'>" + MainWindow.escape(explanation)
                        + "</body></html>"), BorderLayout.NORTH);
                if (!lines.isEmpty()) {
                    top.add(new JLabel(text.get("sync.conflict.differences")), BorderLayout.SOUTH);
                }
                panel.add(top, BorderLayout.NORTH);
                if (!lines.isEmpty()) {
                    var list = new JScrollPane(new JList<>(lines.toArray(new String[0])));
                    list.setPreferredSize(new Dimension(460, Math.min(220, 24 + 20 * lines.size())));
                    panel.add(list, BorderLayout.CENTER);
                }
                var options = new Object[] {text.get("sync.conflict.keepMine"), text.get("sync.conflict.takeTheirs"),
                        text.get("common.cancel")};
                int answer = JOptionPane.showOptionDialog(ctx.shell().window(), panel,
                        text.get("sync.conflict.title"), JOptionPane.DEFAULT_OPTION, JOptionPane.WARNING_MESSAGE,
                        null, options, options[2]);
                return switch (answer) {
                    case 0 -> SyncPresenter.Choice.KEEP_MINE;
                    case 1 -> SyncPresenter.Choice.TAKE_THEIRS;
                    default -> SyncPresenter.Choice.CANCEL;
                };
            });
        }

        private <T> T onEdt(Supplier<T> dialog) {
            if (SwingUtilities.isEventDispatchThread()) {
                return dialog.get();
            }
            var answer = new AtomicReference<T>();
            try {
                SwingUtilities.invokeAndWait(() -> answer.set(dialog.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            }
            return answer.get();
        }
    }
}
