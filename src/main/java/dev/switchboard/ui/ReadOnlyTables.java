package dev.switchboard.ui;

import java.awt.Dimension;
import javax.swing.JTable;
import javax.swing.SwingConstants;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableModel;

/** The usage tab's read-only tables (breakdowns, request log, attempts) are made and sized alike. */
final class ReadOnlyTables {
    private ReadOnlyTables() {
    }

    /** A read-only table whose columns from {@code firstNumber} on are numbers, set right. */
    static JTable of(TableModel model, int firstNumber) {
        var t = new JTable(model);
        t.setFillsViewportHeight(true);
        t.setAutoCreateRowSorter(false);
        t.getTableHeader().setReorderingAllowed(false);
        t.setPreferredScrollableViewportSize(new Dimension(400, 160));
        var right = new DefaultTableCellRenderer();
        right.setHorizontalAlignment(SwingConstants.RIGHT);
        for (int i = firstNumber; i < model.getColumnCount(); i++) {
            t.getColumnModel().getColumn(i).setCellRenderer(right);
        }
        return t;
    }

    /** Preferred widths of the first columns, as many as given. */
    static void widths(JTable t, int... widths) {
        for (int i = 0; i < widths.length && i < t.getColumnCount(); i++) {
            t.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
    }
}
