package dev.switchboard.ui;

import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.Store;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.DropMode;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.UIManager;

/**
 * The Models tab's groups: choose a group, see its members in the order requests try them, reorder them by drag and
 * drop or buttons, add the entries selected in the table, create and delete groups, order {@code auto} by speed.
 * Logic lives in {@link GroupOrder}; store calls run through {@link TabWork}.
 */
final class GroupsPane {
    private final UiContext ctx;
    private final Messages text;
    private final EntryRows presenter;
    private final TabWork work;
    private final ModelsTab.Confirm confirm;
    private final Supplier<List<Entry>> selectedEntries;
    private final Runnable refresh;

    private final JPanel panel = new JPanel(new BorderLayout(8, 6));
    private final JComboBox<String> groupChooser = new JComboBox<>();
    private final DefaultListModel<Entry> members = new DefaultListModel<>();
    private final JList<Entry> memberList = new JList<>(members);
    private final JButton toTop = new JButton();
    private final JButton up = new JButton();
    private final JButton down = new JButton();
    private final JButton removeMember = new JButton();
    private final JButton addSelected = new JButton();
    private final JButton deleteGroup = new JButton();
    private final JButton orderAuto = new JButton();
    private final JTextField newGroup = new JTextField(14);
    private final JButton createGroup = new JButton();
    private final JLabel groupError = new JLabel(" ");

    private Snapshot snapshot = Snapshot.empty();
    private boolean updatingGroups;

