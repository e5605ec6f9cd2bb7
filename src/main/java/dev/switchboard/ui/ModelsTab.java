package dev.switchboard.ui;

import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedTest;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Group;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.SpeedTestStore;
import dev.switchboard.store.Store;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
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
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.RowFilter;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.event.ChangeEvent;
import javax.swing.event.CellEditorListener;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableRowSorter;

/**
 * The Models tab (API management): every entry with its channel, alias, groups, switch, health, last speed test
 * and catalog facts; the groups with their order, changed by drag and drop or buttons; and "Test all" with live
 * progress. Logic lives in {@link EntryRows}, {@link GroupOrder} and {@link SpeedRun}; this class lays it out and
 * runs every store and network call in the background.
 */
final class ModelsTab implements Tab {
    /** Asks the person to confirm a removal; tests answer for them. */
    interface Confirm {
        boolean ask(String title, String message);
    }

    private final UiContext ctx;
    private final Messages text;
    private final EntryRows presenter;
    private final JPanel root = new JPanel(new BorderLayout());

    // entries
    private final JTextField filter = new JTextField(24);
    private final EntryTableModel model;
    private final JTable table;
    private final TableRowSorter<EntryTableModel> sorter;
    private final JScrollPane tableScroll;
    private final JButton remove = new JButton();
    private final JButton testAll = new JButton();
    private final JProgressBar progress = new JProgressBar();
    private final JLabel count = new JLabel();
    private final JLabel message = new JLabel(" ");

    // groups
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

    private final Timer ticker;
    Confirm confirm;

    private final SpeedCells speeds;
    private Snapshot snapshot = Snapshot.empty();
    private boolean refreshWhenEdited;
    private boolean updatingGroups;
    private Instant nextExpiry;
    /** The last background work started, for tests to wait on. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    ModelsTab(UiContext ctx) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = new EntryRows(ctx.catalog(), text, ZoneId.systemDefault());
        this.speeds = new SpeedCells(presenter);
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
        this.confirm = (title, msg) -> JOptionPane.showConfirmDialog(parent(), msg, title,
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE) == JOptionPane.OK_OPTION;
        this.ticker = new Timer(1000, e -> {
            // A cooldown ends without any change to announce it: redraw when the first one has passed.
            if (nextExpiry != null && !ctx.clock().instant().isBefore(nextExpiry)) {
                refresh();
            }
        });
        build();
    }

    // ---- layout

    private void build() {
        root.setBorder(BorderFactory.createEmptyBorder(8, 10, 6, 10));

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
        remove.setText(text.get("models.remove"));
        remove.addActionListener(e -> removeSelected());
        testAll.addActionListener(e -> testAll());
        progress.setStringPainted(true);
        progress.setVisible(false);
        progress.setPreferredSize(new Dimension(160, progress.getPreferredSize().height));
        count.setForeground(Theme.muted());

        var top = new JPanel(new BorderLayout(8, 0));
        var left = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        left.add(filter);
        left.add(count);
        var right = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        right.add(progress);
        right.add(remove);
        right.add(testAll);
        top.add(left, BorderLayout.CENTER);
        top.add(right, BorderLayout.EAST);
        top.setBorder(BorderFactory.createEmptyBorder(0, 0, 6, 0));

        buildTable();

        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, tableScroll, buildGroups());
        split.setResizeWeight(0.62);
        split.setDividerLocation(400);
        split.setBorder(null);

        message.setBorder(BorderFactory.createEmptyBorder(4, 2, 0, 2));
        root.add(top, BorderLayout.NORTH);
        root.add(split, BorderLayout.CENTER);
        root.add(message, BorderLayout.SOUTH);
        updateButtons();
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
        table.getSelectionModel().addListSelectionListener(e -> updateButtons());
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

    private JComponent buildGroups() {
        var panel = new JPanel(new BorderLayout(8, 6));
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
        addSelected.addActionListener(e -> addMembers(selectedEntries().stream().map(Entry::id).toList(), null));
        for (var b : List.of(toTop, up, down, removeMember)) {
            buttons.add(b, c);
        }
        c.insets = new Insets(12, 0, 4, 0);
        buttons.add(addSelected, c);
        c.weighty = 1;
        buttons.add(new JLabel(), c);
        panel.add(buttons, BorderLayout.EAST);
        return panel;
    }

    private Component parent() {
        var w = ctx.shell().window();
        return w != null ? w : root;
    }

    // ---- Tab

    @Override
    public String id() {
        return "models";
    }

    @Override
    public String title() {
        return ctx.text().get("tab.models");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        refresh();
        ticker.start();
    }

    @Override
    public void hidden() {
        ticker.stop();
    }

    /**
     * Reloads from the snapshot (in memory while the gateway runs) keeping the selected rows, the chosen group,
     * its selected member and the scroll position; then rereads the speed results in the background, since a
     * test from the tray or the CLI announces nothing.
     */
    @Override
    public void refresh() {
        if (table.isEditing()) {
            refreshWhenEdited = true; // rebuilding the rows now would throw the edit away
            return;
        }
        snapshot = ctx.snapshot();
        render();
        reloadSpeeds();
    }

