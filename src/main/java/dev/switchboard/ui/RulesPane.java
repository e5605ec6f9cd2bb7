package dev.switchboard.ui;

import dev.switchboard.store.SceneRule;
import dev.switchboard.store.Snapshot;
import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;

/**
 * The Models tab's scene rules: the rules in the order they are tried, each with its conditions, its group and
 * whether it can choose now; add, edit, switch off, remove and reorder them. Words and store calls are
 * {@link RuleRows}'; the editor is a form in a dialog ({@link Editor}), built and read without showing it in tests.
 */
final class RulesPane {
    /** Opens the editor for a person; tests replace it to fill the form themselves. */
    interface Ask {
        /** @return whether the person saved */
        boolean edit(String title, Editor editor);
    }

    private final UiContext ctx;
    private final Messages text;
    private final RuleRows presenter;
    private final TabWork work;
    private final ModelsTab.Confirm confirm;
    private final Runnable refresh;
    private final JPanel panel = new JPanel(new BorderLayout(8, 6));
    private final RowsTableModel<RuleRows.Row> model;
    private final JTable table;
    private final JButton add = new JButton();
    private final JButton edit = new JButton();
    private final JButton toggle = new JButton();
    private final JButton remove = new JButton();
    private final JButton up = new JButton();
    private final JButton down = new JButton();
    private Snapshot snapshot = Snapshot.empty();
    Ask ask;

