package dev.switchboard.ui;

import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.store.Snapshot;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;

/**
 * The channels tab: every upstream account with its type, base URL, model count and health, and what can be done
 * to one (add, edit, switch on or off, delete, test). Below the table, the selected channel's models with their
 * health and latest speed test result. The logic is in {@link ChannelsModel}; this class only shows it.
 */
final class ChannelsTab implements Tab {
    private final UiContext ctx;
    private final Messages text;
    private final ChannelsModel model;
    private final Clock clock;
    private final JPanel root = new JPanel(new BorderLayout());
    private final CardLayout cards = new CardLayout();
    private final JPanel body = new JPanel(cards);
    private final ChannelTableModel channels = new ChannelTableModel();
    private final RowsTableModel<ChannelsModel.EntryLine> entries;
    private final JTable table;
    private final JTable entryTable;
    private final JLabel entriesTitle = new JLabel();
    private final JButton add = new JButton();
    private final JButton edit = new JButton();
    private final JButton toggle = new JButton();
    private final JButton delete = new JButton();
    private final JButton test = new JButton();
    private final JButton balance = new JButton();
    private final JLabel message = new JLabel();
    private final Map<Long, ChannelsModel.Result> results = new HashMap<>();
    private Snapshot snapshot;
    private boolean testing;
    /** What the last button started, done when its result is on screen (tests wait on it). */
    private CompletableFuture<Void> lastAction = CompletableFuture.completedFuture(null);
    /** Asks the person (question, title) → yes; tests put their own answer here. */
    BiPredicate<String, String> confirm = (question, title) -> JOptionPane.showConfirmDialog(
            window(), question, title, JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE)
            == JOptionPane.OK_OPTION;

    ChannelsTab(UiContext ctx) {
        this(ctx, ctx.clock());
    }

