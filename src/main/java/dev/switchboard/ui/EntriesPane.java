package dev.switchboard.ui;

import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.SpeedTestStore;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.RowFilter;
import javax.swing.SwingUtilities;
import javax.swing.event.CellEditorListener;
import javax.swing.event.ChangeEvent;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableRowSorter;

/**
 * The Models tab's entries: the filter, the table of every entry with its channel, alias, groups, switch, health,
 * last speed test and catalog facts, removal, and "Test all" with live progress. Rows come from {@link EntryRows},
 * the speed column's state from {@link SpeedCells}; store and network calls run through {@link TabWork}. The tab
 * places the pane's two parts: its toolbar above everything, its table over the groups.
 */
final class EntriesPane {
    private final UiContext ctx;
    private final Messages text;
    private final EntryRows presenter;
    private final SpeedCells speeds;
    private final TabWork work;
    private final ModelsTab.Confirm confirm;
    private final Runnable refresh;
    private final Runnable render;

    private final JPanel toolbar = new JPanel(new BorderLayout(8, 0));
    private final JTextField filter = new JTextField(24);
    private final EntryTableModel model;
    private final JTable table;
    private final TableRowSorter<EntryTableModel> sorter;
    private final JScrollPane tableScroll;
    private final JButton remove = new JButton();
    private final JButton addModels = new JButton();
    private final JButton testAll = new JButton();
    private final JProgressBar progress = new JProgressBar();
    private final JLabel count = new JLabel();

    private Runnable selectionChanged = () -> { };
    private Snapshot snapshot = Snapshot.empty();
    private boolean refreshWhenEdited;

