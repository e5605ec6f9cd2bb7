package dev.switchboard.ui;

import dev.switchboard.discovery.Onboarding;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.table.AbstractTableModel;

/**
 * A model list to tick: what Add channel, Edit channel's "Add models…" and the Models tab's "Add models…" share,
 * so that a listed model starts ticked (or not) the same way everywhere ({@link Onboarding#picks}, through
 * {@link OnboardingFlow}). It has Fetch, Tick recent / all / none, a name typed by hand, the table with the
 * catalog's facts (or why a model is ticked when the catalog does not know it), and a line saying what was listed.
 */
final class ModelPicker {
    private final Messages text;
    private final OnboardingFlow flow;
    private final Consumer<String> failed;
    private final JPanel panel = new JPanel(new BorderLayout(0, 4));
    private final JButton fetch = new JButton();
    private final JTextField byHand = new JTextField(18);
    private final JButton addByHand = new JButton();
    private final JLabel listing = new JLabel(" ");
    private final ModelTableModel models = new ModelTableModel();

    /**
     * @param fetch  what the Fetch button does
     * @param failed shows a refusal (an empty name typed by hand) where the owner shows its errors
     */
    ModelPicker(Messages text, OnboardingFlow flow, Runnable fetch, Consumer<String> failed) {
        this.text = text;
        this.flow = flow;
        this.failed = failed;
        build(fetch);
    }

    private void build(Runnable onFetch) {
        panel.setBorder(BorderFactory.createTitledBorder(text.get("channels.add.models")));
        var bar = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        fetch.setText(text.get("channels.add.fetch"));
        fetch.addActionListener(e -> onFetch.run());
        var recent = new JButton(text.get("channels.add.selectRecent"));
        recent.addActionListener(e -> models.check(OnboardingFlow.ModelChoice::proposed));
        var all = new JButton(text.get("channels.add.selectAll"));
        all.addActionListener(e -> models.check(m -> true));
        var none = new JButton(text.get("channels.add.selectNone"));
        none.addActionListener(e -> models.check(m -> m.reason() == Onboarding.Reason.ALREADY_ADDED));
        bar.add(fetch);
        bar.add(recent);
        bar.add(all);
        bar.add(none);
        bar.add(Box.createHorizontalStrut(12));
        byHand.putClientProperty("JTextField.placeholderText", text.get("channels.add.byHandHint"));
        addByHand.setText(text.get("channels.add.byHand"));
        addByHand.addActionListener(e -> addByHand());
        byHand.addActionListener(e -> addByHand());
        bar.add(byHand);
        bar.add(addByHand);
        panel.add(bar, BorderLayout.NORTH);
        var table = new JTable(models);
        table.setRowHeight(22);
        int[] widths = {30, 260, 180, 90, 70, 60, 60, 80};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        var scroll = new JScrollPane(table);
        scroll.setPreferredSize(new Dimension(800, 190));
        panel.add(scroll, BorderLayout.CENTER);
        panel.add(listing, BorderLayout.SOUTH);
    }

    JComponent component() {
        return panel;
    }

    JButton fetchButton() {
        return fetch;
    }

    /** Buttons off while the owner works; Fetch also needs what the owner says ({@code canFetch}). */
    void enable(boolean idle, boolean canFetch) {
        fetch.setEnabled(idle && canFetch);
        addByHand.setEnabled(idle);
    }

    /** Shows a listing: its models, ticked as proposed, and a line with the counts or the problem. */
    void show(OnboardingFlow.Listing l) {
        models.set(l.models());
        if (l.problem() != null) {
            listing.setForeground(Theme.bad());
            listing.setText(AddChannelDialog.html(l.problem()));
        } else {
            listing.setForeground(Theme.muted());
            listing.setText(AddChannelDialog.html(text.get("channels.add.listed", l.models().size(),
                    l.proposed().size(), l.months())));
        }
    }

    void clear() {
        models.set(List.of());
        listing.setText(" ");
    }