    /**
     * @param selectedEntries the entries selected in the table, for "Add selected entries"
     * @param refresh         rereads the whole tab after a change
     */
    GroupsPane(UiContext ctx, EntryRows presenter, TabWork work, ModelsTab.Confirm confirm,
               Supplier<List<Entry>> selectedEntries, Runnable refresh) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = presenter;
        this.work = work;
        this.confirm = confirm;
        this.selectedEntries = selectedEntries;
        this.refresh = refresh;
        build();
        updateButtons();
    }

    // ---- layout

    private void build() {
        panel.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(1, 0, 0, 0, UIManager.getColor("Separator.foreground")),
                BorderFactory.createEmptyBorder(8, 0, 0, 0)));

        var head = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        var title = new JLabel(text.get("models.groups.title"));
        title.putClientProperty("FlatLaf.styleClass", "h4");
        head.add(title);
        groupChooser.setPrototypeDisplayValue("a-long-group-name-here");
        groupChooser.addActionListener(e -> {
            if (!updatingGroups) {
                showMembers(null);
            }
        });
        head.add(groupChooser);
        deleteGroup.setText(text.get("models.groups.delete"));
        deleteGroup.addActionListener(e -> deleteGroup());
        head.add(deleteGroup);

        var create = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        newGroup.putClientProperty("JTextField.placeholderText", text.get("models.groups.new.placeholder"));
        newGroup.addActionListener(e -> createGroup());
        createGroup.setText(text.get("models.groups.create"));
        createGroup.addActionListener(e -> createGroup());
        orderAuto.setText(text.get("models.groups.orderAuto"));
        orderAuto.setToolTipText(text.get("models.groups.orderAuto.tip"));
        orderAuto.addActionListener(e -> orderAutoBySpeed());
        create.add(newGroup);
        create.add(createGroup);
        create.add(orderAuto);

        var north = new JPanel(new BorderLayout());
        north.add(head, BorderLayout.CENTER);
        north.add(create, BorderLayout.EAST);
        groupError.setForeground(Theme.bad());
        groupError.setHorizontalAlignment(SwingConstants.RIGHT);
        north.add(groupError, BorderLayout.SOUTH);
        panel.add(north, BorderLayout.NORTH);

        memberList.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        memberList.setCellRenderer(new MemberRenderer());
        memberList.setDragEnabled(true);
        memberList.setDropMode(DropMode.INSERT);
        memberList.setTransferHandler(GroupDragHandler.forList(memberList, new GroupDragHandler.Drops() {
            @Override
            public void move(long entryId, int position) {
                moveMember(entryId, g -> GroupOrder.moveTo(ctx.store(), g, entryId, position));
            }

            @Override
            public void add(List<Long> entryIds, int position) {
                addMembers(entryIds, position);
            }
        }));
        memberList.addListSelectionListener(e -> updateButtons());
        var hint = new JLabel(text.get("models.groups.hint"));
        hint.setForeground(Theme.muted());
        hint.setBorder(BorderFactory.createEmptyBorder(4, 2, 0, 0));
        var center = new JPanel(new BorderLayout());
        center.add(new JScrollPane(memberList), BorderLayout.CENTER);
        center.add(hint, BorderLayout.SOUTH);
        panel.add(center, BorderLayout.CENTER);

        var buttons = new JPanel(new GridBagLayout());
        var c = new GridBagConstraints();
        c.gridx = 0;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.insets = new Insets(0, 0, 4, 0);
        toTop.setText(text.get("models.groups.top"));
        toTop.addActionListener(e -> toTop());
        up.setText(text.get("models.groups.up"));
        up.addActionListener(e -> up());
        down.setText(text.get("models.groups.down"));
        down.addActionListener(e -> down());
        removeMember.setText(text.get("models.groups.removeMember"));
        removeMember.addActionListener(e -> removeMember());
        addSelected.setText(text.get("models.groups.addSelected"));
        addSelected.addActionListener(e -> addMembers(selectedEntries.get().stream().map(Entry::id).toList(), null));
        for (var b : List.of(toTop, up, down, removeMember)) {
            buttons.add(b, c);
        }
        c.insets = new Insets(12, 0, 4, 0);
        buttons.add(addSelected, c);
        c.weighty = 1;
        buttons.add(new JLabel(), c);
        panel.add(buttons, BorderLayout.EAST);
    }

    JComponent component() {
        return panel;
    }

    // ---- showing

    /** Shows {@code snapshot}'s groups, keeping the chosen group (auto when it is gone) and its selected member. */
    void show(Snapshot snapshot) {
        this.snapshot = snapshot;
        var names = GroupOrder.names(snapshot);
        var chosen = (String) groupChooser.getSelectedItem();
        updatingGroups = true;
        try {
            var current = new ArrayList<String>();
            for (int i = 0; i < groupChooser.getItemCount(); i++) {
                current.add(groupChooser.getItemAt(i));
            }
            if (!current.equals(names)) {
                groupChooser.setModel(new DefaultComboBoxModel<>(names.toArray(new String[0])));
            }
            groupChooser.setSelectedItem(GroupOrder.keep(names, chosen));
        } finally {
            updatingGroups = false;
        }
        var selected = memberList.getSelectedValue();
        showMembers(selected == null ? null : selected.id());
    }

    private String group() {
        var g = (String) groupChooser.getSelectedItem();
        return g == null ? Group.AUTO : g;
    }

    private void showMembers(Long select) {
        var list = GroupOrder.members(snapshot, group());
        var view = memberList.getVisibleRect();
        members.clear();
        list.forEach(members::addElement);
        if (select != null) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).id() == select) {
                    memberList.setSelectedIndex(i);
                    memberList.ensureIndexIsVisible(i);
                    break;
                }
            }
        } else {
            memberList.scrollRectToVisible(view);
        }
        groupError.setText(" ");
        updateButtons();
    }

    /** Also when the table's selection changes: "Add selected entries" follows it. */
    void updateButtons() {
        var moves = GroupOrder.moves(memberList.getSelectedIndex(), members.getSize());
        toTop.setEnabled(moves.earlier());
        up.setEnabled(moves.earlier());
        down.setEnabled(moves.later());
        removeMember.setEnabled(moves.remove());
        addSelected.setEnabled(!selectedEntries.get().isEmpty() && groupChooser.getSelectedItem() != null);
        deleteGroup.setEnabled(GroupOrder.deletable(snapshot, group()));
    }

    // ---- changes

    CompletableFuture<Void> toTop() {
        return moveSelected(GroupOrder::toTop);
    }

    CompletableFuture<Void> up() {
        return moveSelected(GroupOrder::up);
    }

    CompletableFuture<Void> down() {
        return moveSelected(GroupOrder::down);
    }

    private interface Move {
        Object apply(Store store, String group, long entryId);
    }

    private CompletableFuture<Void> moveSelected(Move move) {
        var e = memberList.getSelectedValue();
        if (e == null) {
            return work.pending();
        }
        return moveMember(e.id(), g -> move.apply(ctx.store(), g, e.id()));
    }

    private CompletableFuture<Void> moveMember(long entryId, Function<String, Object> move) {
        var g = group();
        return work.run(() -> move.apply(g), done -> {
            refresh.run();
            showMembers(entryId);
        });
    }

    CompletableFuture<Void> removeMember() {
        var e = memberList.getSelectedValue();
        if (e == null) {
            return work.pending();
        }
        var g = group();
        return work.run(() -> GroupOrder.remove(ctx.store(), g, e.id()), done -> {
            work.info(text.get("models.groups.removed", e.ref(), g));
            refresh.run();
        });
    }

    CompletableFuture<Void> addMembers(List<Long> ids, Integer position) {
        if (ids.isEmpty()) {
            return work.pending();
        }
        var g = group();
        return work.run(() -> GroupOrder.add(ctx.store(), g, ids, position), n -> {
            work.info(n == 0 ? text.get("models.groups.alreadyIn", g) : text.get("models.groups.added", n, g));
            refresh.run();
        });
    }

    CompletableFuture<Void> createGroup() {
        var name = newGroup.getText();
        groupError.setText(" ");
        return work.run(() -> GroupOrder.create(ctx.store(), name), g -> {
            newGroup.setText("");
            work.info(text.get("models.groups.created", g.name()));
            refresh.run();
            groupChooser.setSelectedItem(g.name());
        }, e -> groupError.setText(ErrorText.of(e, text)));
    }

    CompletableFuture<Void> deleteGroup() {
        var g = group();
        if (!GroupOrder.deletable(snapshot, g)
                || !confirm.ask(text.get("models.groups.delete.title"), text.get("models.groups.delete.confirm", g))) {
            return work.pending();
        }
        return work.run(() -> GroupOrder.delete(ctx.store(), g), done -> {
            work.info(text.get("models.groups.deleted", g));
            refresh.run();
        });
    }

    CompletableFuture<Void> orderAutoBySpeed() {
        return work.run(() -> GroupOrder.orderAutoBySpeed(ctx.store()), g -> {
            work.info(text.get("models.groups.ordered"));
            refresh.run();
            groupChooser.setSelectedItem(g.name());
        });
    }

    // ---- for tests

    JList<Entry> memberList() {
        return memberList;
    }

    JComboBox<String> groupChooser() {
        return groupChooser;
    }

    JButton toTopButton() {
        return toTop;
    }

    JButton downButton() {
        return down;
    }

    JButton addSelectedButton() {
        return addSelected;
    }

    JButton deleteGroupButton() {
        return deleteGroup;
    }

    JLabel groupError() {
        return groupError;
    }

    JTextField newGroupField() {
        return newGroup;
    }

    JButton createGroupButton() {
        return createGroup;
    }

    // ---- renderer

    /** "1.  relay/gpt-4o  (alias)" in the colour of its health; entries switched off greyed. */
    private final class MemberRenderer extends DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean isSelected,
                                                      boolean cellHasFocus) {
            var e = (Entry) value;
            var line = presenter.member(e, index, snapshot.health(e.id()), ctx.clock().instant());
            super.getListCellRendererComponent(list, line.text(), index, isSelected, cellHasFocus);
            if (!isSelected) {
                setForeground(line.off() ? Theme.muted() : line.health() == EntryRows.HealthKind.OK
                        ? list.getForeground() : line.health() == EntryRows.HealthKind.COOLING ? Theme.warn()
                        : Theme.bad());
            }
            setBorder(BorderFactory.createEmptyBorder(3, 6, 3, 6));
            return this;
        }
    }
}