    /** With a clock of its own: tests fix "today" for the recent-model proposal. */
    ChannelsTab(UiContext ctx, Clock clock) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.entries = new RowsTableModel<>(List.of(text.get("channels.entries.col.model"),
                text.get("channels.entries.col.health"), text.get("channels.entries.col.test")), ChannelsTab::entryCell);
        this.clock = clock;
        // built here, not as field initialisers: their column names need the words
        this.table = new JTable(channels);
        this.entryTable = new JTable(entries);
        this.model = new ChannelsModel(ctx.store(), ctx.app().upstream(), clock, text, java.time.ZoneId.systemDefault());
        build();
    }

    private void build() {
        var header = new JPanel(new BorderLayout());
        header.setBorder(BorderFactory.createEmptyBorder(10, 12, 6, 12));
        var buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        add.setText(text.get("channels.add"));
        add.putClientProperty("JButton.buttonType", "default");
        add.addActionListener(e -> openAdd());
        edit.setText(text.get("common.edit"));
        edit.addActionListener(e -> openEdit());
        toggle.setText(text.get("common.disable"));
        toggle.addActionListener(e -> toggleSelected());
        delete.setText(text.get("common.delete"));
        delete.addActionListener(e -> deleteSelected());
        test.setText(text.get("common.test"));
        test.setToolTipText(text.get("channels.test.tip"));
        test.addActionListener(e -> testSelected());
        buttons.add(add);
        buttons.add(edit);
        buttons.add(toggle);
        buttons.add(delete);
        balance.setText(text.get("channels.balance.check"));
        balance.setToolTipText(text.get("channels.balance.check.tip"));
        balance.addActionListener(e -> checkBalanceSelected());
        buttons.add(test);
        buttons.add(balance);
        header.add(buttons, BorderLayout.WEST);
        message.setBorder(BorderFactory.createEmptyBorder(0, 12, 0, 0));
        header.add(message, BorderLayout.CENTER);
        root.add(header, BorderLayout.NORTH);

        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.setRowHeight(26);
        table.setAutoCreateRowSorter(false);
        table.getTableHeader().setReorderingAllowed(false);
        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                selectionChanged();
            }
        });
        table.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getClickCount() == 2 && table.getSelectedRow() >= 0) {
                    openEdit();
                }
            }
        });
        var widths = new int[] {160, 90, 300, 70, 230, 70, 170};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        table.getColumnModel().getColumn(3).setCellRenderer(centered());
        table.getColumnModel().getColumn(4).setCellRenderer(new HealthRenderer());
        table.getColumnModel().getColumn(5).setCellRenderer(new EnabledRenderer());
        table.getColumnModel().getColumn(6).setCellRenderer(new BalanceRenderer());

        entryTable.setRowHeight(24);
        entryTable.getTableHeader().setReorderingAllowed(false);
        entryTable.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        entryTable.getColumnModel().getColumn(0).setPreferredWidth(360);
        entryTable.getColumnModel().getColumn(1).setPreferredWidth(300);
        entryTable.getColumnModel().getColumn(2).setPreferredWidth(360);
        entryTable.getColumnModel().getColumn(1).setCellRenderer(new EntryHealthRenderer());
        entryTable.getColumnModel().getColumn(2).setCellRenderer(new ResultRenderer());

        var lower = new JPanel(new BorderLayout());
        entriesTitle.setBorder(BorderFactory.createEmptyBorder(8, 2, 6, 2));
        entriesTitle.putClientProperty("FlatLaf.style", "font: bold");
        lower.add(entriesTitle, BorderLayout.NORTH);
        lower.add(new JScrollPane(entryTable), BorderLayout.CENTER);
        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(table), lower);
        split.setResizeWeight(0.55);
        split.setDividerLocation(330);
        split.setBorder(BorderFactory.createEmptyBorder(0, 12, 10, 12));

        var empty = new JPanel(new BorderLayout());
        var hint = new JLabel("<html><div style='text-align:center'>" + MainWindow.escape(text.get("channels.empty"))
                + "</div></html>", SwingConstants.CENTER);
        hint.putClientProperty("FlatLaf.style", "font: +2");
        empty.add(hint, BorderLayout.CENTER);

        body.add(split, "table");
        body.add(empty, "empty");
        root.add(body, BorderLayout.CENTER);
        updateButtons();
    }

    @Override
    public String id() {
        return "channels";
    }

    @Override
    public String title() {
        return text.get("tab.channels");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        refresh();
        loadResults();
    }

    @Override
    public void hidden() {
        // nothing live of its own: the window calls refresh() when the configuration or health changes
    }

    @Override
    public void refresh() {
        snapshot = ctx.snapshot();
        var selected = selectedName();
        channels.set(model.rows(snapshot));
        cards.show(body, channels.rows.isEmpty() ? "empty" : "table");
        int index = selected == null ? -1 : channels.indexOf(selected);
        if (index < 0 && !channels.rows.isEmpty()) {
            index = 0;
        }
        if (index >= 0) {
            table.setRowSelectionInterval(index, index);
        }
        selectionChanged();
    }

    /** Loads every entry's latest stored test result (a database read, so in the background). */
    CompletableFuture<Void> loadResults() {
        return ctx.background().run(model::latestResults, loaded -> {
            results.clear();
            results.putAll(loaded);
            selectionChanged();
        }, e -> show(ErrorText.of(e, text), true));
    }

    private void selectionChanged() {
        var name = selectedName();
        if (name == null || snapshot == null) {
            entries.setRows(List.of());
            entriesTitle.setText(" ");
        } else {
            var lines = model.entries(snapshot, name, results);
            entries.setRows(lines);
            entriesTitle.setText(lines.isEmpty() ? text.get("channels.entries.none", name)
                    : text.get("channels.entries.title", name));
        }
        updateButtons();
    }

    private void updateButtons() {
        var row = selectedRow();
        edit.setEnabled(row != null);
        toggle.setEnabled(row != null);
        delete.setEnabled(row != null);
        test.setEnabled(row != null && !testing && row.models() > 0);
        balance.setEnabled(row != null && row.balance() != null);
        toggle.setText(text.get(row != null && !row.enabled() ? "common.enable" : "common.disable"));
    }

    String selectedName() {
        var row = selectedRow();
        return row == null ? null : row.name();
    }

    private ChannelsModel.Row selectedRow() {
        int i = table.getSelectedRow();
        return i < 0 || i >= channels.rows.size() ? null : channels.rows.get(i);
    }

    /** Selects the channel named {@code name} (for tests and after an add). */
    void select(String name) {
        int i = channels.indexOf(name);
        if (i >= 0) {
            table.setRowSelectionInterval(i, i);
        }
    }

    private void openAdd() {
        newAddDialog().open();
    }

    /** The add-channel dialog, built but not shown (the window shows it; tests drive it). */
    AddChannelDialog newAddDialog() {
        var taken = snapshot == null ? List.<String>of()
                : snapshot.channels().stream().map(c -> c.name()).toList();
        return new AddChannelDialog(ctx, flow(), taken, created -> {
                    refresh();
                    select(created.name());
                    show(text.get("channels.added", created.name()), false);
                    loadResults();
                });
    }

    private void openEdit() {
        var editor = newEditor();
        if (editor != null) {
            editor.open();
        }
    }

    /** The editor of the selected channel, built but not shown; null when none is selected. */
    ChannelEditor newEditor() {
        var name = selectedName();
        if (name == null || snapshot == null) {
            return null;
        }
        var channel = snapshot.channels().stream().filter(c -> c.name().equals(name)).findFirst();
        if (channel.isEmpty()) {
            return null;
        }
        boolean neededSecrets = channel.get().needsSecrets();
        return new ChannelEditor(ctx, new ChannelEdit(channel.get(), text), flow(), saved -> {
            refresh();
            select(saved.name());
            // the store switches on a channel that was disabled only for lacking its secrets: say so
            show(text.get(neededSecrets && saved.enabled() ? "channels.saved.keyEnabled" : "channels.saved",
                    saved.name()), false);
        }, (c, added) -> {
            refresh();
            select(c.name());
            show(text.get("channels.models.added", added.size(), c.name()), false);
        });
    }

    /** Adding a channel and adding models share one flow, with the tab's clock for "recent". */
    private OnboardingFlow flow() {
        return new OnboardingFlow(ctx.store(), ctx.app().upstream(), ctx.catalog(), clock, text);
    }

    private void toggleSelected() {
        var row = selectedRow();
        if (row != null) {
            lastAction = setEnabled(row.name(), !row.enabled());
        }
    }

    /** Switches a channel on or off in the store; the table follows. */
    CompletableFuture<Void> setEnabled(String name, boolean enabled) {
        return ctx.background().run(() -> {
            model.setEnabled(name, enabled);
            return name;
        }, n -> {
            refresh();
            show(text.get(enabled ? "channels.enabled" : "channels.disabled", n), false);
        }, e -> show(ErrorText.of(e, text), true));
    }

    private void deleteSelected() {
        var name = selectedName();
        if (name != null) {
            lastAction = confirmAndDelete(name);
        }
    }

    /** Asks, saying how many models go with it; deletes on yes. Completes at once when the answer is no. */
    CompletableFuture<Void> confirmAndDelete(String name) {
        if (!confirm.test(model.deleteQuestion(snapshot, name), text.get("channels.delete.title"))) {
            return CompletableFuture.completedFuture(null);
        }
        return ctx.background().run(() -> model.delete(name), removed -> {
            refresh();
            show(text.get("channels.deleted", removed.name()), false);
        }, e -> show(ErrorText.of(e, text), true));
    }

    private void testSelected() {
        var name = selectedName();
        if (name != null) {
            lastAction = test(name);
        }
    }

    /**
     * Speed-tests the channel's enabled models in the background; each result shows in the models table as it
     * comes (green milliseconds, red cross with the reason).
     */
    CompletableFuture<Void> test(String name) {
        testing = true;
        updateButtons();
        show(text.get("channels.test.running", name), false);
        var done = new java.util.concurrent.atomic.AtomicInteger();
        return ctx.background().run(() -> {
            int total = model.testEntries(name).size();
            return model.test(name, r -> SwingUtilities.invokeLater(() -> {
                results.put(r.entryId(), model.result(r));
                show(text.get("channels.test.progress", name, done.incrementAndGet(), total), false);
                selectionChanged();
            }));
        }, list -> {
            testing = false;
            for (SpeedResult r : list) {
                results.put(r.entryId(), model.result(r));
            }
            long ok = list.stream().filter(SpeedResult::ok).count();
            show(list.isEmpty() ? text.get("channels.test.nothing", name)
                    : text.get("channels.test.done", name, ok, list.size()), ok < list.size());
            refresh();
        }, e -> {
            testing = false;
            show(ErrorText.of(e, text), true);
            updateButtons();
        });
    }

    private void checkBalanceSelected() {
        var name = selectedName();
        if (name != null) {
            lastAction = checkBalance(name);
        }
    }

    /** Checks the channel's balance in the background; the Balance column shows the result, or its error. */
    CompletableFuture<Void> checkBalance(String name) {
        balance.setEnabled(false);
        show(text.get("channels.balance.checking", name), false);
        return ctx.background().run(() -> model.checkBalance(name), checked -> {
            var b = checked.balance();
            show(b == null ? "" : b.failed() ? text.get("channels.balance.failed", name)
                    : text.get("channels.balance.checked", name, b.text()), b == null || b.failed());
            refresh();
        }, e -> {
            show(ErrorText.of(e, text), true);
            updateButtons();
        });
    }

    private void show(String words, boolean bad) {
        message.setText(words);
        message.setForeground(bad ? Theme.bad() : Theme.muted());
    }

    private Component window() {
        var w = ctx.shell().window();
        return w != null ? w : root;
    }

    // For tests: what the tab shows.
    JTable table() {
        return table;
    }

    JTable entryTable() {
        return entryTable;
    }

    JButton addButton() {
        return add;
    }

    JButton editButton() {
        return edit;
    }

    JButton toggleButton() {
        return toggle;
    }

    JButton deleteButton() {
        return delete;
    }

    JButton balanceButton() {
        return balance;
    }

    JButton testButton() {
        return test;
    }

    String message() {
        return message.getText();
    }

    CompletableFuture<Void> lastAction() {
        return lastAction;
    }

    private static DefaultTableCellRenderer centered() {
        var r = new DefaultTableCellRenderer();
        r.setHorizontalAlignment(SwingConstants.CENTER);
        return r;
    }

    private final class ChannelTableModel extends AbstractTableModel {
        private List<ChannelsModel.Row> rows = new ArrayList<>();

        void set(List<ChannelsModel.Row> next) {
            rows = new ArrayList<>(next);
            fireTableDataChanged();
        }

        int indexOf(String name) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).name().equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return 7;
        }

        @Override
        public String getColumnName(int column) {
            return text.get(new String[] {"channels.col.name", "channels.col.type", "channels.col.url",
                    "channels.col.models", "channels.col.health", "channels.col.enabled",
                    "channels.col.balance"}[column]);
        }

        @Override
        public Class<?> getColumnClass(int column) {
            return column == 3 ? Integer.class : column == 5 ? Boolean.class : String.class;
        }

        @Override
        public Object getValueAt(int row, int column) {
            var r = rows.get(row);
            switch (column) {
                case 0:
                    return r.name();
                case 1:
                    return r.type().id();
                case 2:
                    return r.baseUrl();
                case 3:
                    return r.models();
                case 4:
                    return r.healthText();
                case 6:
                    return r.balance() == null ? "" : r.balance().text();
                default:
                    return r.enabled();
            }
        }
    }

    private static Object entryCell(ChannelsModel.EntryLine r, int column) {
        switch (column) {
            case 0:
                return r.alias() == null ? r.model() : r.model() + "  (" + r.alias() + ")";
            case 1:
                return r.health();
            default:
                return r.result() == null ? "" : r.result().text();
        }
    }

    private final class HealthRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            if (!selected) {
                var h = channels.rows.get(t.convertRowIndexToModel(row)).health();
                setForeground(h.disabled() > 0 ? Theme.bad() : h.cooling() > 0 ? Theme.warn()
                        : h.ok() > 0 ? Theme.ok() : Theme.muted());
            }
            return this;
        }
    }

    /** Green when ok, amber when low or not checked yet, red when empty or when the check failed (reason as tip). */
    private final class BalanceRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            var cell = channels.rows.get(t.convertRowIndexToModel(row)).balance();
            setToolTipText(cell == null ? null : cell.tip());
            if (!selected && cell != null) {
                setForeground(cell.level() == null ? Theme.muted() : switch (cell.level()) {
                    case OK -> Theme.ok();
                    case LOW -> Theme.warn();
                    default -> Theme.bad();
                });
            }
            return this;
        }
    }

    private final class EnabledRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            boolean on = Boolean.TRUE.equals(value);
            // a channel imported without keys (or other secrets) shows why it is off, and how to turn it on,
            // instead of a bare "no"
            var r = channels.rows.get(t.convertRowIndexToModel(row));
            boolean onlyKey = r.needsKey() && r.withheldHeaders().isEmpty() && !r.proxyWithheld();
            boolean needs = r.needsSecrets();
            super.getTableCellRendererComponent(t, text.get(onlyKey ? "channels.needsKey"
                    : needs ? "channels.needsSecrets" : on ? "common.yes" : "common.no"), selected, focus, row,
                    column);
            setHorizontalAlignment(SwingConstants.CENTER);
            setToolTipText(onlyKey ? text.get("channels.needsKey.tip")
                    : needs ? text.get("channels.needsSecrets.tip", model.missing(r)) : null);
            if (!selected) {
                setForeground(needs ? Theme.warn() : on ? Theme.ok() : Theme.muted());
            }
            return this;
        }
    }

    private final class EntryHealthRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            if (!selected) {
                switch (entries.row(row).state()) {
                    case OK -> setForeground(Theme.ok());
                    case COOLING -> setForeground(Theme.warn());
                    case DISABLED -> setForeground(Theme.bad());
                    default -> setForeground(Theme.muted());
                }
            }
            return this;
        }
    }

    private final class ResultRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            var result = entries.row(row).result();
            if (result != null) {
                setToolTipText(result.text());
                if (!selected) {
                    setForeground(result.ok() ? Theme.ok() : Theme.bad());
                }
                setFont(getFont().deriveFont(result.ok() ? Font.BOLD : Font.PLAIN));
            } else {
                setToolTipText(null);
            }
            return this;
        }
    }
}
