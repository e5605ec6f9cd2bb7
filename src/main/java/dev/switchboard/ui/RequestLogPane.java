package dev.switchboard.ui;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.LoggedRequest;
import dev.switchboard.usage.UsageReport;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.util.List;
import java.util.Objects;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.table.DefaultTableCellRenderer;

/**
 * The usage tab's request log: the range's requests a page at a time, narrowed by channel, model and outcome, and
 * under them the attempts of the selected request with what the client was told. A reread that changes nothing
 * leaves the selection alone, so the log can be read while it updates.
 */
final class RequestLogPane {
    private final Messages text;
    private final UsagePresenter presenter;
    private final Runnable reload;
    private final JPanel panel = new JPanel(new BorderLayout());
    private final RowsTableModel<LoggedRequest> logModel;
    private final JTable logTable;
    private final RowsTableModel<List<String>> attemptsModel;
    private final JTable attemptsTable;
    private final JLabel detail = new JLabel();
    private final JComboBox<UsagePresenter.Choice> channelFilter = new JComboBox<>();
    private final JComboBox<UsagePresenter.Choice> modelFilter = new JComboBox<>();
    private final JComboBox<UsagePresenter.Choice> outcomeFilter = new JComboBox<>();
    private final JButton newer = new JButton();
    private final JButton older = new JButton();
    private final JLabel pageLabel = new JLabel(" ");
    private boolean updatingFilters;

    /** @param reload reads again with the presenter's filter and page, after the person changed them */
    RequestLogPane(Messages text, UsagePresenter presenter, Runnable reload) {
        this.text = text;
        this.presenter = presenter;
        this.reload = reload;
        this.logModel = new RowsTableModel<>(presenter.requestColumns(), presenter::requestCell);
        this.logTable = ReadOnlyTables.of(logModel, 6);
        this.attemptsModel = new RowsTableModel<>(presenter.attemptColumns(), List::get);
        this.attemptsTable = ReadOnlyTables.of(attemptsModel, 6);
        build();
    }

