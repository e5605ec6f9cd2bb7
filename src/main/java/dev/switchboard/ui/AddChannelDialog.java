package dev.switchboard.ui;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dialog;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.DefaultTableCellRenderer;

/**
 * Add a channel: paste a URL and a key, Detect (type and base URL, with every probe as evidence, and the model list
 * at once, the proposed ones ticked), Save. The steps are {@link OnboardingFlow}'s; this dialog shows them and keeps what
 * the person typed. Errors show in the dialog, in words, where the step failed.
 */
final class AddChannelDialog {
    private static final int TEXT_WIDTH = 700;
    private final UiContext ctx;
    private final Messages text;
    private final OnboardingFlow flow;
    private final List<String> taken;
    private final Consumer<Channel> saved;
    private final JDialog dialog;

    private final JTextField url = new JTextField(36);
    private final JPasswordField key = new JPasswordField(36);
    private final JTextField name = new JTextField(20);
    private final JComboBox<String> type = new JComboBox<>();
    private final JButton detect = new JButton();
    private final JLabel verdict = new JLabel(" ");
    private final JCheckBox acceptBase = new JCheckBox();
    private final RowsTableModel<OnboardingFlow.ProbeLine> probes;
    private final ModelPicker models;
    private final JLabel error = new JLabel(" ");
    private final JButton save = new JButton();
    private final JButton cancel = new JButton();

    private OnboardingFlow.Detected detected;
    /** The name was typed by the person: a new URL no longer replaces it with a suggestion. */
    private boolean nameTouched;
    private boolean suggesting;
    private boolean busy;
    /** Asks the person (question, title) → yes; tests put their own answer here. */
    BiPredicate<String, String> confirm = (question, title) -> JOptionPane.showConfirmDialog(dialog(), question,
            title, JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE) == JOptionPane.OK_OPTION;