    /**
     * @param refresh rereads the whole tab: after a change, or when an edit that held a reread back has ended
     * @param render  shows the tab's snapshot again: new speed results were read
     */
    EntriesPane(UiContext ctx, EntryRows presenter, TabWork work, ModelsTab.Confirm confirm, Runnable refresh,
                Runnable render) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = presenter;
        this.speeds = new SpeedCells(presenter);
        this.work = work;
        this.confirm = confirm;
        this.refresh = refresh;
        this.render = render;
        this.model = new EntryTableModel(text, new EntryTableModel.Edits() {
            @Override
            public void alias(EntryRows.Row row, String alias) {
                setAlias(row, alias);
            }

            @Override
            public void enabled(EntryRows.Row row, boolean enabled) {
                setEnabled(row, enabled);
            }
        });
        this.table = new JTable(model);
        this.sorter = new TableRowSorter<>(model);
        this.tableScroll = new JScrollPane(table);
        buildToolbar();
        buildTable();
        updateButtons();
    }

    // ---- layout

    private void buildToolbar() {
        filter.putClientProperty("JTextField.placeholderText", text.get("models.filter.placeholder"));
        filter.putClientProperty("JTextField.showClearButton", true);
        filter.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                applyFilter();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                applyFilter();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                applyFilter();
            }
        });
        addModels.setText(text.get("models.addModels"));
        remove.setText(text.get("models.remove"));
        remove.addActionListener(e -> removeSelected());
        testAll.addActionListener(e -> testAll());
        progress.setStringPainted(true);
        progress.setVisible(false);
        progress.setPreferredSize(new Dimension(160, progress.getPreferredSize().height));
        count.setForeground(Theme.muted());

        var left = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        left.add(filter);
        left.add(count);
        var right = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        right.add(progress);
        right.add(addModels);
        right.add(remove);
        right.add(testAll);
        toolbar.add(left, BorderLayout.CENTER);
        toolbar.add(right, BorderLayout.EAST);
        toolbar.setBorder(BorderFactory.createEmptyBorder(0, 0, 6, 0));
    }

    private void buildTable() {
        table.setRowSorter(sorter);
        sorter.setComparator(EntryTableModel.HEALTH, EntryRows.BY_HEALTH);
        sorter.setComparator(EntryTableModel.SPEED, EntryRows.BY_SPEED);
        table.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        table.setFillsViewportHeight(true);
        table.setRowHeight(Math.max(table.getRowHeight(), 24));
        table.getTableHeader().setReorderingAllowed(false);
        table.putClientProperty("terminateEditOnFocusLost", true);
        table.setDefaultRenderer(EntryRows.HealthCell.class, new CellRenderer());
        table.setDefaultRenderer(EntryRows.SpeedCell.class, new CellRenderer());
        table.setDefaultRenderer(EntryTableModel.Capability.class, new CellRenderer());
        table.setDefaultRenderer(Integer.class, new CellRenderer());
        table.setDefaultRenderer(String.class, new CellRenderer());
        int[] widths = {88, 200, 100, 118, 36, 160, 102, 96, 62, 56, 50, 82};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        table.getSelectionModel().addListSelectionListener(e -> {
            updateButtons();
            selectionChanged.run();
        });
        table.setDragEnabled(true);
        table.setTransferHandler(GroupDragHandler.forTable(this::selectedEntries));
        var editors = new CellEditorListener() {
            @Override
            public void editingStopped(ChangeEvent e) {
                afterEdit();
            }

            @Override
            public void editingCanceled(ChangeEvent e) {
                afterEdit();
            }
        };
        table.getDefaultEditor(Object.class).addCellEditorListener(editors);
        table.getDefaultEditor(Boolean.class).addCellEditorListener(editors);
    }

    /** The filter, the count and the buttons: above the table and the groups. */
    JComponent toolbar() {
        return toolbar;
    }

    /** The table in its scroll pane. */
    JComponent tableView() {
        return tableScroll;
    }

    /** What "Add models…" does: the tab opens the picker for a channel. */
    void onAddModels(Runnable action) {
        addModels.addActionListener(e -> action.run());
    }

    JButton addModelsButton() {
        return addModels;
    }

    /** Told when the selected rows change (the groups pane adds them to a group). */
    void onSelectionChanged(Runnable listener) {
        this.selectionChanged = listener;
    }

    // ---- showing

    /**
     * Whether a reread must wait: rebuilding the rows while a cell is being edited would throw the edit away, so
     * the pane asks for the reread itself when the edit ends.
     */
    boolean holdsRefresh() {
        if (table.isEditing()) {
            refreshWhenEdited = true;
            return true;
        }
        return false;
    }

    /** Shows {@code snapshot}'s entries, keeping the selected rows and the scroll position. */
    void show(Snapshot snapshot, Instant now) {
        this.snapshot = snapshot;
        var rows = speeds.rows(snapshot, now);
        var selected = new HashSet<>(selectedIds());
        var view = tableScroll.getViewport().getViewPosition();
        if (model.setRows(rows)) {
            var selection = table.getSelectionModel();
            selection.setValueIsAdjusting(true);
            for (int i = 0; i < rows.size(); i++) {
                if (selected.contains(rows.get(i).id())) {
                    int v = table.convertRowIndexToView(i);
                    if (v >= 0) {
                        selection.addSelectionInterval(v, v);
                    }
                }
            }
            selection.setValueIsAdjusting(false);
            tableScroll.getViewport().setViewPosition(view);
        }
        updateCount();
        updateButtons();
    }

    /** Rereads the speed results in the background, since a test from the tray or the CLI announces nothing. */
    void reloadSpeeds() {
        if (!speeds.startReading()) {
            return;
        }
        work.run(() -> ctx.store().speedTests().latest(), loaded -> {
            if (speeds.read(loaded)) {
                render.run();
            }
        }, e -> speeds.readFailed());
    }

    private void afterEdit() {
        if (refreshWhenEdited) {
            refreshWhenEdited = false;
            SwingUtilities.invokeLater(refresh);
        }
    }

    private void applyFilter() {
        var f = filter.getText();
        sorter.setRowFilter(f.isBlank() ? null : new RowFilter<EntryTableModel, Integer>() {
            @Override
            public boolean include(RowFilter.Entry<? extends EntryTableModel, ? extends Integer> e) {
                return EntryRows.matches(e.getModel().row(e.getIdentifier()), f);
            }
        });
        updateCount();
        updateButtons();
    }

    private void updateCount() {
        count.setText(presenter.count(model.getRowCount(), !filter.getText().isBlank(), table.getRowCount()));
    }

    private void updateButtons() {
        int selected = table.getSelectedRowCount();
        remove.setEnabled(selected > 0);
        testAll.setEnabled(!speeds.testing());
        testAll.setText(presenter.testLabel(selected, !filter.getText().isBlank(), table.getRowCount()));
    }

    private List<Long> selectedIds() {
        return selectedEntries().stream().map(Entry::id).toList();
    }

    /** The entries of the selected rows, in the table's order. */
    List<Entry> selectedEntries() {
        var out = new ArrayList<Entry>();
        for (int v : table.getSelectedRows()) {
            out.add(model.row(table.convertRowIndexToModel(v)).entry());
        }
        return out;
    }

    private List<Entry> visibleEntries() {
        var out = new ArrayList<Entry>();
        for (int v = 0; v < table.getRowCount(); v++) {
            out.add(model.row(table.convertRowIndexToModel(v)).entry());
        }
        return out;
    }

    // ---- edits

    private void setAlias(EntryRows.Row row, String alias) {
        var ref = row.entry().ref();
        work.run(() -> EntryRows.setAlias(ctx.store(), row.id(), alias), e -> {
            work.info(e.alias() == null ? text.get("models.alias.cleared", ref)
                    : text.get("models.alias.set", ref, e.alias()));
            refresh.run();
        });
    }

    private void setEnabled(EntryRows.Row row, boolean enabled) {
        var ref = row.entry().ref();
        work.run(() -> EntryRows.setEnabled(ctx.store(), row.id(), enabled), e -> {
            work.info(text.get(enabled ? "models.enabled.on" : "models.enabled.off", ref));
            refresh.run();
        });
    }

    CompletableFuture<Void> removeSelected() {
        var chosen = selectedEntries();
        if (chosen.isEmpty()) {
            return work.pending();
        }
        var msg = chosen.size() == 1 ? text.get("models.remove.one", chosen.get(0).ref())
                : text.get("models.remove.many", chosen.size());
        if (!confirm.ask(text.get("models.remove.title"), msg)) {
            return work.pending();
        }
        return work.run(() -> {
            for (var e : chosen) {
                EntryRows.remove(ctx.store(), e.id());
            }
            return chosen.size();
        }, n -> {
            work.info(n == 1 ? text.get("models.removed.one", chosen.get(0).ref())
                    : text.get("models.removed.many", n));
            refresh.run();
        });
    }

    // ---- test all

    /**
     * "Test all" (or the selected rows, or the ones the filter shows): each row's speed cell turns green or red
     * as its result arrives, and the bar counts.
     */
    CompletableFuture<Void> testAll() {
        if (speeds.testing()) {
            return work.pending();
        }
        var chosen = SpeedRun.chosen(snapshot, visibleEntries(), selectedIds(), !filter.getText().isBlank());
        var test = new SpeedCheck(ctx.store(), ctx.app().upstream(), ctx.clock());
        speeds.testStarting();
        work.message(" ", null);
        updateButtons();
        progress.setVisible(true);
        progress.setIndeterminate(true);
        progress.setString(text.get("models.test.starting"));
        var done = new int[1];
        var total = new int[1];
        return work.run(() -> {
            var plan = SpeedRun.plan(test, chosen);
            SwingUtilities.invokeLater(() -> started(plan, total));
            var results = SpeedRun.run(test, chosen, r -> SwingUtilities.invokeLater(() -> arrived(r, ++done[0],
                    total[0])), SpeedRun.BOUND);
            return new TestDone(results, ctx.store().speedTests().latest());
        }, d -> {
            speeds.testEnded(d.latest());
            progress.setVisible(false);
            long ok = d.results().stream().filter(SpeedResult::ok).count();
            if (d.results().isEmpty()) {
                work.info(text.get("models.test.nothing"));
            } else {
                work.message(text.get("models.test.done", d.results().size(), ok, d.results().size() - ok),
                        ok == d.results().size() ? Theme.ok() : Theme.warn());
            }
            refresh.run();
        }, e -> {
            speeds.testFailed();
            progress.setVisible(false);
            work.error(e);
            refresh.run();
        });
    }

    private record TestDone(List<SpeedResult> results, Map<Long, SpeedTestStore.Result> latest) {
    }

    private void started(List<Entry> plan, int[] total) {
        total[0] = plan.size();
        progress.setIndeterminate(false);
        progress.setMaximum(Math.max(1, plan.size()));
        progress.setValue(0);
        progress.setString(text.get("models.test.progress", 0, plan.size()));
        model.setSpeeds(speeds.planned(plan));
    }

    private void arrived(SpeedResult r, int done, int total) {
        model.setSpeed(r.entryId(), speeds.arrived(r));
        progress.setValue(done);
        progress.setString(text.get("models.test.progress", done, total));
    }

    // ---- for tests

    JTable table() {
        return table;
    }

    JTextField filter() {
        return filter;
    }

    JButton testButton() {
        return testAll;
    }

    JProgressBar progress() {
        return progress;
    }

    // ---- renderers

    /** Health and speed in their colours, check marks for catalog facts, context as "200k". */
    private static final class CellRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable table, Object value, boolean isSelected,
                                                       boolean hasFocus, int row, int column) {
            Color colour = null;
            String tip = null;
            Object shown = value;
            setHorizontalAlignment(LEFT);
            if (value instanceof EntryRows.HealthCell h) {
                shown = h.text();
                tip = h.text();
                colour = h.kind() == EntryRows.HealthKind.OK ? Theme.ok()
                        : h.kind() == EntryRows.HealthKind.COOLING ? Theme.warn() : Theme.bad();
            } else if (value instanceof EntryRows.SpeedCell s) {
                shown = s.text();
                tip = s.tooltip();
                colour = s.kind() == EntryRows.SpeedKind.OK ? Theme.ok()
                        : s.kind() == EntryRows.SpeedKind.FAILED ? Theme.bad()
                        : s.kind() == EntryRows.SpeedKind.RUNNING ? Theme.muted() : null;
            } else if (value instanceof Integer tokens) {
                shown = EntryRows.context(tokens);
                setHorizontalAlignment(RIGHT);
            } else if (value instanceof EntryTableModel.Capability) {
                setHorizontalAlignment(CENTER);
            } else if (value instanceof String str && !str.isEmpty()) {
                tip = str; // long model names and group lists are cut in their column
            }
            super.getTableCellRendererComponent(table, shown, isSelected, hasFocus, row, column);
            if (!isSelected) {
                setForeground(colour != null ? colour : table.getForeground());
            }
            setToolTipText(tip);
            return this;
        }
    }
}
