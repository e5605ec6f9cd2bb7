package dev.switchboard.ui;

import dev.switchboard.store.AccessKeyStore.AccessKey;
import java.awt.BorderLayout;
import java.awt.Dialog;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Window;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;

/**
 * Client access keys: the list (name, masked key, created), Generate (the secret shown once, in a dialog with a
 * Copy button, as {@code keys create} prints it once) and Revoke (after a confirmation). The keys go straight to
 * the store; the secret is never kept by this panel.
 */
final class AccessKeysPanel extends JPanel {
    /** The dialogs the panel opens; tests answer them without a person. */
    interface Dialogs {
        /** Asks for a new key's name; null when cancelled. */
        String askName();

        boolean confirm(String message);

        /** Shows a new key's secret this once. */
        void reveal(AccessKey key);
    }

    private final UiContext ctx;
    private final SettingsForm form;
    private final RowsTableModel<SettingsForm.KeyRow> model;
    private final JTable table;
    private final JButton generate = new JButton();
    private final JButton revoke = new JButton();
    private final JLabel message = new JLabel(" ");
    private Dialogs dialogs;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    AccessKeysPanel(UiContext ctx, SettingsForm form) {
        super(new BorderLayout(0, 6));
        this.ctx = ctx;
        this.form = form;
        this.dialogs = new SwingDialogs();
        var text = ctx.text();
        this.model = new RowsTableModel<>(List.of(text.get("settings.keys.name"), text.get("settings.keys.key"),
                text.get("settings.keys.createdAt")), (r, column) -> column == 0 ? r.name()
                : column == 1 ? r.masked() : r.created());
        this.table = new JTable(model);
        setOpaque(false);
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setFillsViewportHeight(true);
        table.setRowHeight(24);
        table.getColumnModel().getColumn(0).setPreferredWidth(200);
        table.getColumnModel().getColumn(1).setPreferredWidth(200);
        table.getColumnModel().getColumn(2).setPreferredWidth(160);
        table.getSelectionModel().addListSelectionListener(e -> revoke.setEnabled(table.getSelectedRow() >= 0));
        var scroll = new JScrollPane(table);
        scroll.setPreferredSize(new Dimension(560, 130));
        add(scroll, BorderLayout.CENTER);

        generate.setText(text.get("settings.keys.generate"));
        generate.addActionListener(e -> {
            var name = dialogs.askName();
            if (name != null && !name.isBlank()) {
                generate(name);
            }
        });
        revoke.setText(text.get("settings.keys.revoke"));
        revoke.setEnabled(false);
        revoke.addActionListener(e -> {
            int row = table.getSelectedRow();
            if (row >= 0) {
                revoke(model.row(row).name());
            }
        });
        var buttons = new JPanel();
        buttons.setOpaque(false);
        buttons.setLayout(new BoxLayout(buttons, BoxLayout.Y_AXIS));
        generate.setAlignmentX(LEFT_ALIGNMENT);
        revoke.setAlignmentX(LEFT_ALIGNMENT);
        generate.setMaximumSize(new Dimension(Integer.MAX_VALUE, generate.getPreferredSize().height));
        revoke.setMaximumSize(new Dimension(Integer.MAX_VALUE, revoke.getPreferredSize().height));
        buttons.add(generate);
        buttons.add(Box.createVerticalStrut(6));
        buttons.add(revoke);
        add(buttons, BorderLayout.EAST);
        message.setForeground(Theme.muted());
        add(message, BorderLayout.SOUTH);
    }

    void setDialogs(Dialogs dialogs) {
        this.dialogs = dialogs;
    }

    /** Reloads the list in the background. */
    CompletableFuture<Void> load() {
        pending = ctx.background().run(() -> form.keyRows(ZoneId.systemDefault()), this::show,
                e -> error(e));
        return pending;
    }

    /**
     * Creates a key named {@code name}, shows its secret once, and reloads the list. The future completes once
     * the list shows the new key.
     */
    CompletableFuture<Void> generate(String name) {
        var done = new CompletableFuture<Void>();
        message.setText(ctx.text().get("common.working"));
        message.setForeground(Theme.muted());
        ctx.background().run(() -> form.createKey(name), key -> {
            message.setText(ctx.text().get("settings.keys.created", key.name()));
            message.setForeground(Theme.ok());
            load().whenComplete((v, e) -> done.complete(null));
            dialogs.reveal(key);
        }, e -> {
            error(e);
            done.complete(null);
        });
        pending = done;
        return done;
    }