    private void build() {
        for (var box : List.of(channelFilter, modelFilter, outcomeFilter)) {
            box.setModel(new DefaultComboBoxModel<>());
            box.setPrototypeDisplayValue(new UsagePresenter.Choice(null, "claude-3-5-sonnet-latest"));
        }
        ((DefaultComboBoxModel<UsagePresenter.Choice>) outcomeFilter.getModel()).addAll(presenter.outcomeChoices());
        outcomeFilter.setSelectedIndex(0);
        updatingFilters = true;
        fill(channelFilter, List.of(new UsagePresenter.Choice(null, text.get("usage.filter.anyChannel"))), null);
        fill(modelFilter, List.of(new UsagePresenter.Choice(null, text.get("usage.filter.anyModel"))), null);
        updatingFilters = false;
        for (var box : List.of(channelFilter, modelFilter, outcomeFilter)) {
            box.addActionListener(e -> filterChanged());
        }
        newer.setText("‹ " + text.get("usage.page.previous"));
        older.setText(text.get("usage.page.next") + " ›");
        newer.setEnabled(false);
        older.setEnabled(false);
        newer.addActionListener(e -> {
            presenter.previousPage();
            reload.run();
        });
        older.addActionListener(e -> {
            presenter.nextPage();
            reload.run();
        });

        var filters = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        filters.add(channelFilter);
        filters.add(modelFilter);
        filters.add(outcomeFilter);
        var pager = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        pager.add(newer);
        pager.add(pageLabel);
        pager.add(older);
        var bar = new JPanel(new BorderLayout());
        bar.setBorder(BorderFactory.createEmptyBorder(6, 0, 6, 0));
        bar.add(filters, BorderLayout.WEST);
        bar.add(pager, BorderLayout.EAST);

        logTable.getSelectionModel().setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        logTable.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showAttempts(logTable.getSelectedRow());
            }
        });
        ReadOnlyTables.widths(logTable, 110, 130, 140, 130, 160, 120, 55, 45, 75, 75, 75, 75);
        ReadOnlyTables.widths(attemptsTable, 30, 120, 160, 50, 60, 120, 80, 80, 420);
        var outcomes = new OutcomeRenderer();
        logTable.getColumnModel().getColumn(5).setCellRenderer(outcomes);
        attemptsTable.getColumnModel().getColumn(5).setCellRenderer(outcomes);
        var errors = new DefaultTableCellRenderer() {
            @Override
            public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                           int row, int col) {
                super.getTableCellRendererComponent(t, value, selected, focus, row, col);
                setToolTipText(value == null || value.toString().isEmpty() ? null : value.toString());
                return this;
            }
        };
        attemptsTable.getColumnModel().getColumn(8).setCellRenderer(errors);

        detail.setText(text.get("usage.attempts.hint"));
        detail.setBorder(BorderFactory.createEmptyBorder(6, 2, 4, 2));
        var attempts = new JPanel(new BorderLayout());
        var attemptsHead = new JPanel(new BorderLayout());
        var attemptsTitle = new JLabel(text.get("usage.attempts"));
        attemptsTitle.putClientProperty("FlatLaf.styleClass", "h4");
        attemptsHead.add(attemptsTitle, BorderLayout.NORTH);
        attemptsHead.add(detail, BorderLayout.CENTER);
        attempts.add(attemptsHead, BorderLayout.NORTH);
        attempts.add(new JScrollPane(attemptsTable), BorderLayout.CENTER);

        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(logTable), attempts);
        split.setResizeWeight(0.62);
        split.setBorder(null);
        panel.setBorder(BorderFactory.createEmptyBorder(2, 4, 4, 4));
        panel.add(bar, BorderLayout.NORTH);
        panel.add(split, BorderLayout.CENTER);
    }

    JComponent component() {
        return panel;
    }

    // ---- showing

    /** Shows a report that differs from the one on screen, keeping the selected request while it is listed. */
    void show(UsageReport report) {
        updateFilters(report);
        var page = report.page();
        long selected = selectedId();
        if (logModel.setRows(page.requests())) {
            int row = selected < 0 ? -1 : rowOf(selected);
            if (row >= 0) {
                logTable.setRowSelectionInterval(row, row);
            } else {
                showAttempts(-1);
            }
        }
        pageLabel.setText(presenter.pageText(page));
        newer.setEnabled(page.hasPrevious());
        older.setEnabled(page.hasNext());
    }

    private long selectedId() {
        int row = logTable.getSelectedRow();
        return row < 0 ? -1 : logModel.row(row).id();
    }

    /** The row of the logged request with this id, or -1. */
    private int rowOf(long id) {
        var rows = logModel.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    private void showAttempts(int row) {
        if (row < 0) {
            attemptsModel.setRows(List.of());
            detail.setText(text.get("usage.attempts.hint"));
            return;
        }
        var request = logModel.row(row);
        attemptsModel.setRows(presenter.attemptRows(request));
        detail.setText(presenter.requestSummary(request));
    }

    // ---- filters

    private void updateFilters(UsageReport report) {
        updatingFilters = true;
        try {
            fill(channelFilter, presenter.channelChoices(report), presenter.filter().channel());
            fill(modelFilter, presenter.modelChoices(report), presenter.filter().model());
        } finally {
            updatingFilters = false;
        }
    }

    /** Replaces the items when they differ, keeping the chosen value. */
    private static void fill(JComboBox<UsagePresenter.Choice> box, List<UsagePresenter.Choice> choices,
                             String chosen) {
        var model = (DefaultComboBoxModel<UsagePresenter.Choice>) box.getModel();
        boolean same = model.getSize() == choices.size();
        for (int i = 0; same && i < choices.size(); i++) {
            same = model.getElementAt(i).equals(choices.get(i));
        }
        if (!same) {
            model.removeAllElements();
            model.addAll(choices);
        }
        for (var c : choices) {
            if (Objects.equals(c.value(), chosen)) {
                model.setSelectedItem(c);
                break;
            }
        }
    }

    private void filterChanged() {
        if (updatingFilters) {
            return;
        }
        presenter.filter(UsagePresenter.filterOf((UsagePresenter.Choice) channelFilter.getSelectedItem(),
                (UsagePresenter.Choice) modelFilter.getSelectedItem(),
                (UsagePresenter.Choice) outcomeFilter.getSelectedItem()));
        reload.run();
    }

    /** The requests of one channel or one model (the other null): a double-click in the overview asks for them. */
    void showRequestsOf(String channel, String model) {
        updatingFilters = true;
        try {
            select(channelFilter, channel);
            select(modelFilter, model);
        } finally {
            updatingFilters = false;
        }
        filterChanged();
    }

    private static void select(JComboBox<UsagePresenter.Choice> box, String value) {
        var model = (DefaultComboBoxModel<UsagePresenter.Choice>) box.getModel();
        for (int i = 0; i < model.getSize(); i++) {
            if (Objects.equals(model.getElementAt(i).value(), value)) {
                model.setSelectedItem(model.getElementAt(i));
                return;
            }
        }
    }

    /** Outcome cells: green for success, red for the rest (in whichever theme is on). */
    private final class OutcomeRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int col) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, col);
            if (!selected) {
                setForeground(presenter.outcome(LoggedOutcome.SUCCESS).equals(value) ? Theme.ok() : Theme.bad());
            }
            return this;
        }
    }

    // ---- for tests

    JTable logTable() {
        return logTable;
    }

    JTable attemptsTable() {
        return attemptsTable;
    }

    JComboBox<UsagePresenter.Choice> channelFilter() {
        return channelFilter;
    }

    JComboBox<UsagePresenter.Choice> modelFilter() {
        return modelFilter;
    }

    JComboBox<UsagePresenter.Choice> outcomeFilter() {
        return outcomeFilter;
    }

    JButton olderButton() {
        return older;
    }

    JLabel pageLabel() {
        return pageLabel;
    }

    String detailText() {
        return detail.getText();
    }
}
