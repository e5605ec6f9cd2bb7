package dev.switchboard.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.swing.table.AbstractTableModel;

/**
 * The Models table's rows ({@link EntryRows.Row}). Edits of the alias and the switch are not kept here: they go
 * to {@link Edits}, which writes the store, and the table shows them when it reloads from the snapshot.
 */
final class EntryTableModel extends AbstractTableModel {
    static final int CHANNEL = 0;
    static final int MODEL = 1;
    static final int ALIAS = 2;
    static final int GROUPS = 3;
    static final int ENABLED = 4;
    static final int HEALTH = 5;
    static final int SPEED = 6;
    static final int RELEASED = 7;
    static final int CONTEXT = 8;
    static final int VISION = 9;
    static final int TOOLS = 10;
    static final int REASONING = 11;
    private static final String[] KEYS = {"channel", "model", "alias", "groups", "enabled", "health", "speed",
        "released", "context", "vision", "tools", "reasoning"};

    /** What an edit in the table asks for. */
    interface Edits {
        void alias(EntryRows.Row row, String alias);

        void enabled(EntryRows.Row row, boolean enabled);
    }

    private final Messages text;
    private final Edits edits;
    private List<EntryRows.Row> rows = List.of();

    EntryTableModel(Messages text, Edits edits) {
        this.text = text;
        this.edits = edits;
    }

    /**
     * Replaces the rows. When the same entries are there in the same order only their cells change, which keeps
     * the table's selection, sorting and any edit in progress; otherwise it is a new list.
     *
     * @return whether the set of rows changed (the caller restores the selection then)
     */
    boolean setRows(List<EntryRows.Row> next) {
        var before = rows;
        rows = List.copyOf(next);
        if (sameIds(before, rows)) {
            if (!rows.isEmpty()) {
                fireTableRowsUpdated(0, rows.size() - 1);
            }
            return false;
        }
        fireTableDataChanged();
        return true;
    }

    private static boolean sameIds(List<EntryRows.Row> a, List<EntryRows.Row> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).id() != b.get(i).id()) {
                return false;
            }
        }
        return true;
    }

    /** A speed result arrived: only that row's cell changes. */
    void setSpeed(long entryId, EntryRows.SpeedCell cell) {
        int i = indexOf(entryId);
        if (i >= 0) {
            var copy = new ArrayList<>(rows);
            copy.set(i, rows.get(i).withSpeed(cell));
            rows = List.copyOf(copy);
            fireTableRowsUpdated(i, i);
        }
    }

    /** Several cells at once (the start of a test marks its entries as under way). */
    void setSpeeds(Map<Long, EntryRows.SpeedCell> cells) {
        var copy = new ArrayList<>(rows);
        var index = new HashMap<Long, Integer>();
        for (int i = 0; i < copy.size(); i++) {
            index.put(copy.get(i).id(), i);
        }
        cells.forEach((id, cell) -> {
            var i = index.get(id);
            if (i != null) {
                copy.set(i, copy.get(i).withSpeed(cell));
            }
        });
        rows = List.copyOf(copy);
        if (!rows.isEmpty()) {
            fireTableRowsUpdated(0, rows.size() - 1);
        }
    }

    int indexOf(long entryId) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() == entryId) {
                return i;
            }
        }
        return -1;
    }

    EntryRows.Row row(int modelIndex) {
        return rows.get(modelIndex);
    }

    List<EntryRows.Row> rows() {
        return rows;
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return KEYS.length;
    }

    @Override
    public String getColumnName(int column) {
        return text.get("models.col." + KEYS[column]);
    }

    @Override
    public Class<?> getColumnClass(int column) {
        switch (column) {
            case ENABLED:
                return Boolean.class;
            case HEALTH:
                return EntryRows.HealthCell.class;
            case SPEED:
                return EntryRows.SpeedCell.class;
            case CONTEXT:
                return Integer.class;
            case VISION:
            case TOOLS:
            case REASONING:
                return Capability.class;
            default:
                return String.class;
        }
    }

    /** A yes/no catalog fact, shown as a check mark (a plain Boolean would render as a check box). */
    record Capability(boolean yes) implements Comparable<Capability> {
        @Override
        public int compareTo(Capability o) {
            return Boolean.compare(yes, o.yes);
        }

        @Override
        public String toString() {
            return yes ? "✓" : "";
        }
    }

    @Override
    public Object getValueAt(int rowIndex, int column) {
        var r = rows.get(rowIndex);
        var e = r.entry();
        switch (column) {
            case CHANNEL:
                return e.channelName();
            case MODEL:
                return e.model();
            case ALIAS:
                return e.alias() == null ? "" : e.alias();
            case GROUPS:
                return r.groups();
            case ENABLED:
                return e.enabled();
            case HEALTH:
                return r.health();
            case SPEED:
                return r.speed();
            case RELEASED:
                return r.released();
            case CONTEXT:
                return r.facts() == null ? null : r.facts().context();
            case VISION:
                return new Capability(r.vision());
            case TOOLS:
                return new Capability(r.tools());
            case REASONING:
                return new Capability(r.reasoning());
            default:
                return null;
        }
    }

    @Override
    public boolean isCellEditable(int rowIndex, int column) {
        return column == ALIAS || column == ENABLED;
    }

    @Override
    public void setValueAt(Object value, int rowIndex, int column) {
        var r = rows.get(rowIndex);
        if (column == ALIAS) {
            var alias = value == null ? "" : value.toString().strip();
            var old = r.entry().alias() == null ? "" : r.entry().alias();
            if (!alias.equals(old)) {
                edits.alias(r, alias);
            }
        } else if (column == ENABLED && value instanceof Boolean on && on != r.entry().enabled()) {
            edits.enabled(r, on);
        }
    }
}
