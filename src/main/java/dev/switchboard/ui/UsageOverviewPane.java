package dev.switchboard.ui;

import dev.switchboard.usage.UsageReport;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;

/**
 * The usage tab's overview: the trend over the range, and what each channel and each model served, one breakdown
 * at a time. A double-click on a channel or a model asks for its requests in the log.
 */
final class UsageOverviewPane {
    private final Messages text;
    private final UsagePresenter presenter;
    private final BiConsumer<String, String> showRequestsOf;
    private final TrendChart chart;
    private final RowsTableModel<List<String>> channelsModel;
    private final RowsTableModel<List<String>> modelsModel;
    private final JTable channelsTable;
    private final JTable modelsTable;
    private final JSplitPane split;
    /** The report on screen: a double-click names a row of it. */
    private UsageReport shown;

    /** @param showRequestsOf told the channel or the model (the other null) whose requests the person wants */
    UsageOverviewPane(Messages text, UsagePresenter presenter, BiConsumer<String, String> showRequestsOf) {
        this.text = text;
        this.presenter = presenter;
        this.showRequestsOf = showRequestsOf;
        this.chart = TrendChart.create(text);
        this.channelsModel = new RowsTableModel<>(presenter.breakdownColumns(true), List::get);
        this.modelsModel = new RowsTableModel<>(presenter.breakdownColumns(false), List::get);
        this.channelsTable = ReadOnlyTables.of(channelsModel, 1);
        this.modelsTable = ReadOnlyTables.of(modelsModel, 1);
        this.split = build();
    }

    private JSplitPane build() {
        // One breakdown at a time, full width: side by side, seven columns each would not fit 1180 pixels.
        var tables = new JTabbedPane();
        tables.putClientProperty("JTabbedPane.tabType", "card");
        tables.addTab(text.get("usage.perChannel"), new JScrollPane(channelsTable));
        tables.addTab(text.get("usage.perModel"), new JScrollPane(modelsTable));
        ReadOnlyTables.widths(channelsTable, 220, 90, 90, 160, 100, 160, 140);
        ReadOnlyTables.widths(modelsTable, 220, 90, 90, 160, 100, 160, 140);
        headerTips(channelsTable, 3, text.get("usage.tip.inOut"), 5, text.get("usage.tip.latency"));
        headerTips(modelsTable, 3, text.get("usage.tip.inOut"), 5, text.get("usage.tip.latency"));
        channelsTable.setToolTipText(text.get("usage.perHint"));
        modelsTable.setToolTipText(text.get("usage.perHint"));
        onDoubleClick(channelsTable, row -> {
            var name = shown == null ? null : shown.channels().get(row).name();
            if (name != null) {
                showRequestsOf.accept(name, null);
            }
        });
        onDoubleClick(modelsTable, row -> {
            var name = shown == null ? null : shown.models().get(row).name();
            if (name != null) {
                showRequestsOf.accept(null, name);
            }
        });
        chart.setBorder(BorderFactory.createEmptyBorder(4, 0, 8, 0));
        var pane = new JSplitPane(JSplitPane.VERTICAL_SPLIT, chart, tables);
        pane.setResizeWeight(0.5);
        pane.setBorder(BorderFactory.createEmptyBorder(6, 4, 4, 4));
        return pane;
    }

    JComponent component() {
        return split;
    }

    /** Shows a report that differs from the one on screen. */
    void show(UsageReport report) {
        shown = report;
        chart.show(report.trend().points(), p -> presenter.bucketLabel(p, report.trend().granularity()));
        channelsModel.setRows(presenter.breakdownRows(report.channels()));
        modelsModel.setRows(presenter.breakdownRows(report.models()));
    }

    /** Tooltips on some column headers: pairs of index and text. */
    private static void headerTips(JTable table, Object... pairs) {
        var tips = new HashMap<Integer, String>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            tips.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        var header = table.getTableHeader();
        header.addMouseMotionListener(new MouseAdapter() {
            @Override
            public void mouseMoved(MouseEvent e) {
                int col = header.columnAtPoint(e.getPoint());
                header.setToolTipText(col < 0 ? null : tips.get(table.convertColumnIndexToModel(col)));
            }
        });
    }

    private static void onDoubleClick(JTable table, IntConsumer action) {
        table.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                int row = table.rowAtPoint(e.getPoint());
                if (e.getClickCount() == 2 && row >= 0) {
                    action.accept(row);
                }
            }
        });
    }

    // ---- for tests

    TrendChart chart() {
        return chart;
    }

    JTable channelsTable() {
        return channelsTable;
    }

    JTable modelsTable() {
        return modelsTable;
    }
}
