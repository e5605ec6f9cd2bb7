package dev.switchboard.ui;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.Database;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import java.awt.BorderLayout;
import java.awt.Desktop;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ScrollPaneConstants;
import javax.swing.SwingConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * Every setting, grouped, each with its meaning, a reset-to-default button and, after a refused save, the
 * store's reason under it. Save stores the changed fields only; the port and bind address restart the gateway,
 * the theme and language restyle or rebuild the window. Also the access keys, the address Prometheus scrapes
 * (following the gateway: where it listens, or where the settings will have it listen) and where the data lives.
 */
final class SettingsTab implements Tab {
    private final UiContext ctx;
    private final SettingsForm form;
    private final JPanel root = new JPanel(new BorderLayout());
    private final Map<Setting, Row> rows = new EnumMap<>(Setting.class);
    private final AccessKeysPanel keys;
    private final SyncPanel sync;
    private final JButton save = new JButton();
    private final JButton resetAll = new JButton();
    private final JLabel status = new JLabel(" ");
    private final JTextField metricsUrl = selectable("");
    private final JButton copyMetricsUrl = new JButton();
    /** A restart on another port moves the metrics too; the listener is on only while the tab is shown. */
    private final Consumer<GatewayState> stateListener = s -> javax.swing.SwingUtilities.invokeLater(this::showMetricsUrl);
    private boolean listening;
    private Settings loaded;
    /** Orders the reads: a reload that read before a save wrote must not put the old values back. */
    private final AtomicLong reads = new AtomicLong();
    private long shownRead;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    SettingsTab(UiContext ctx) {
        this(ctx, new SettingsForm(ctx.store(), enabled -> Autostart.apply(enabled, ctx.app().folder())));
    }

