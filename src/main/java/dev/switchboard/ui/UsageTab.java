package dev.switchboard.ui;

import dev.switchboard.store.LoggedRequest;
import dev.switchboard.usage.UsageReport;
import dev.switchboard.usage.UsageStats;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.Insets;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableModel;

/**
 * Usage: how many requests, how many succeeded, what they cost in tokens, per channel and per model, over today or
 * the last 7 or 30 days; the trend; and the request log with each request's attempts. While shown it reads again
 * every two seconds (usage writes are not announced as data changes); hidden, it does nothing at all.
 */
final class UsageTab implements Tab {
    /** How often the shown tab reads the log again. */
    static final int LIVE_MILLIS = 2000;
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final UiContext ctx;
    private final Messages text;
    private final UsagePresenter presenter;
    private final JPanel root = new JPanel(new BorderLayout());
    private final JComboBox<String> range = new JComboBox<>();
    private final javax.swing.JTextField customFrom = new javax.swing.JTextField(9);
    private final javax.swing.JTextField customTo = new javax.swing.JTextField(9);
    private final JLabel customError = new JLabel();
    private final JLabel status = new JLabel(" ");
    private final Map<String, CardView> cards = new LinkedHashMap<>();
    private final TrendChart chart;
    private final RowsTableModel<List<String>> channelsModel;
    private final RowsTableModel<List<String>> modelsModel;
    private final JTable channelsTable;
    private final JTable modelsTable;
    private final RowsTableModel<LoggedRequest> logModel;
    private final JTable logTable;
    private final RowsTableModel<List<String>> attemptsModel;
    private final JTable attemptsTable;
    private final JLabel detail = new JLabel();
    private final JComboBox<UsagePresenter.Choice> channelFilter = new JComboBox<>();
    private final JComboBox<UsagePresenter.Choice> modelFilter = new JComboBox<>();
    private final JComboBox<UsagePresenter.Choice> outcomeFilter = new JComboBox<>();
    private final JButton newer = new JButton();
    private final JButton older = new JButton();
    private final JLabel pageLabel = new JLabel(" ");
    private final JTabbedPane views = new JTabbedPane();
    private final Timer timer;
    private CompletableFuture<Void> lastLoad = CompletableFuture.completedFuture(null);
    /** Only the newest load's answer is shown: a slow one that a range change overtook is dropped. */
    private long loadSeq;
    private UsageReport shown;
    private boolean updatingFilters;