    /**
     * Revokes after a confirmation (which warns when it is the last key of a gateway listening beyond loopback).
     * The future completes once the list no longer shows it, or at once when the person says no.
     */
    CompletableFuture<Void> revoke(String name) {
        var text = ctx.text();
        var done = new CompletableFuture<Void>();
        ctx.background().run(form::revokingLastKeyBeyondLoopback, last -> {
            var question = text.get("settings.keys.revokeConfirm", name)
                    + (last ? "\n\n" + text.get("settings.keys.revokeLast") : "");
            if (!dialogs.confirm(question)) {
                done.complete(null);
                return;
            }
            ctx.background().run(() -> {
                form.revokeKey(name);
                return name;
            }, n -> {
                message.setText(text.get("settings.keys.revoked", n));
                message.setForeground(Theme.muted());
                load().whenComplete((v, e) -> done.complete(null));
            }, e -> {
                error(e);
                done.complete(null);
            });
        }, e -> {
            error(e);
            done.complete(null);
        });
        pending = done;
        return done;
    }

    /** The last background work started (tests wait on it). */
    CompletableFuture<Void> pending() {
        return pending;
    }

    JTable table() {
        return table;
    }

    JButton generateButton() {
        return generate;
    }

    JButton revokeButton() {
        return revoke;
    }

    JLabel message() {
        return message;
    }

    private void show(List<SettingsForm.KeyRow> rows) {
        model.setRows(rows);
        revoke.setEnabled(false);
        if (rows.isEmpty()) {
            if (message.getText().isBlank() || message.getText().equals(ctx.text().get("common.working"))) {
                message.setText(ctx.text().get("settings.keys.none"));
                message.setForeground(Theme.muted());
            }
        }
    }

    private void error(Exception e) {
        message.setText(ErrorText.of(e, ctx.text()));
        message.setForeground(Theme.bad());
    }

    /** The real dialogs, over the window. */
    private final class SwingDialogs implements Dialogs {
        @Override
        public String askName() {
            return JOptionPane.showInputDialog(ctx.shell().window(), ctx.text().get("settings.keys.askName"),
                    ctx.text().get("settings.keys.generate"), JOptionPane.QUESTION_MESSAGE);
        }

        @Override
        public boolean confirm(String question) {
            var text = ctx.text();
            int choice = JOptionPane.showOptionDialog(ctx.shell().window(), question,
                    text.get("settings.keys.revoke"), JOptionPane.DEFAULT_OPTION, JOptionPane.WARNING_MESSAGE,
                    null, new Object[] {text.get("settings.keys.revoke"), text.get("common.cancel")},
                    text.get("common.cancel"));
            return choice == 0;
        }

        @Override
        public void reveal(AccessKey key) {
            var text = ctx.text();
            var owner = ctx.shell().window();
            var window = owner instanceof Window ? (Window) owner
                    : owner == null ? null : SwingUtilities.getWindowAncestor(owner);
            var dialog = new JDialog(window, text.get("settings.keys.newTitle", key.name()),
                    Dialog.ModalityType.APPLICATION_MODAL);
            var panel = new JPanel(new BorderLayout(0, 10));
            panel.setBorder(BorderFactory.createEmptyBorder(16, 16, 12, 16));
            panel.add(new JLabel("<html>" + MainWindow.escape(text.get("settings.keys.newMessage", key.name()))
                    + "</html>"), BorderLayout.NORTH);
            var secret = new JTextField(key.secret().reveal(), 48);
            secret.setEditable(false);
            secret.setFont(new Font(Font.MONOSPACED, Font.PLAIN, secret.getFont().getSize()));
            panel.add(secret, BorderLayout.CENTER);
            var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
            var copy = new JButton(text.get("common.copy"));
            copy.addActionListener(e -> {
                ctx.shell().copy(secret.getText());
                copy.setText(text.get("common.copied"));
            });
            var close = new JButton(text.get("common.close"));
            close.addActionListener(e -> dialog.dispose());
            buttons.add(copy);
            buttons.add(close);
            panel.add(buttons, BorderLayout.SOUTH);
            dialog.setContentPane(panel);
            dialog.getRootPane().setDefaultButton(copy);
            dialog.pack();
            dialog.setLocationRelativeTo(owner);
            dialog.setVisible(true);
            // the secret leaves with the dialog: nothing here keeps it
            secret.setText("");
        }
    }
}