    private void addByHand() {
        try {
            models.addOrCheck(flow.byHand(byHand.getText()));
            byHand.setText("");
        } catch (RuntimeException e) {
            failed.accept(ErrorText.of(e, text));
        }
    }

    List<String> listed() {
        return models.rows.stream().map(r -> r.choice.id()).toList();
    }

    List<String> checked() {
        return models.checked();
    }

    void setChecked(String model, boolean on) {
        models.setChecked(model, on);
    }

    String listingText() {
        return listing.getText();
    }

    private static final class ModelRow {
        final OnboardingFlow.ModelChoice choice;
        boolean checked;

        ModelRow(OnboardingFlow.ModelChoice choice, boolean checked) {
            this.choice = choice;
            this.checked = checked;
        }
    }

    private final class ModelTableModel extends AbstractTableModel {
        private final List<ModelRow> rows = new ArrayList<>();

        void set(List<OnboardingFlow.ModelChoice> next) {
            rows.clear();
            next.forEach(m -> rows.add(new ModelRow(m, m.proposed())));
            fireTableDataChanged();
        }

        void addOrCheck(OnboardingFlow.ModelChoice m) {
            for (var r : rows) {
                if (r.choice.id().equals(m.id())) {
                    r.checked = true;
                    fireTableDataChanged();
                    return;
                }
            }
            rows.add(new ModelRow(m, true));
            fireTableDataChanged();
        }

        void check(Predicate<OnboardingFlow.ModelChoice> which) {
            rows.forEach(r -> r.checked = which.test(r.choice));
            fireTableDataChanged();
        }

        void setChecked(String model, boolean on) {
            rows.stream().filter(r -> r.choice.id().equals(model)).forEach(r -> r.checked = on);
            fireTableDataChanged();
        }

        List<String> checked() {
            return rows.stream().filter(r -> r.checked).map(r -> r.choice.id()).toList();
        }

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return 8;
        }

        @Override
        public String getColumnName(int c) {
            return c == 0 ? "" : text.get(new String[] {"", "channels.model.id", "channels.model.name",
                    "channels.model.released", "channels.model.context", "channels.model.vision",
                    "channels.model.tools", "channels.model.reasoning"}[c]);
        }

        @Override
        public Class<?> getColumnClass(int c) {
            return c == 0 ? Boolean.class : String.class;
        }

        @Override
        public boolean isCellEditable(int r, int c) {
            return c == 0;
        }

        @Override
        public void setValueAt(Object value, int r, int c) {
            if (c == 0) {
                rows.get(r).checked = Boolean.TRUE.equals(value);
                fireTableCellUpdated(r, c);
            }
        }

        @Override
        public Object getValueAt(int r, int c) {
            var row = rows.get(r);
            var m = row.choice;
            switch (c) {
                case 0:
                    return row.checked;
                case 1:
                    return m.id();
                case 2:
                    return note(m);
                case 3:
                    return m.released() != null ? m.released().toString()
                            : m.listed() != null ? m.listed().toString() : "";
                case 4:
                    return m.context() == null ? "" : AddChannelDialog.context(m.context());
                case 5:
                    return m.known() && m.vision() ? "✓" : "";
                case 6:
                    return m.known() && m.tools() ? "✓" : "";
                default:
                    return m.known() && m.reasoning() ? "✓" : "";
            }
        }

        /** The catalog's name, or why a model the catalog does not know is ticked or not. */
        private String note(OnboardingFlow.ModelChoice m) {
            if (m.reason() == Onboarding.Reason.ALREADY_ADDED) {
                return text.get("channels.model.added") + (m.name() == null ? "" : " · " + m.name());
            }
            if (m.name() != null) {
                return m.name();
            }
            if (m.listed() != null) {
                return text.get("channels.model.listedOn", m.listed());
            }
            return m.reason() == Onboarding.Reason.NEW_TO_CATALOG ? text.get("channels.model.new") : "";
        }
    }
}