    private void render() {
        var now = ctx.clock().instant();
        var rows = speeds.rows(snapshot, now);
        nextExpiry = EntryRows.nextExpiry(snapshot, now);

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
        updateGroups();
        updateCount();
        updateButtons();
    }

    private void reloadSpeeds() {
        if (!speeds.startReading()) {
            return;
        }
        pending = ctx.background().run(() -> ctx.store().speedTests().latest(), loaded -> {
            if (speeds.read(loaded)) {
                render();
            }
        }, e -> speeds.readFailed());
    }

    private void afterEdit() {
        if (refreshWhenEdited) {
            refreshWhenEdited = false;
            SwingUtilities.invokeLater(this::refresh);
        }
    }

    // ---- entries

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

    private List<Long> selectedIds() {
        return selectedEntries().stream().map(Entry::id).toList();
    }

    private List<Entry> selectedEntries() {
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

    private void setAlias(EntryRows.Row row, String alias) {
        var ref = row.entry().ref();
        work(() -> EntryRows.setAlias(ctx.store(), row.id(), alias), e -> {
            info(e.alias() == null ? text.get("models.alias.cleared", ref)
                    : text.get("models.alias.set", ref, e.alias()));
            refresh();
        });
    }

    private void setEnabled(EntryRows.Row row, boolean enabled) {
        var ref = row.entry().ref();
        work(() -> EntryRows.setEnabled(ctx.store(), row.id(), enabled), e -> {
            info(text.get(enabled ? "models.enabled.on" : "models.enabled.off", ref));
            refresh();
        });
    }

    CompletableFuture<Void> removeSelected() {
        var chosen = selectedEntries();
        if (chosen.isEmpty()) {
            return pending;
        }
        var msg = chosen.size() == 1 ? text.get("models.remove.one", chosen.get(0).ref())
                : text.get("models.remove.many", chosen.size());
        if (!confirm.ask(text.get("models.remove.title"), msg)) {
            return pending;
        }
        return work(() -> {
            for (var e : chosen) {
                EntryRows.remove(ctx.store(), e.id());
            }
            return chosen.size();
        }, n -> {
            info(n == 1 ? text.get("models.removed.one", chosen.get(0).ref()) : text.get("models.removed.many", n));
            refresh();
        });
    }

    /**
     * "Test all" (or the selected rows, or the ones the filter shows): each row's speed cell turns green or red
     * as its result arrives, and the bar counts.
     */
    CompletableFuture<Void> testAll() {
        if (speeds.testing()) {
            return pending;
        }
        var chosen = SpeedRun.chosen(snapshot, visibleEntries(), selectedIds(), !filter.getText().isBlank());
        var test = new SpeedTest(ctx.store(), ctx.app().upstream(), ctx.clock());
        speeds.testStarting();
        message(" ", null);
        updateButtons();
        progress.setVisible(true);
        progress.setIndeterminate(true);
        progress.setString(text.get("models.test.starting"));
        var done = new int[1];
        var total = new int[1];
        pending = ctx.background().run(() -> {
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
                info(text.get("models.test.nothing"));
            } else {
                message(text.get("models.test.done", d.results().size(), ok, d.results().size() - ok),
                        ok == d.results().size() ? Theme.ok() : Theme.warn());
            }
            refresh();
        }, e -> {
            speeds.testFailed();
            progress.setVisible(false);
            error(e);
            refresh();
        });
        return pending;
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

    // ---- groups

    private String group() {
        var g = (String) groupChooser.getSelectedItem();
        return g == null ? Group.AUTO : g;
    }

    /** Keeps the chosen group (auto when it is gone) and its selected member. */
    private void updateGroups() {
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
            return pending;
        }
        return moveMember(e.id(), g -> move.apply(ctx.store(), g, e.id()));
    }