    AddChannelDialog(UiContext ctx, OnboardingFlow flow, List<String> taken, Consumer<Channel> saved) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.probes = new RowsTableModel<>(List.of(text.get("channels.probe.url"), text.get("channels.probe.type"),
                text.get("channels.probe.status"), text.get("channels.probe.ms"), text.get("channels.probe.outcome")),
                AddChannelDialog::probeCell);
        this.flow = flow;
        this.models = new ModelPicker(text, flow, this::fetch, this::failed);
        this.taken = List.copyOf(taken);
        this.saved = saved;
        Window owner = ctx.shell().window() == null ? null : SwingUtilities.getWindowAncestor(ctx.shell().window());
        if (owner == null && ctx.shell().window() instanceof Window w) {
            owner = w;
        }
        this.dialog = new JDialog(owner, text.get("channels.add.title"), Dialog.ModalityType.APPLICATION_MODAL);
        build();
    }

    private void build() {
        type.addItem(text.get("channels.add.autoType"));
        for (var t : ApiType.values()) {
            type.addItem(t.id());
        }
        var form = new JPanel(new GridBagLayout());
        var g = new GridBagConstraints();
        g.insets = new Insets(3, 4, 3, 4);
        g.anchor = GridBagConstraints.WEST;
        row(form, g, 0, text.get("channels.add.url"), url);
        url.putClientProperty("JTextField.placeholderText", "https://api.example.com/v1");
        row(form, g, 1, text.get("channels.add.key"), key);
        key.putClientProperty("JTextField.placeholderText", text.get("channels.add.keyHint"));
        row(form, g, 2, text.get("channels.add.name"), name);
        row(form, g, 3, text.get("channels.add.type"), type);
        detect.setText(text.get("channels.add.detect"));
        detect.putClientProperty("JButton.buttonType", "default");
        detect.addActionListener(e -> detect());
        g.gridx = 1;
        g.gridy = 4;
        g.fill = GridBagConstraints.NONE;
        form.add(detect, g);

        url.getDocument().addDocumentListener(changes(() -> {
            if (!nameTouched) {
                suggesting = true;
                name.setText(OnboardingFlow.suggestName(url.getText(), taken));
                suggesting = false;
            }
            forgetDetection();
        }));
        key.getDocument().addDocumentListener(changes(this::forgetDetection));
        name.getDocument().addDocumentListener(changes(() -> nameTouched |= !suggesting));
        type.addActionListener(e -> updateButtons());

        var detection = new JPanel(new BorderLayout(0, 4));
        detection.setBorder(BorderFactory.createTitledBorder(text.get("channels.add.detection")));
        var top = new JPanel();
        top.setLayout(new BoxLayout(top, BoxLayout.Y_AXIS));
        verdict.setAlignmentX(Component.LEFT_ALIGNMENT);
        acceptBase.setAlignmentX(Component.LEFT_ALIGNMENT);
        acceptBase.setVisible(false);
        top.add(verdict);
        top.add(acceptBase);
        detection.add(top, BorderLayout.NORTH);
        var probeTable = new JTable(probes);
        probeTable.setRowHeight(22);
        probeTable.getColumnModel().getColumn(0).setPreferredWidth(340);
        probeTable.getColumnModel().getColumn(1).setPreferredWidth(70);
        probeTable.getColumnModel().getColumn(2).setPreferredWidth(50);
        probeTable.getColumnModel().getColumn(3).setPreferredWidth(60);
        probeTable.getColumnModel().getColumn(4).setPreferredWidth(220);
        probeTable.getColumnModel().getColumn(4).setCellRenderer(new ProbeRenderer());
        var probeScroll = new JScrollPane(probeTable);
        probeScroll.setPreferredSize(new Dimension(800, 120));
        detection.add(probeScroll, BorderLayout.CENTER);

        var modelsPanel = models.component();

        var center = new JPanel();
        center.setLayout(new BoxLayout(center, BoxLayout.Y_AXIS));
        for (JComponent c : List.of(form, detection, modelsPanel)) {
            c.setAlignmentX(Component.LEFT_ALIGNMENT);
            center.add(c);
            center.add(Box.createVerticalStrut(6));
        }

        var bottom = new JPanel(new BorderLayout());
        error.setForeground(Theme.bad());
        bottom.add(error, BorderLayout.CENTER);
        var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        cancel.setText(text.get("common.cancel"));
        cancel.addActionListener(e -> dialog.dispose());
        save.setText(text.get("channels.add.save"));
        save.putClientProperty("JButton.buttonType", "default");
        save.addActionListener(e -> save());
        buttons.add(cancel);
        buttons.add(save);
        bottom.add(buttons, BorderLayout.EAST);

        var content = new JPanel(new BorderLayout(0, 6));
        content.setBorder(BorderFactory.createEmptyBorder(10, 12, 10, 12));
        content.add(center, BorderLayout.CENTER);
        content.add(bottom, BorderLayout.SOUTH);
        dialog.setContentPane(content);
        dialog.pack();
        dialog.setSize(new Dimension(Math.max(dialog.getWidth(), 880), Math.min(Math.max(dialog.getHeight(), 660),
                740)));
        updateButtons();
    }

    private static void row(JPanel form, GridBagConstraints g, int y, String label, JComponent field) {
        g.gridx = 0;
        g.gridy = y;
        g.weightx = 0;
        g.fill = GridBagConstraints.NONE;
        form.add(new JLabel(label), g);
        g.gridx = 1;
        g.weightx = 1;
        g.fill = GridBagConstraints.HORIZONTAL;
        form.add(field, g);
    }

    private static DocumentListener changes(Runnable r) {
        return new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                r.run();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                r.run();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                r.run();
            }
        };
    }

    /** Shows the dialog (modal: returns when it closes). */
    void open() {
        dialog.setLocationRelativeTo(ctx.shell().window());
        dialog.setVisible(true);
    }

    /** The type the person chose, or null for auto-detect. */
    ApiType chosenType() {
        int i = type.getSelectedIndex();
        return i <= 0 ? null : ApiType.values()[i - 1];
    }

    private void forgetDetection() {
        if (detected != null) {
            detected = null;
            verdict.setText(" ");
            acceptBase.setVisible(false);
            probes.setRows(List.of());
            models.clear();
        }
        updateButtons();
    }

    private void updateButtons() {
        boolean filled = !url.getText().isBlank() && key.getPassword().length > 0;
        detect.setEnabled(!busy && filled);
        // Without a chosen type, the list needs to know the type first: detection says it.
        models.enable(!busy, filled && (detected != null || chosenType() != null));
        save.setEnabled(!busy && filled);
    }

    private void working(boolean on, String words) {
        busy = on;
        dialog.setCursor(on ? java.awt.Cursor.getPredefinedCursor(java.awt.Cursor.WAIT_CURSOR) : null);
        error.setForeground(Theme.muted());
        error.setText(words == null ? " " : words);
        updateButtons();
    }

    private void failed(String words) {
        busy = false;
        dialog.setCursor(null);
        error.setForeground(Theme.bad());
        error.setText(html(words));
        updateButtons();
    }

    /**
     * Step 1: detection in the background; the verdict, the suggestion and every probe are shown, and the models
     * its list probes found are listed at once, ticked as {@link dev.switchboard.discovery.Onboarding} says.
     */
    CompletableFuture<Void> detect() {
        var u = url.getText();
        var k = new String(key.getPassword());
        var preferred = chosenType();
        working(true, text.get("channels.add.detecting"));
        return ctx.background().run(() -> flow.detect(u, k, preferred), d -> {
            working(false, null);
            detected = d;
            probes.setRows(d.probes());
            if (d.found()) {
                verdict.setForeground(Theme.ok());
                verdict.setText(html(text.get("channels.add.detected", d.type().id()) + " " + d.verdict()));
            } else {
                verdict.setForeground(Theme.bad());
                verdict.setText(html(d.problem()));
                error.setForeground(Theme.bad());
                error.setText(html(d.problem()));
            }
            acceptBase.setVisible(d.differs());
            acceptBase.setSelected(true);
            acceptBase.setText(text.get("channels.add.acceptBase", d.suggested(), d.given()));
            models.show(d.listing());
            if (preferred != null && d.found() && d.type() != preferred) {
                verdict.setText(html(text.get("channels.add.typeDiffers", d.type().id(), preferred.id()) + " "
                        + d.verdict()));
                verdict.setForeground(Theme.warn());
            }
            updateButtons();
        }, e -> failed(ErrorText.of(e, text))).thenCompose(v -> {
            // the person chose another type than the one detected: its own list is the one to pick from
            var d = detected;
            return d != null && d.found() && preferred != null && d.type() != preferred ? onEdt(this::fetch)
                    : CompletableFuture.completedFuture(null);
        });
    }

    /** Runs {@code step} on the event thread and waits for what it starts. */
    private static CompletableFuture<Void> onEdt(java.util.function.Supplier<CompletableFuture<Void>> step) {
        var started = new CompletableFuture<CompletableFuture<Void>>();
        SwingUtilities.invokeLater(() -> started.complete(step.get()));
        return started.thenCompose(f -> f);
    }

    /** The type and base the next steps use: the person's choice, else what detection found. */
    ApiType effectiveType() {
        return OnboardingFlow.typeFor(chosenType(), detected);
    }

    String effectiveBase() {
        return OnboardingFlow.baseFor(detected, acceptBase.isSelected(), url.getText());
    }

    /** Step 2, again: the model list fetched for the type and base chosen (Detect lists it already). */
    CompletableFuture<Void> fetch() {
        var n = name.getText();
        var t = effectiveType();
        var b = effectiveBase();
        var k = new String(key.getPassword());
        working(true, text.get("channels.add.fetching"));
        return ctx.background().run(() -> flow.fetchModels(n, t, b, k), l -> {
            working(false, null);
            models.show(l);
        }, e -> failed(ErrorText.of(e, text)));
    }

    /**
     * Step 3: the channel with the ticked models, all or nothing; closes the dialog when saved. It asks first
     * when detection refuses the save (a rejected key, an unreachable host: the window's {@code --force}) and
     * when no model is ticked (a channel nothing is routed to). Completes at once when the answer is no.
     */
    CompletableFuture<Void> save() {
        var refused = flow.refusalQuestion(detected);
        if (refused != null && !confirm.test(refused, text.get("channels.add.saveAnyway.title"))) {
            return CompletableFuture.completedFuture(null);
        }
        if (models.checked().isEmpty()
                && !confirm.test(text.get("channels.add.noneTicked"), text.get("channels.add.noneTicked.title"))) {
            return CompletableFuture.completedFuture(null);
        }
        var draft = OnboardingFlow.draft(name.getText(), effectiveType(), effectiveBase(),
                new String(key.getPassword()));
        var chosen = models.checked();
        working(true, text.get("channels.add.saving"));
        return ctx.background().run(() -> flow.save(draft, chosen), created -> {
            working(false, null);
            dialog.dispose();
            saved.accept(created);
        }, e -> failed(ErrorText.of(e, text)));
    }

    /** Wrapped at the dialog's width: a label in a box layout would otherwise cut a long verdict off. */
    static String html(String s) {
        return "<html><div style='width:" + TEXT_WIDTH + "px'>" + MainWindow.escape(s == null ? "" : s)
                + "</div></html>";
    }

    // For tests: the fields and what the dialog shows.
    JDialog dialog() {
        return dialog;
    }

    JTextField urlField() {
        return url;
    }

    JPasswordField keyField() {
        return key;
    }

    JTextField nameField() {
        return name;
    }

    JComboBox<String> typeBox() {
        return type;
    }

    JCheckBox acceptBaseBox() {
        return acceptBase;
    }

    JButton fetchButton() {
        return models.fetchButton();
    }

    JButton saveButton() {
        return save;
    }

    String verdictText() {
        return verdict.getText();
    }

    String errorText() {
        return error.getText();
    }

    int probeCount() {
        return probes.getRowCount();
    }

    List<String> probeRow(int i) {
        var p = probes.row(i);
        return List.of(p.url(), p.type(), p.status(), p.ms(), p.outcome());
    }

    List<String> listedModels() {
        return models.listed();
    }

    List<String> checkedModels() {
        return models.checked();
    }

    void setChecked(String model, boolean on) {
        models.setChecked(model, on);
    }

    private static Object probeCell(OnboardingFlow.ProbeLine p, int column) {
        switch (column) {
            case 0:
                return p.url();
            case 1:
                return p.type();
            case 2:
                return p.status();
            case 3:
                return p.ms();
            default:
                return p.outcome();
        }
    }

    private final class ProbeRenderer extends DefaultTableCellRenderer {
        @Override
        public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus,
                                                       int row, int column) {
            super.getTableCellRendererComponent(t, value, selected, focus, row, column);
            if (!selected) {
                setForeground(probes.row(row).good() ? Theme.ok() : Theme.muted());
            }
            setToolTipText(String.valueOf(value));
            return this;
        }
    }

    /** 128000 → 128k, 1048576 → 1M. */
    static String context(int tokens) {
        if (tokens >= 1_000_000) {
            return (tokens % 1_000_000 == 0 || tokens >= 10_000_000 ? String.valueOf(tokens / 1_000_000)
                    : String.format(java.util.Locale.ROOT, "%.1f", tokens / 1_000_000.0)) + "M";
        }
        return tokens >= 1000 ? tokens / 1000 + "k" : String.valueOf(tokens);
    }
}