    UsageTab(UiContext ctx) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.presenter = new UsagePresenter(UsageStats.of(ctx.store()), text, ctx.clock(), ZoneId.systemDefault());
        this.chart = TrendChart.create(text);
        this.channelsModel = new RowsTableModel<>(presenter.breakdownColumns(true), List::get);
        this.modelsModel = new RowsTableModel<>(presenter.breakdownColumns(false), List::get);
        this.channelsTable = table(channelsModel, 1);
        this.modelsTable = table(modelsModel, 1);
        this.logModel = new RowsTableModel<>(presenter.requestColumns(), presenter::requestCell);
        this.logTable = table(logModel, 6);
        this.attemptsModel = new RowsTableModel<>(presenter.attemptColumns(), List::get);
        this.attemptsTable = table(attemptsModel, 6);
        this.timer = new Timer(LIVE_MILLIS, e -> tick());
        timer.setRepeats(true);
        build();
    }

    @Override
    public String id() {
        return "usage";
    }

    @Override
    public String title() {
        return text.get("tab.usage");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        load();
        timer.start();
    }

    @Override
    public void hidden() {
        timer.stop();
    }

    /** The configuration changed: the log does not depend on it, but a renamed channel shows sooner. */
    @Override
    public void refresh() {
        tick();
    }

    // ---- loading ----

    /** Reads the chosen range in the background and shows it; the future completes once it is shown. */
    CompletableFuture<Void> load() {
        long seq = ++loadSeq;
        var query = presenter.query();
        lastLoad = ctx.background().run(() -> presenter.load(query), report -> {
            if (seq == loadSeq) {
                show(report);
            }
        }, e -> {
            if (seq == loadSeq) {
                status.setText(text.get("usage.error", ErrorText.of(e, text)));
                status.setForeground(Theme.bad());
            }
        });
        return lastLoad;
    }

    /** A timer tick: read again unless the last read is still running (a slow disk must not pile reads up). */
    private void tick() {
        if (lastLoad.isDone()) {
            load();
        }
    }

    private void show(UsageReport report) {
        presenter.loaded(report);
        status.setText(text.get("usage.updated", ctx.clock().instant().atZone(ZoneId.systemDefault())
                .format(UPDATED)));
        status.setForeground(UIManager.getColor("Label.disabledForeground"));
        if (report.equals(shown)) {
            return; // nothing new: leave tables, selection and scroll alone
        }
        shown = report;
        for (var card : presenter.cards(report.totals())) {
            cards.get(card.id()).set(card);
        }
        chart.show(report.trend().points(), p -> presenter.bucketLabel(p, report.trend().granularity()));
        channelsModel.setRows(presenter.breakdownRows(report.channels()));
        modelsModel.setRows(presenter.breakdownRows(report.models()));
        updateFilters(report);

        var page = report.page();
        long selected = selectedId();
        if (logModel.setRows(page.requests())) {
            int row = selected < 0 ? -1 : rowOf(selected);
            if (row >= 0) {
                logTable.setRowSelectionInterval(row, row);
            } else {
                showAttempts(-1);
            }
        }
        pageLabel.setText(presenter.pageText(page));
        newer.setEnabled(page.hasPrevious());
        older.setEnabled(page.hasNext());
    }

    private long selectedId() {
        int row = logTable.getSelectedRow();
        return row < 0 ? -1 : logModel.row(row).id();
    }

    private void showAttempts(int row) {
        if (row < 0) {
            attemptsModel.setRows(List.of());
            detail.setText(text.get("usage.attempts.hint"));
            return;
        }
        var request = logModel.row(row);
        attemptsModel.setRows(presenter.attemptRows(request));
        detail.setText(presenter.requestSummary(request));
    }

    private void updateFilters(UsageReport report) {
        updatingFilters = true;
        try {
            fill(channelFilter, presenter.channelChoices(report), presenter.filter().channel());
            fill(modelFilter, presenter.modelChoices(report), presenter.filter().model());
        } finally {
            updatingFilters = false;
        }
    }

    /** Replaces the items when they differ, keeping the chosen value. */
    private static void fill(JComboBox<UsagePresenter.Choice> box, List<UsagePresenter.Choice> choices,
                             String chosen) {
        var model = (DefaultComboBoxModel<UsagePresenter.Choice>) box.getModel();
        boolean same = model.getSize() == choices.size();
        for (int i = 0; same && i < choices.size(); i++) {
            same = model.getElementAt(i).equals(choices.get(i));
        }
        if (!same) {
            model.removeAllElements();
            model.addAll(choices);
        }
        for (var c : choices) {
            if (Objects.equals(c.value(), chosen)) {
                model.setSelectedItem(c);
                break;
            }
        }
    }

    private void filterChanged() {
        if (updatingFilters) {
            return;
        }
        presenter.filter(UsagePresenter.filterOf((UsagePresenter.Choice) channelFilter.getSelectedItem(),
                (UsagePresenter.Choice) modelFilter.getSelectedItem(),
                (UsagePresenter.Choice) outcomeFilter.getSelectedItem()));
        load();
    }

    /** Double-click on a channel or model: its requests in the log. */
    private void showRequestsOf(String channel, String model) {
        updatingFilters = true;
        try {
            select(channelFilter, channel);
            select(modelFilter, model);
        } finally {
            updatingFilters = false;
        }
        views.setSelectedIndex(1);
        filterChanged();
    }

    private static void select(JComboBox<UsagePresenter.Choice> box, String value) {
        var model = (DefaultComboBoxModel<UsagePresenter.Choice>) box.getModel();
        for (int i = 0; i < model.getSize(); i++) {
            if (Objects.equals(model.getElementAt(i).value(), value)) {
                model.setSelectedItem(model.getElementAt(i));
                return;
            }
        }
    }

    /** Takes the typed days, or says inline what is wrong with them and keeps the range shown. */
    java.util.concurrent.CompletableFuture<Void> applyCustom() {
        var problem = presenter.custom(customFrom.getText(), customTo.getText());
        customError.setText(problem == null ? "" : problem);
        return problem == null ? load() : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    javax.swing.JTextField customFromField() {
        return customFrom;
    }

    javax.swing.JTextField customToField() {
        return customTo;
    }

    JLabel customError() {
        return customError;
    }

    // ---- layout ----

    private void build() {
        for (var s : UsagePresenter.Span.values()) {
            range.addItem(presenter.spanLabel(s));
        }
        var custom = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        customFrom.putClientProperty("JTextField.placeholderText", "yyyy-MM-dd");
        customTo.putClientProperty("JTextField.placeholderText", "yyyy-MM-dd");
        var today = java.time.LocalDate.now(ctx.clock().withZone(java.time.ZoneId.systemDefault())).toString();
        customFrom.setText(java.time.LocalDate.parse(today).minusDays(6).toString());
        customTo.setText(today);
        var apply = new javax.swing.JButton(text.get("usage.range.custom.apply"));
        apply.addActionListener(e -> applyCustom());
        customError.setForeground(Theme.bad());
        custom.add(customFrom);
        custom.add(new JLabel("–"));
        custom.add(customTo);
        custom.add(apply);
        custom.add(customError);
        custom.setVisible(false);
        range.addActionListener(e -> {
            var chosen = UsagePresenter.Span.values()[range.getSelectedIndex()];
            custom.setVisible(chosen == UsagePresenter.Span.CUSTOM);
            if (chosen == UsagePresenter.Span.CUSTOM) {
                applyCustom(); // the days shown in the fields, until the person changes them
                return;
            }
            presenter.span(chosen);
            load();
        });
        var header = new JPanel(new BorderLayout());
        var left = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 0));
        left.add(new JLabel(text.get("usage.range.label")));
        left.add(range);
        left.add(custom);
        header.add(left, BorderLayout.WEST);
        header.add(status, BorderLayout.EAST);

        var cardRow = new JPanel(new GridLayout(1, 5, 10, 0));
        for (var id : List.of("requests", "success", "input", "output", "cache")) {
            var card = new CardView();
            card.setName("usage.card." + id);
            cards.put(id, card);
            cardRow.add(card);
        }
        for (var card : presenter.cards(dev.switchboard.usage.UsageTotals.NONE)) {
            cards.get(card.id()).set(card);
        }

        var north = new JPanel();
        north.setLayout(new BoxLayout(north, BoxLayout.Y_AXIS));
        north.setBorder(BorderFactory.createEmptyBorder(10, 12, 8, 12));
        header.setAlignmentX(Component.LEFT_ALIGNMENT);
        cardRow.setAlignmentX(Component.LEFT_ALIGNMENT);
        north.add(header);
        north.add(Box.createVerticalStrut(10));
        north.add(cardRow);

        views.addTab(text.get("usage.view.overview"), overview());
        views.addTab(text.get("usage.view.log"), log());
        views.setBorder(BorderFactory.createEmptyBorder(0, 8, 8, 8));

        root.add(north, BorderLayout.NORTH);
        root.add(views, BorderLayout.CENTER);
    }

    private JComponent overview() {
        // One breakdown at a time, full width: side by side, seven columns each would not fit 1180 pixels.
        var tables = new JTabbedPane();
        tables.putClientProperty("JTabbedPane.tabType", "card");
        tables.addTab(text.get("usage.perChannel"), new JScrollPane(channelsTable));
        tables.addTab(text.get("usage.perModel"), new JScrollPane(modelsTable));
        widths(channelsTable, 220, 90, 90, 160, 100, 160, 140);
        widths(modelsTable, 220, 90, 90, 160, 100, 160, 140);
        headerTips(channelsTable, 3, text.get("usage.tip.inOut"), 5, text.get("usage.tip.latency"));
        headerTips(modelsTable, 3, text.get("usage.tip.inOut"), 5, text.get("usage.tip.latency"));
        channelsTable.setToolTipText(text.get("usage.perHint"));
        modelsTable.setToolTipText(text.get("usage.perHint"));
        onDoubleClick(channelsTable, row -> {
            var name = shown == null ? null : shown.channels().get(row).name();
            if (name != null) {
                showRequestsOf(name, null);
            }
        });
        onDoubleClick(modelsTable, row -> {
            var name = shown == null ? null : shown.models().get(row).name();
            if (name != null) {
                showRequestsOf(null, name);
            }
        });
        chart.setBorder(BorderFactory.createEmptyBorder(4, 0, 8, 0));
        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, chart, tables);
        split.setResizeWeight(0.5);
        split.setBorder(BorderFactory.createEmptyBorder(6, 4, 4, 4));
        return split;
    }

    private JComponent log() {
        for (var box : List.of(channelFilter, modelFilter, outcomeFilter)) {
            box.setModel(new DefaultComboBoxModel<>());
            box.setPrototypeDisplayValue(new UsagePresenter.Choice(null, "claude-3-5-sonnet-latest"));
        }
        ((DefaultComboBoxModel<UsagePresenter.Choice>) outcomeFilter.getModel()).addAll(presenter.outcomeChoices());
        outcomeFilter.setSelectedIndex(0);
        updatingFilters = true;
        fill(channelFilter, List.of(new UsagePresenter.Choice(null, text.get("usage.filter.anyChannel"))), null);
        fill(modelFilter, List.of(new UsagePresenter.Choice(null, text.get("usage.filter.anyModel"))), null);
        updatingFilters = false;
        for (var box : List.of(channelFilter, modelFilter, outcomeFilter)) {
            box.addActionListener(e -> filterChanged());
        }
        newer.setText("‹ " + text.get("usage.page.previous"));
        older.setText(text.get("usage.page.next") + " ›");
        newer.setEnabled(false);
        older.setEnabled(false);
        newer.addActionListener(e -> {
            presenter.previousPage();
            load();
        });
        older.addActionListener(e -> {
            presenter.nextPage();
            load();
        });

        var filters = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        filters.add(channelFilter);
        filters.add(modelFilter);
        filters.add(outcomeFilter);
        var pager = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        pager.add(newer);
        pager.add(pageLabel);
        pager.add(older);
        var bar = new JPanel(new BorderLayout());
        bar.setBorder(BorderFactory.createEmptyBorder(6, 0, 6, 0));
        bar.add(filters, BorderLayout.WEST);
        bar.add(pager, BorderLayout.EAST);

        logTable.getSelectionModel().setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        logTable.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showAttempts(logTable.getSelectedRow());
            }
        });
        widths(logTable, 110, 130, 140, 130, 160, 120, 55, 45, 75, 75, 75, 75);
        widths(attemptsTable, 30, 120, 160, 50, 60, 120, 80, 80, 420);
        var outcomes = new OutcomeRenderer();
        logTable.getColumnModel().getColumn(5).setCellRenderer(outcomes);
        attemptsTable.getColumnModel().getColumn(5).setCellRenderer(outcomes);
        var errors = new DefaultTableCellRenderer() {
            @Override
            public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                           int row, int col) {
                super.getTableCellRendererComponent(t, value, selected, focus, row, col);
                setToolTipText(value == null || value.toString().isEmpty() ? null : value.toString());
                return this;
            }
        };
        attemptsTable.getColumnModel().getColumn(8).setCellRenderer(errors);

        detail.setText(text.get("usage.attempts.hint"));
        detail.setBorder(BorderFactory.createEmptyBorder(6, 2, 4, 2));
        var attempts = new JPanel(new BorderLayout());
        var attemptsHead = new JPanel(new BorderLayout());
        var attemptsTitle = new JLabel(text.get("usage.attempts"));
        attemptsTitle.putClientProperty("FlatLaf.styleClass", "h4");
        attemptsHead.add(attemptsTitle, BorderLayout.NORTH);
        attemptsHead.add(detail, BorderLayout.CENTER);
        attempts.add(attemptsHead, BorderLayout.NORTH);
        attempts.add(new JScrollPane(attemptsTable), BorderLayout.CENTER);

        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(logTable), attempts);
        split.setResizeWeight(0.62);
        split.setBorder(null);
        var panel = new JPanel(new BorderLayout());
        panel.setBorder(BorderFactory.createEmptyBorder(2, 4, 4, 4));
        panel.add(bar, BorderLayout.NORTH);
        panel.add(split, BorderLayout.CENTER);
        return panel;
    }

    /** A read-only table whose columns from {@code firstNumber} on are numbers, set right. */
    private static JTable table(TableModel model, int firstNumber) {
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

    private static void widths(JTable t, int... widths) {
        for (int i = 0; i < widths.length && i < t.getColumnCount(); i++) {
            t.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
    }

    /** Tooltips on some column headers: pairs of index and text. */
    private static void headerTips(JTable table, Object... pairs) {
        var tips = new java.util.HashMap<Integer, String>();
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

    private static void onDoubleClick(JTable table, java.util.function.IntConsumer action) {
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

    /** Outcome cells: green for success, red for the rest (in whichever theme is on). */
    private final class OutcomeRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int col) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, col);
            if (!selected) {
                setForeground(presenter.outcome("success").equals(value) ? Theme.ok() : Theme.bad());
            }
            return this;
        }
    }

    /** One summary card: caption, big value, a line of detail; its outline follows the theme. */
    static final class CardView extends JPanel {
        final JLabel caption = new JLabel();
        final JLabel value = new JLabel();
        final JLabel detail = new JLabel();

        CardView() {
            setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
            caption.putClientProperty("FlatLaf.styleClass", "small");
            value.putClientProperty("FlatLaf.styleClass", "h2");
            detail.putClientProperty("FlatLaf.styleClass", "small");
            add(caption);
            add(Box.createVerticalStrut(2));
            add(value);
            add(Box.createVerticalStrut(2));
            add(detail);
            restyle();
        }

        void set(UsagePresenter.Card card) {
            caption.setText(card.caption());
            value.setText(card.value());
            detail.setText(card.detail());
        }

        @Override
        public void updateUI() {
            super.updateUI();
            if (caption != null) {
                restyle();
            }
        }

        private void restyle() {
            var line = UIManager.getColor("Component.borderColor");
            setBorder(new com.formdev.flatlaf.ui.FlatLineBorder(new Insets(10, 14, 10, 14),
                    line == null ? java.awt.Color.GRAY : line, 1f, 14));
            var muted = UIManager.getColor("Label.disabledForeground");
            caption.setForeground(muted);
            detail.setForeground(muted);
            var base = UIManager.getFont("Label.font");
            if (UIManager.getFont("h2.font") == null && base != null) {
                // not FlatLaf (no "h2" style class): make the number stand out by hand
                value.setFont(base.deriveFont(Font.BOLD, base.getSize2D() + 6f));
            }
        }
    }

    // ---- for tests ----

    Timer timer() {
        return timer;
    }

    CompletableFuture<Void> lastLoad() {
        return lastLoad;
    }

    String cardValue(String id) {
        return cards.get(id).value.getText();
    }

    String cardDetail(String id) {
        return cards.get(id).detail.getText();
    }

    TrendChart chart() {
        return chart;
    }

    JTable channelsTable() {
        return channelsTable;
    }

    JTable modelsTable() {
        return modelsTable;
    }

    JTable logTable() {
        return logTable;
    }

    JTable attemptsTable() {
        return attemptsTable;
    }

    JComboBox<String> rangeBox() {
        return range;
    }

    JComboBox<UsagePresenter.Choice> channelFilter() {
        return channelFilter;
    }

    JComboBox<UsagePresenter.Choice> outcomeFilter() {
        return outcomeFilter;
    }

    JButton olderButton() {
        return older;
    }

    JLabel pageLabel() {
        return pageLabel;
    }

    String detailText() {
        return detail.getText();
    }

    /** The row of the logged request with this id, or -1. */
    private int rowOf(long id) {
        var rows = logModel.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }
}