    RulesPane(UiContext ctx, TabWork work, ModelsTab.Confirm confirm, Runnable refresh) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = new RuleRows(text);
        this.work = work;
        this.confirm = confirm;
        this.refresh = refresh;
        this.model = new RowsTableModel<>(presenter.columns(), RuleRows::cell);
        this.table = ReadOnlyTables.of(model, Integer.MAX_VALUE);
        this.ask = (title, editor) -> JOptionPane.showConfirmDialog(SwingUtilities.getWindowAncestor(panel),
                editor.component(), title, JOptionPane.OK_CANCEL_OPTION, JOptionPane.PLAIN_MESSAGE)
                == JOptionPane.OK_OPTION;
        build();
        updateButtons();
    }

    private void build() {
        panel.setBorder(BorderFactory.createEmptyBorder(8, 0, 0, 0));
        var hint = new JLabel(text.get("models.rules.hint"));
        hint.setForeground(Theme.muted());
        panel.add(hint, BorderLayout.NORTH);
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.getSelectionModel().addListSelectionListener(e -> updateButtons());
        ReadOnlyTables.widths(table, 30, 120, 320, 100, 200);
        panel.add(new JScrollPane(table), BorderLayout.CENTER);
        var buttons = new JPanel(new GridBagLayout());
        var c = new GridBagConstraints();
        c.gridx = 0;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.insets = new Insets(0, 0, 4, 0);
        add.setText(text.get("models.rules.add"));
        add.addActionListener(e -> add());
        edit.setText(text.get("models.rules.edit"));
        edit.addActionListener(e -> edit());
        toggle.setText(text.get("models.rules.toggle.off"));
        toggle.addActionListener(e -> toggle());
        up.setText(text.get("models.rules.up"));
        up.addActionListener(e -> up());
        down.setText(text.get("models.rules.down"));
        down.addActionListener(e -> down());
        remove.setText(text.get("models.rules.remove"));
        remove.addActionListener(e -> remove());
        for (var b : List.of(add, edit, toggle, up, down, remove)) {
            buttons.add(b, c);
        }
        c.weighty = 1;
        buttons.add(new JLabel(), c);
        panel.add(buttons, BorderLayout.EAST);
    }

    JComponent component() {
        return panel;
    }

    /** Shows {@code snapshot}'s rules, keeping the selected rule selected. */
    void show(Snapshot snapshot) {
        this.snapshot = snapshot;
        var selected = selected();
        model.setRows(presenter.rows(snapshot, ctx.clock().instant()));
        select(selected == null ? null : selected.name());
        updateButtons();
    }

    private RuleRows.Row selected() {
        int i = table.getSelectedRow();
        return i < 0 || i >= model.getRowCount() ? null : model.row(i);
    }

    private void select(String name) {
        for (int i = 0; name != null && i < model.getRowCount(); i++) {
            if (model.row(i).name().equalsIgnoreCase(name)) {
                table.setRowSelectionInterval(i, i);
                return;
            }
        }
        table.clearSelection();
    }

    private void updateButtons() {
        var r = selected();
        var moves = GroupOrder.moves(r == null ? -1 : r.position() - 1, model.getRowCount());
        edit.setEnabled(r != null);
        toggle.setEnabled(r != null);
        toggle.setText(text.get(r != null && !r.enabled() ? "models.rules.toggle.on" : "models.rules.toggle.off"));
        remove.setEnabled(r != null);
        up.setEnabled(moves.earlier());
        down.setEnabled(moves.later());
    }

    // ---- changes

    CompletableFuture<Void> add() {
        var editor = new Editor(RuleRows.Form.blank(null));
        if (!ask.edit(text.get("models.rules.editor.title.add"), editor)) {
            return work.pending();
        }
        var form = editor.form();
        return work.run(() -> presenter.add(ctx.store(), form), r -> done("models.rules.added", r));
    }

    CompletableFuture<Void> edit() {
        var r = selected();
        var rule = r == null ? null : snapshot.rules().stream().filter(x -> x.name().equals(r.name())).findFirst()
                .orElse(null);
        if (rule == null) {
            return work.pending();
        }
        var editor = new Editor(RuleRows.Form.of(rule));
        if (!ask.edit(text.get("models.rules.editor.title.edit"), editor)) {
            return work.pending();
        }
        var form = editor.form();
        return work.run(() -> presenter.save(ctx.store(), rule.name(), form), s -> done("models.rules.saved", s));
    }

    CompletableFuture<Void> toggle() {
        var r = selected();
        if (r == null) {
            return work.pending();
        }
        return work.run(() -> RuleRows.setEnabled(ctx.store(), r.name(), !r.enabled()),
                s -> done("models.rules.saved", s));
    }

    CompletableFuture<Void> up() {
        return move(-1);
    }

    CompletableFuture<Void> down() {
        return move(1);
    }

    private CompletableFuture<Void> move(int by) {
        var r = selected();
        if (r == null) {
            return work.pending();
        }
        return work.run(() -> RuleRows.move(ctx.store(), r.name(), by), s -> {
            refresh.run();
            select(s.name());
        });
    }

    CompletableFuture<Void> remove() {
        var r = selected();
        if (r == null || !confirm.ask(text.get("models.rules.remove.title"),
                text.get("models.rules.remove.confirm", r.name(), r.group()))) {
            return work.pending();
        }
        return work.run(() -> RuleRows.remove(ctx.store(), r.name()), s -> {
            work.info(text.get("models.rules.removed", s.name()));
            refresh.run();
        });
    }

    private void done(String key, SceneRule r) {
        work.info(text.get(key, r.name()));
        refresh.run();
        select(r.name());
    }

    // ---- for tests

    JTable table() {
        return table;
    }

    JButton upButton() {
        return up;
    }

    JButton downButton() {
        return down;
    }

    JButton toggleButton() {
        return toggle;
    }

    /** The editor's form: every field of a rule, with the groups and protocols to choose from. */
    final class Editor {
        private final JPanel form = new JPanel(new GridBagLayout());
        final JTextField name = new JTextField(18);
        final JComboBox<String> group = new JComboBox<>();
        final JComboBox<String> protocol = new JComboBox<>();
        final JTextField model = new JTextField(18);
        final JCheckBox background = new JCheckBox();
        final JCheckBox thinking = new JCheckBox();
        final JCheckBox images = new JCheckBox();
        final JCheckBox webSearch = new JCheckBox();
        final JTextField tokens = new JTextField(10);
        final JCheckBox enabled = new JCheckBox();

        Editor(RuleRows.Form f) {
            name.setText(f.name());
            snapshot.groups().forEach(g -> group.addItem(g.name()));
            if (f.group() != null) {
                group.setSelectedItem(f.group());
                if (group.getSelectedItem() == null || !f.group().equalsIgnoreCase((String) group.getSelectedItem())) {
                    group.addItem(f.group()); // a group deleted since: kept, so saving does not silently change it
                    group.setSelectedItem(f.group());
                }
            }
            protocol.addItem(text.get("models.rules.editor.anyProtocol"));
            RuleRows.PROTOCOLS.forEach(protocol::addItem);
            protocol.setSelectedItem(f.protocol() == null ? text.get("models.rules.editor.anyProtocol") : f.protocol());
            model.setText(f.model());
            model.putClientProperty("JTextField.placeholderText", text.get("models.rules.editor.model.placeholder"));
            background.setText(text.get("models.rules.editor.background"));
            background.setSelected(f.background());
            thinking.setText(text.get("models.rules.editor.thinking"));
            thinking.setSelected(f.thinking());
            images.setText(text.get("models.rules.editor.images"));
            images.setSelected(f.images());
            webSearch.setText(text.get("models.rules.editor.webSearch"));
            webSearch.setSelected(f.webSearch());
            tokens.setText(f.tokensAbove());
            tokens.putClientProperty("JTextField.placeholderText", text.get("models.rules.editor.tokens.placeholder"));
            enabled.setText(text.get("models.rules.editor.enabled"));
            enabled.setSelected(f.enabled());
            int row = 0;
            row = line(row, "models.rules.editor.name", name);
            row = line(row, "models.rules.editor.group", group);
            row = line(row, "models.rules.editor.protocol", protocol);
            row = line(row, "models.rules.editor.model", model);
            for (var box : List.of(background, thinking, images, webSearch)) {
                row = line(row, null, box);
            }
            row = line(row, "models.rules.editor.tokens", tokens);
            line(row, null, enabled);
        }

        private int line(int row, String label, JComponent field) {
            var c = new GridBagConstraints();
            c.gridy = row;
            c.insets = new Insets(2, 0, 2, 8);
            c.anchor = GridBagConstraints.WEST;
            if (label != null) {
                form.add(new JLabel(text.get(label)), c);
            }
            c.gridx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.weightx = 1;
            form.add(field, c);
            return row + 1;
        }

        JComponent component() {
            return form;
        }

        RuleRows.Form form() {
            var p = protocol.getSelectedIndex() <= 0 ? null : (String) protocol.getSelectedItem();
            return new RuleRows.Form(name.getText(), enabled.isSelected(), (String) group.getSelectedItem(), p,
                    model.getText(), thinking.isSelected(), images.isSelected(), webSearch.isSelected(),
                    background.isSelected(), tokens.getText());
        }
    }
}