    private CompletableFuture<Void> moveMember(long entryId, Function<String, Object> move) {
        var g = group();
        return work(() -> move.apply(g), done -> {
            refresh();
            showMembers(entryId);
        });
    }

    CompletableFuture<Void> removeMember() {
        var e = memberList.getSelectedValue();
        if (e == null) {
            return pending;
        }
        var g = group();
        return work(() -> GroupOrder.remove(ctx.store(), g, e.id()), done -> {
            info(text.get("models.groups.removed", e.ref(), g));
            refresh();
        });
    }

    CompletableFuture<Void> addMembers(List<Long> ids, Integer position) {
        if (ids.isEmpty()) {
            return pending;
        }
        var g = group();
        return work(() -> GroupOrder.add(ctx.store(), g, ids, position), n -> {
            info(n == 0 ? text.get("models.groups.alreadyIn", g) : text.get("models.groups.added", n, g));
            refresh();
        });
    }

    CompletableFuture<Void> createGroup() {
        var name = newGroup.getText();
        groupError.setText(" ");
        pending = ctx.background().run(() -> GroupOrder.create(ctx.store(), name), g -> {
            newGroup.setText("");
            info(text.get("models.groups.created", g.name()));
            refresh();
            groupChooser.setSelectedItem(g.name());
        }, e -> groupError.setText(ErrorText.of(e, text)));
        return pending;
    }

    CompletableFuture<Void> deleteGroup() {
        var g = group();
        if (!GroupOrder.deletable(snapshot, g)
                || !confirm.ask(text.get("models.groups.delete.title"), text.get("models.groups.delete.confirm", g))) {
            return pending;
        }
        return work(() -> GroupOrder.delete(ctx.store(), g), done -> {
            info(text.get("models.groups.deleted", g));
            refresh();
        });
    }

    CompletableFuture<Void> orderAutoBySpeed() {
        return work(() -> GroupOrder.orderAutoBySpeed(ctx.store()), g -> {
            info(text.get("models.groups.ordered"));
            refresh();
            groupChooser.setSelectedItem(g.name());
        });
    }

    // ---- state of the buttons, messages

    private void updateButtons() {
        int selected = table.getSelectedRowCount();
        boolean filtered = !filter.getText().isBlank();
        remove.setEnabled(selected > 0);
        testAll.setEnabled(!speeds.testing());
        testAll.setText(presenter.testLabel(selected, filtered, table.getRowCount()));
        var moves = GroupOrder.moves(memberList.getSelectedIndex(), members.getSize());
        toTop.setEnabled(moves.earlier());
        up.setEnabled(moves.earlier());
        down.setEnabled(moves.later());
        removeMember.setEnabled(moves.remove());
        addSelected.setEnabled(selected > 0 && groupChooser.getSelectedItem() != null);
        deleteGroup.setEnabled(GroupOrder.deletable(snapshot, group()));
    }

    private <T> CompletableFuture<Void> work(Callable<T> job, Consumer<T> done) {
        pending = ctx.background().run(job, done, e -> {
            error(e);
            refresh(); // an edit the store refused: show the stored value again
        });
        return pending;
    }

    private void info(String msg) {
        message(msg, null);
    }

    private void error(Exception e) {
        message(ErrorText.of(e, text), Theme.bad());
    }

    private void message(String msg, Color colour) {
        message.setText(msg);
        message.setForeground(colour != null ? colour : UIManager.getColor("Label.foreground"));
    }

    // ---- for tests

    JTable table() {
        return table;
    }

    JList<Entry> memberList() {
        return memberList;
    }

    JComboBox<String> groupChooser() {
        return groupChooser;
    }

    JButton testButton() {
        return testAll;
    }

    JButton toTopButton() {
        return toTop;
    }

    JProgressBar progress() {
        return progress;
    }

    JLabel message() {
        return message;
    }

    JLabel groupError() {
        return groupError;
    }

    JTextField filter() {
        return filter;
    }

    JTextField newGroupField() {
        return newGroup;
    }

    JButton createGroupButton() {
        return createGroup;
    }

    /** The last background work started (a store change, a test): tests wait on it instead of sleeping. */
    CompletableFuture<Void> pending() {
        return pending;
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
