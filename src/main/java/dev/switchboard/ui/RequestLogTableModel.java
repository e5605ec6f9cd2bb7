package dev.switchboard.ui;

import dev.switchboard.usage.LoggedRequest;
import java.util.List;
import javax.swing.table.AbstractTableModel;

/** One page of the request log, newest first; cells are the presenter's texts. */
final class RequestLogTableModel extends AbstractTableModel {
    private final UsagePresenter presenter;
    private final List<String> columns;
    private List<LoggedRequest> requests = List.of();

    RequestLogTableModel(UsagePresenter presenter) {
        this.presenter = presenter;
        this.columns = presenter.requestColumns();
    }

    /** Replaces the page; returns false (and leaves the table and its selection alone) when nothing changed. */
    boolean setRequests(List<LoggedRequest> requests) {
        if (this.requests.equals(requests)) {
            return false;
        }
        this.requests = List.copyOf(requests);
        fireTableDataChanged();
        return true;
    }

    LoggedRequest request(int row) {
        return requests.get(row);
    }

    /** The row of the request with this id, or -1. */
    int rowOf(long id) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int getRowCount() {
        return requests.size();
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
        return presenter.requestCell(requests.get(row), column);
    }
}
