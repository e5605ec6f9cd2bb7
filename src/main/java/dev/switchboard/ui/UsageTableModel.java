package dev.switchboard.ui;

import java.util.List;
import java.util.Objects;
import javax.swing.table.AbstractTableModel;

/** A read-only table of texts the presenter made; replacing equal rows does nothing (no flicker every tick). */
final class UsageTableModel extends AbstractTableModel {
    private final List<String> columns;
    private List<List<String>> rows = List.of();

    UsageTableModel(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    void setRows(List<List<String>> rows) {
        if (Objects.equals(this.rows, rows)) {
            return;
        }
        this.rows = List.copyOf(rows);
        fireTableDataChanged();
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnName(int column) {
        return columns.get(column);
    }

    @Override
    public Object getValueAt(int row, int column) {
        return rows.get(row).get(column);
    }
}
