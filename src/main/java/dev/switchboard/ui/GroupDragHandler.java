package dev.switchboard.ui;

import dev.switchboard.store.Entry;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.util.List;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.JList;
import javax.swing.TransferHandler;

/**
 * Drag and drop for group order: a member dragged within the group's list moves to where it is dropped; entries
 * dragged from the table onto the list join the group there. The drop itself only asks {@link Drops}; the store
 * is written in the background by the tab, through {@link GroupOrder}. Dragging out also gives the entries'
 * {@code channel/model} references as text, so a drop into a text editor is useful too.
 */
final class GroupDragHandler extends TransferHandler {
    /** What is being dragged: entry ids, and whether they came from the group's own list (a move). */
    record Dragged(boolean fromGroup, List<Long> ids, String refs) {
    }

    static final DataFlavor FLAVOR = flavor();

    /** What a drop on the list asks for. */
    interface Drops {
        /** Move a member to the 1-based position. */
        void move(long entryId, int position);

        /** Add entries to the group from the 1-based position on. */
        void add(List<Long> entryIds, int position);
    }

    private final boolean groupList;
    private final Supplier<Dragged> source;
    private final Drops drops;

    private GroupDragHandler(boolean groupList, Supplier<Dragged> source, Drops drops) {
        this.groupList = groupList;
        this.source = source;
        this.drops = drops;
    }

    /** For the group's member list: drags its selected member, accepts moves and entries from the table. */
    static GroupDragHandler forList(JList<Entry> list, Drops drops) {
        return new GroupDragHandler(true, () -> {
            var e = list.getSelectedValue();
            return e == null ? null : new Dragged(true, List.of(e.id()), e.ref());
        }, drops);
    }

    /** For the table: drags the selected entries, accepts nothing. */
    static GroupDragHandler forTable(Supplier<List<Entry>> selected) {
        return new GroupDragHandler(false, () -> {
            var entries = selected.get();
            if (entries.isEmpty()) {
                return null;
            }
            return new Dragged(false, entries.stream().map(Entry::id).toList(),
                    String.join("\n", entries.stream().map(Entry::ref).toList()));
        }, null);
    }

    private static DataFlavor flavor() {
        try {
            return new DataFlavor(DataFlavor.javaJVMLocalObjectMimeType + ";class=" + Dragged.class.getName(),
                    "Switchboard entries", GroupDragHandler.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getSourceActions(JComponent c) {
        return groupList ? MOVE : COPY;
    }

    @Override
    protected Transferable createTransferable(JComponent c) {
        var dragged = source.get();
        return dragged == null ? null : new Payload(dragged);
    }

    @Override
    public boolean canImport(TransferSupport support) {
        return groupList && support.isDrop() && support.isDataFlavorSupported(FLAVOR);
    }

    @Override
    public boolean importData(TransferSupport support) {
        if (!canImport(support) || !(support.getDropLocation() instanceof JList.DropLocation at)) {
            return false;
        }
        Dragged dragged;
        try {
            dragged = (Dragged) support.getTransferable().getTransferData(FLAVOR);
        } catch (UnsupportedFlavorException | java.io.IOException e) {
            return false;
        }
        @SuppressWarnings("unchecked")
        var list = (JList<Entry>) support.getComponent();
        int size = list.getModel().getSize();
        int dropIndex = at.getIndex() < 0 ? size : at.getIndex();
        if (dragged.fromGroup()) {
            long id = dragged.ids().get(0);
            int from = indexOf(list, id);
            if (from < 0) {
                return false;
            }
            int position = GroupOrder.dropPosition(from, dropIndex, size);
            if (position != from + 1) {
                drops.move(id, position);
            }
            return true;
        }
        drops.add(dragged.ids(), dropIndex + 1);
        return true;
    }

    private static int indexOf(JList<Entry> list, long id) {
        var model = list.getModel();
        for (int i = 0; i < model.getSize(); i++) {
            if (model.getElementAt(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    /** The drag's data: the entries for a drop on the list, their references for anything else. */
    private record Payload(Dragged dragged) implements Transferable {
        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return new DataFlavor[] {FLAVOR, DataFlavor.stringFlavor};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor flavor) {
            return FLAVOR.equals(flavor) || DataFlavor.stringFlavor.equals(flavor);
        }

        @Override
        public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException {
            if (FLAVOR.equals(flavor)) {
                return dragged;
            }
            if (DataFlavor.stringFlavor.equals(flavor)) {
                return dragged.refs();
            }
            throw new UnsupportedFlavorException(flavor);
        }
    }
}
