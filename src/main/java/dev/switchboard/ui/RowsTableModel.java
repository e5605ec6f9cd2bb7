package dev.switchboard.ui;

import java.util.List;
import java.util.function.BiFunction;
import javax.swing.table.AbstractTableModel;

/**
 * A read-only table over a list of rows: the presenter makes the rows, {@code cell} turns a row and a column
 * index into what the cell shows. Every plain table of the window is one of these.
 */
final class RowsTableModel<T> extends AbstractTableModel {
    private final List<String> columns;
    private final BiFunction<T, Integer, Object> cell;
    private List<T> rows = List.of();

    RowsTableModel(List<String> columns, BiFunction<T, Integer, Object> cell) {
        this.columns = List.copyOf(columns);
        this.cell = cell;
    }

    /**
     * Replaces the rows; returns false, leaving the table and its selection alone, when nothing changed (live
     * views reload every few seconds and must not make the selection flicker).
     */
    boolean setRows(List<T> next) {
        if (rows.equals(next)) {
            return false;
        }
        rows = List.copyOf(next);
        fireTableDataChanged();
        return true;
    }

    T row(int index) {
        return rows.get(index);
    }

    List<T> rows() {
        return rows;
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
        return cell.apply(rows.get(row), column);
    }
}