    SettingsTab(UiContext ctx, SettingsForm form) {
        this.ctx = ctx;
        this.form = form;
        this.keys = new AccessKeysPanel(ctx, form);
        this.sync = new SyncPanel(ctx);
        var text = ctx.text();

        var content = new WidthTracking();
        content.setLayout(new BoxLayout(content, BoxLayout.Y_AXIS));
        content.setBorder(BorderFactory.createEmptyBorder(8, 16, 16, 16));
        for (var group : SettingsForm.Group.values()) {
            content.add(header(text.get("settings.group." + group.key())));
            if (group == SettingsForm.Group.ACCESS) {
                var intro = new WrappedText(text.get("settings.keys.intro"));
                intro.setAlignmentX(JComponent.LEFT_ALIGNMENT);
                content.add(intro);
                content.add(Box.createVerticalStrut(6));
                keys.setAlignmentX(JComponent.LEFT_ALIGNMENT);
                content.add(keys);
                content.add(Box.createVerticalStrut(10));
            }
            content.add(grid(group));
            content.add(Box.createVerticalStrut(10));
        }
        content.add(header(text.get("settings.metrics.title")));
        content.add(metrics());
        content.add(header(text.get("settings.data.title")));
        content.add(dataFolder());
        content.add(Box.createVerticalStrut(10));
        content.add(header(text.get("settings.sync.title")));
        sync.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        content.add(sync);
        alignLabels();

        var scroll = new JScrollPane(content, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        root.add(scroll, BorderLayout.CENTER);

        var bar = new JPanel(new BorderLayout());
        bar.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(1, 0, 0, 0, javax.swing.UIManager.getColor("Separator.foreground")),
                BorderFactory.createEmptyBorder(8, 16, 8, 16)));
        bar.add(status, BorderLayout.CENTER);
        var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 8, 0));
        resetAll.setText(text.get("settings.resetAll"));
        resetAll.setToolTipText(text.get("settings.resetAll.tip"));
        resetAll.addActionListener(e -> resetAllFields());
        save.setText(text.get("common.save"));
        save.putClientProperty("JButton.buttonType", "default");
        save.addActionListener(e -> save());
        buttons.add(resetAll);
        buttons.add(save);
        bar.add(buttons, BorderLayout.EAST);
        root.add(bar, BorderLayout.SOUTH);

        fill(ctx.snapshot().settings(), true);
    }

    @Override
    public String id() {
        return "settings";
    }

    @Override
    public String title() {
        return ctx.text().get("tab.settings");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        if (!listening) {
            ctx.app().addListener(stateListener);
            listening = true;
        }
        refresh(); // the settings and the key list
    }

    @Override
    public void hidden() {
        if (listening) {
            ctx.app().removeListener(stateListener);
            listening = false;
        }
    }

    /**
     * Another writer (the CLI, the admin API, this tab) changed something: fields the person has not touched
     * follow. Read from the store rather than the gateway's snapshot, which may not have caught up yet.
     */
    @Override
    public void refresh() {
        pending = ctx.background().run(this::read, r -> show(r.seq(), r.settings(), java.util.Set.of()), e -> {
            status.setText(ErrorText.of(e, ctx.text()));
            status.setForeground(Theme.bad());
        });
        keys.load();
        sync.load();
    }

    private Read read() {
        long seq = reads.incrementAndGet();
        return new Read(seq, form.load());
    }

    /** Shows a read unless a later one is already shown. */
    private void show(long seq, Settings settings, java.util.Set<Setting> saved) {
        if (seq < shownRead) {
            return;
        }
        shownRead = seq;
        fill(settings, false, saved);
    }

    // ---- what the buttons do

    /** Stores the changed fields in the background, then applies what they change. */
    CompletableFuture<Void> save() {
        var text = ctx.text();
        var before = loaded;
        var typed = new EnumMap<Setting, String>(Setting.class);
        rows.forEach((s, r) -> typed.put(s, r.get.get()));
        save.setEnabled(false);
        status.setText(text.get("common.working"));
        status.setForeground(Theme.muted());
        pending = ctx.background().run(() -> {
            var outcome = form.save(before, typed, text);
            return new Saved(outcome, read());
        }, done -> {
            var outcome = done.outcome();
            rows.forEach((s, r) -> r.error(outcome.errors().get(s)));
            show(done.now().seq(), done.now().settings(), outcome.saved().keySet());
            if (outcome.saved().isEmpty() && outcome.errors().isEmpty()) {
                status.setText(text.get("settings.status.nothing"));
                status.setForeground(Theme.muted());
            } else if (outcome.errors().isEmpty()) {
                status.setText(text.get("settings.status.saved", outcome.saved().size()));
                status.setForeground(Theme.ok());
            } else if (outcome.saved().isEmpty()) {
                status.setText(text.get("settings.status.refused"));
                status.setForeground(Theme.bad());
            } else {
                status.setText(text.get("settings.status.errors", outcome.saved().size(), outcome.errors().size()));
                status.setForeground(Theme.bad());
            }
            apply(outcome);
        }, e -> {
            status.setText(ErrorText.of(e, text));
            status.setForeground(Theme.bad());
            updateChanged();
        });
        return pending;
    }

    /** The effects of saved settings on the running app. The language goes last: it rebuilds this window. */
    private void apply(SettingsForm.Outcome outcome) {
        var saved = outcome.saved();
        if (outcome.restartNeeded() && !(ctx.app().state() instanceof GatewayState.Paused)) {
            // paused on purpose: the new address is used when the person resumes
            status.setText(status.getText() + "  " + ctx.text().get("settings.status.restarting"));
            ctx.shell().restartGateway();
        }
        if (saved.containsKey(Setting.THEME)) {
            ctx.shell().applyTheme(saved.get(Setting.THEME));
        }
        if (saved.containsKey(Setting.LANGUAGE)) {
            ctx.shell().applyLanguage(saved.get(Setting.LANGUAGE));
        }
    }

    private void resetAllFields() {
        for (var e : rows.entrySet()) {
            e.getValue().set.accept(e.getKey().defaultValue());
        }
        updateChanged();
    }

    // ---- filling and reading the fields

    private void fill(Settings next, boolean all) {
        fill(next, all, java.util.Set.of());
    }

    /**
     * Shows {@code next}. Fields the person changed keep their text unless {@code all}, or unless they were just
     * {@code saved} (their text is replaced by the canonical value stored).
     */
    private void fill(Settings next, boolean all, java.util.Set<Setting> saved) {
        var previous = loaded;
        loaded = next;
        showMetricsUrl();
        for (var e : rows.entrySet()) {
            var s = e.getKey();
            var row = e.getValue();
            boolean untouched = previous == null || !SettingsForm.changed(previous, s, row.get.get());
            if (all || untouched || saved.contains(s)) {
                row.set.accept(SettingsForm.shown(next, s));
                if (all) {
                    row.error(null);
                }
            }
        }
        updateChanged();
    }

    /** Marks changed fields (bold label), enables Save when there is something to save. */
    private void updateChanged() {
        if (loaded == null) {
            return;
        }
        boolean any = false;
        for (var e : rows.entrySet()) {
            var s = e.getKey();
            var row = e.getValue();
            boolean changed = SettingsForm.changed(loaded, s, row.get.get());
            any |= changed;
            row.label.setFont(row.label.getFont().deriveFont(changed ? Font.BOLD : Font.PLAIN));
            row.reset.setEnabled(!row.get.get().strip().equals(s.defaultValue()));
        }
        save.setEnabled(any);
    }

    // ---- building

    /** One label column for every section, so that the fields line up down the page. */
    private void alignLabels() {
        int width = 0;
        for (var r : rows.values()) {
            width = Math.max(width, r.label().getPreferredSize().width);
        }
        for (var r : rows.values()) {
            var size = r.label().getPreferredSize();
            // bold when changed is wider: leave room for it
            r.label().setPreferredSize(new java.awt.Dimension(width + 16, size.height));
        }
        sync.alignLabels(width + 16);
    }

    /** Numbers get a short field; lists and addresses the whole width. */
    private static boolean shortField(Setting s) {
        switch (s) {
            case PORT:
            case COOLDOWN_SECONDS:
            case MAX_ATTEMPTS:
            case CONNECT_TIMEOUT_SECONDS:
            case FIRST_BYTE_TIMEOUT_SECONDS:
            case IDLE_TIMEOUT_SECONDS:
            case BIND:
                return true;
            default:
                return SettingsForm.kind(s) == SettingsForm.Kind.CHOICE || SettingsForm.kind(s) == SettingsForm.Kind.BOOL;
        }
    }

    private JComponent grid(SettingsForm.Group group) {
        var panel = new JPanel(new GridBagLayout());
        panel.setOpaque(false);
        panel.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        int y = 0;
        for (var s : group.settings) {
            var row = row(s);
            rows.put(s, row);
            var c = new GridBagConstraints();
            c.gridy = y;
            c.gridx = 0;
            c.anchor = GridBagConstraints.NORTHWEST;
            c.insets = new Insets(6, 0, 0, 12);
            panel.add(row.label, c);
            c.gridx = 1;
            c.weightx = 1;
            c.fill = shortField(s) ? GridBagConstraints.NONE : GridBagConstraints.HORIZONTAL;
            c.anchor = GridBagConstraints.WEST;
            c.insets = new Insets(2, 0, 0, 6);
            panel.add(row.input, c);
            c.anchor = GridBagConstraints.NORTHWEST;
            c.gridx = 2;
            c.weightx = 0;
            c.fill = GridBagConstraints.NONE;
            c.insets = new Insets(2, 0, 0, 0);
            panel.add(row.reset, c);
            c.gridy = ++y;
            c.gridx = 1;
            c.gridwidth = 2;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.insets = new Insets(2, 2, 4, 0);
            var below = new JPanel();
            below.setOpaque(false);
            below.setLayout(new BoxLayout(below, BoxLayout.Y_AXIS));
            below.add(row.help);
            below.add(row.error);
            panel.add(below, c);
            y++;
        }
        return panel;
    }

    private Row row(Setting s) {
        var text = ctx.text();
        var label = new JLabel(text.get("setting." + s.key() + ".label"));
        label.setToolTipText(s.key());
        Supplier<String> get;
        Consumer<String> set;
        JComponent input;
        switch (SettingsForm.kind(s)) {
            case BOOL: {
                var box = new JCheckBox(text.get("setting." + s.key() + ".check"));
                box.addItemListener(e -> updateChanged());
                get = () -> Boolean.toString(box.isSelected());
                set = v -> box.setSelected(Boolean.parseBoolean(v));
                input = box;
                break;
            }
            case CHOICE: {
                var combo = new JComboBox<>(SettingsForm.choices(s).toArray(new String[0]));
                combo.setRenderer(new DefaultListCellRenderer() {
                    @Override
                    public java.awt.Component getListCellRendererComponent(JList<?> list, Object value, int index,
                                                                           boolean selected, boolean focus) {
                        var shown = value == null ? "" : text.get("settings.choice." + s.key() + "." + value);
                        return super.getListCellRendererComponent(list, shown, index, selected, focus);
                    }
                });
                combo.addActionListener(e -> updateChanged());
                get = () -> combo.getSelectedItem() == null ? "" : combo.getSelectedItem().toString();
                set = combo::setSelectedItem;
                input = combo;
                break;
            }
            case LONG_TEXT: {
                var area = new JTextArea(3, 40);
                area.setLineWrap(true);
                area.setWrapStyleWord(true);
                area.getDocument().addDocumentListener(changes());
                get = area::getText;
                set = area::setText;
                var scroll = new JScrollPane(area, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                        ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
                input = scroll;
                break;
            }
            default: {
                var field = new JTextField(shortField(s) ? 14 : 30);
                field.getDocument().addDocumentListener(changes());
                field.putClientProperty("JTextField.placeholderText", s.defaultValue().isEmpty()
                        ? text.get("settings.placeholder.empty") : s.defaultValue());
                field.addActionListener(e -> {
                    if (save.isEnabled()) {
                        save();
                    }
                });
                get = field::getText;
                set = field::setText;
                input = field;
                break;
            }
        }
        var reset = new JButton("↺");
        reset.setToolTipText(text.get("settings.reset.tip", s.defaultValue().isEmpty()
                ? text.get("settings.placeholder.empty") : s.defaultValue()));
        reset.putClientProperty("JButton.buttonType", "toolBarButton");
        var help = new WrappedText(text.get("setting." + s.key() + ".help"));
        help.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        var error = new JLabel();
        error.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        error.setForeground(Theme.bad());
        error.setVisible(false);
        var row = new Row(label, input, reset, help, error, get, set);
        reset.addActionListener(e -> {
            set.accept(s.defaultValue());
            updateChanged();
        });
        return row;
    }

    /** The metrics' address, with a Copy button, and who may scrape it. */
    private JComponent metrics() {
        var text = ctx.text();
        var panel = new JPanel(new GridBagLayout());
        copyMetricsUrl.setText(text.get("common.copy"));
        copyMetricsUrl.addActionListener(e -> ctx.shell().copy(metricsUrl.getText()));
        var c = firstRow(panel, text.get("settings.metrics.url"), metricsUrl, copyMetricsUrl);
        c.gridy = 1;
        c.gridx = 0;
        c.gridwidth = 3;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        var hint = new WrappedText(text.get("settings.metrics.hint"));
        panel.add(hint, c);
        return panel;
    }

    /** Where Prometheus scrapes: the running gateway's address, else the one the settings shown will give. */
    private void showMetricsUrl() {
        if (loaded != null) {
            metricsUrl.setText(ConnectSnippets.endpoint(ctx.app().state(), loaded, java.util.List.of()).metricsUrl());
        }
    }

    /**
     * Lays out {@code panel}'s first row: a label, a field that takes the width, a button at the end. Returns the
     * constraints as the button left them (column 2, no fill), for the rows the caller adds below.
     */
    private static GridBagConstraints firstRow(JPanel panel, String label, JComponent field, JComponent button) {
        panel.setOpaque(false);
        panel.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        var c = new GridBagConstraints();
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(2, 0, 2, 12);
        panel.add(new JLabel(label), c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        panel.add(field, c);
        c.gridx = 2;
        c.weightx = 0;
        c.fill = GridBagConstraints.NONE;
        panel.add(button, c);
        return c;
    }

    private JComponent dataFolder() {
        var text = ctx.text();
        Path folder = ctx.app().folder();
        var panel = new JPanel(new GridBagLayout());
        var open = new JButton(text.get("settings.data.open"));
        var problem = muted("");
        boolean supported = Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        open.setEnabled(supported);
        if (!supported) {
            open.setToolTipText(text.get("settings.data.openUnsupported"));
        }
        open.addActionListener(e -> ctx.background().run(() -> {
            Desktop.getDesktop().open(folder.toFile());
            return folder;
        }, f -> problem.setText(" "), err -> {
            problem.setText(ErrorText.of(err, text));
            problem.setForeground(Theme.bad());
        }));
        var c = firstRow(panel, text.get("settings.data.folder"), selectable(folder.toString()), open);
        c.gridy = 1;
        c.gridx = 0;
        panel.add(new JLabel(text.get("settings.data.database")), c);
        c.gridx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        panel.add(selectable(folder.resolve(Database.FILE_NAME).toString()), c);
        c.gridy = 2;
        c.gridx = 1;
        c.gridwidth = 2;
        panel.add(problem, c);
        return panel;
    }

    /** A path the person can select and copy, styled like a label. */
    private static JTextField selectable(String value) {
        var field = new JTextField(value);
        field.setEditable(false);
        field.setBorder(BorderFactory.createEmptyBorder(2, 0, 2, 0));
        field.setOpaque(false);
        return field;
    }

    private static JComponent header(String title) {
        var label = new JLabel(title);
        label.putClientProperty("FlatLaf.styleClass", "h3");
        label.setBorder(BorderFactory.createEmptyBorder(10, 0, 6, 0));
        label.setAlignmentX(JComponent.LEFT_ALIGNMENT);
        return label;
    }

    private static JLabel muted(String text) {
        var label = new JLabel(text);
        label.putClientProperty("FlatLaf.styleClass", "small");
        label.setForeground(Theme.muted());
        label.setHorizontalAlignment(SwingConstants.LEADING);
        return label;
    }

    private DocumentListener changes() {
        return new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                updateChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                updateChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                updateChanged();
            }
        };
    }

    /**
     * The page's content, as wide as the visible area: without this a scroll pane lays its view out at the view's
     * preferred width, and anything wider than the window (a long path, a long help text) is cut off on the right
     * with no way to scroll to it. The page scrolls vertically only.
     */
    private static final class WidthTracking extends JPanel implements javax.swing.Scrollable {
        @Override
        public java.awt.Dimension getPreferredScrollableViewportSize() {
            return getPreferredSize();
        }

        @Override
        public int getScrollableUnitIncrement(java.awt.Rectangle visible, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(java.awt.Rectangle visible, int orientation, int direction) {
            return Math.max(16, visible.height - 32);
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return false;
        }
    }

    private record Read(long seq, Settings settings) {
    }

    private record Saved(SettingsForm.Outcome outcome, Read now) {
    }

    /** One setting's controls. */
    private record Row(JLabel label, JComponent input, JButton reset, JComponent help, JLabel error,
                       Supplier<String> get, Consumer<String> set) {
        void error(String message) {
            error.setText(message == null ? "" : "<html>" + MainWindow.escape(message) + "</html>");
            error.setVisible(message != null);
        }
    }

    // ---- for tests

    /** The input of a setting: a JTextField, JTextArea (in a scroll pane), JComboBox or JCheckBox. */
    JComponent input(Setting s) {
        return rows.get(s).input();
    }

    void setText(Setting s, String value) {
        rows.get(s).set().accept(value);
    }

    String fieldText(Setting s) {
        return rows.get(s).get().get();
    }

    /** The error shown under a field, or null. */
    String error(Setting s) {
        var label = rows.get(s).error();
        return label.isVisible() ? label.getText() : null;
    }

    JButton saveButton() {
        return save;
    }

    JTextField metricsUrlField() {
        return metricsUrl;
    }

    JButton copyMetricsUrlButton() {
        return copyMetricsUrl;
    }

    JButton resetButton(Setting s) {
        return rows.get(s).reset();
    }

    JLabel status() {
        return status;
    }

    AccessKeysPanel keys() {
        return keys;
    }

    SyncPanel sync() {
        return sync;
    }

    /** The last save or reload started (tests wait on it). */
    CompletableFuture<Void> pending() {
        return pending;
    }
}
