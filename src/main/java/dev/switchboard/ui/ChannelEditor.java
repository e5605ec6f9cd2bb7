package dev.switchboard.ui;

import dev.switchboard.store.ApiType;
import dev.switchboard.store.Channel;
import java.awt.BorderLayout;
import java.awt.Dialog;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;

/**
 * Edit a channel: name, type, base URL, switch, keys (added or replaced, only ever shown masked), extra headers
 * (values masked), the outbound proxy and the balance query (a preset or a custom endpoint with its mapping and
 * headers); and "Add models…", the same picker as Add channel's, for its model list. {@link ChannelEdit} holds the edit; the store validates on Save and its
 * message shows in the dialog.
 */
final class ChannelEditor {
    private final UiContext ctx;
    private final Messages text;
    private final ChannelEdit edit;
    private final OnboardingFlow flow;
    private final Consumer<Channel> saved;
    /** Told which models "Add models…" added: they are saved at once, whether or not the edit is. */
    private final java.util.function.BiConsumer<Channel, List<String>> modelsAdded;
    private final JDialog dialog;

    private final JTextField name = new JTextField(24);
    private final JComboBox<String> type = new JComboBox<>();
    private final JTextField baseUrl = new JTextField(36);
    private final JCheckBox enabled = new JCheckBox();
    private final DefaultListModel<String> keyList = new DefaultListModel<>();
    private final JList<String> keys = new JList<>(keyList);
    private final JPasswordField newKey = new JPasswordField(24);
    private final DefaultListModel<String> headerList = new DefaultListModel<>();
    private final JList<String> headers = new JList<>(headerList);
    private final List<String> headerNames = new ArrayList<>();
    private final JTextField headerName = new JTextField(12);
    private final JTextField headerValue = new JTextField(18);
    private final JTextField proxy = new JTextField(30);
    private final JComboBox<String> balancePreset = new JComboBox<>();
    private final JTextField balanceUrl = new JTextField(20);
    private final JTextField balanceRemaining = new JTextField(16);
    private final JTextField balanceTotal = new JTextField(12);
    private final JTextField balanceUnit = new JTextField(5);
    private final JTextField balanceLow = new JTextField(5);
    private final JLabel balanceHeaders = new JLabel(" ");
    private final JTextField balanceHeaderName = new JTextField(12);
    private final JTextField balanceHeaderValue = new JTextField(18);
    private final JLabel error = new JLabel(" ");
    private final JButton save = new JButton();

    ChannelEditor(UiContext ctx, ChannelEdit edit, OnboardingFlow flow, Consumer<Channel> saved,
                  java.util.function.BiConsumer<Channel, List<String>> modelsAdded) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.edit = edit;
        this.flow = flow;
        this.saved = saved;
        this.modelsAdded = modelsAdded;
        Window owner = ctx.shell().window() instanceof Window w ? w
                : ctx.shell().window() == null ? null : SwingUtilities.getWindowAncestor(ctx.shell().window());
        this.dialog = new JDialog(owner, text.get("channels.edit.title", edit.current().name()),
                Dialog.ModalityType.APPLICATION_MODAL);
        build();
    }

    private void build() {
        var c = edit.current();
        name.setText(c.name());
        for (var t : ApiType.values()) {
            type.addItem(t.id());
        }
        type.setSelectedItem(c.type().id());
        baseUrl.setText(c.baseUrl());
        enabled.setText(text.get("channels.edit.enabled"));
        enabled.setSelected(c.enabled());
        proxy.setText(edit.proxy());
        proxy.putClientProperty("JTextField.placeholderText", text.get("channels.edit.proxyHint"));

        var form = new JPanel(new GridBagLayout());
        var g = new GridBagConstraints();
        g.insets = new Insets(3, 4, 3, 4);
        g.anchor = GridBagConstraints.NORTHWEST;
        int y = 0;
        row(form, g, y++, text.get("channels.add.name"), name);
        row(form, g, y++, text.get("channels.add.type"), type);
        row(form, g, y++, text.get("channels.edit.baseUrl"), baseUrl);
        row(form, g, y++, "", enabled);

        keys.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        keys.setVisibleRowCount(3);
        var removeKey = new JButton(text.get("channels.edit.removeKey"));
        removeKey.addActionListener(e -> attempt(() -> edit.removeKey(keys.getSelectedIndex())));
        var addKey = new JButton(text.get("channels.edit.addKey"));
        addKey.addActionListener(e -> attempt(() -> {
            edit.addKey(new String(newKey.getPassword()));
            newKey.setText("");
        }));
        var replaceKeys = new JButton(text.get("channels.edit.replaceKeys"));
        replaceKeys.addActionListener(e -> attempt(() -> {
            edit.replaceKeys(new String(newKey.getPassword()));
            newKey.setText("");
        }));
        newKey.putClientProperty("JTextField.placeholderText", text.get("channels.edit.newKeyHint"));
        var keyPanel = new JPanel(new BorderLayout(4, 4));
        keyPanel.add(new JScrollPane(keys), BorderLayout.CENTER);
        var keyButtons = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        keyButtons.add(newKey);
        keyButtons.add(addKey);
        keyButtons.add(replaceKeys);
        keyButtons.add(removeKey);
        keyPanel.add(keyButtons, BorderLayout.SOUTH);
        row(form, g, y++, text.get("channels.edit.keys"), keyPanel);

        headers.setVisibleRowCount(3);
        var removeHeader = new JButton(text.get("channels.edit.removeHeader"));
        removeHeader.addActionListener(e -> attempt(() -> {
            int i = headers.getSelectedIndex();
            if (i >= 0) {
                edit.removeHeader(headerNames.get(i));
            }
        }));
        var setHeader = new JButton(text.get("channels.edit.setHeader"));
        setHeader.addActionListener(e -> attempt(() -> {
            edit.setHeader(headerName.getText(), headerValue.getText());
            headerName.setText("");
            headerValue.setText("");
        }));
        headerName.putClientProperty("JTextField.placeholderText", text.get("channels.edit.headerNameHint"));
        headerValue.putClientProperty("JTextField.placeholderText", text.get("channels.edit.headerValueHint"));
        var headerPanel = new JPanel(new BorderLayout(4, 4));
        headerPanel.add(new JScrollPane(headers), BorderLayout.CENTER);
        var headerButtons = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        headerButtons.add(headerName);
        headerButtons.add(headerValue);
        headerButtons.add(setHeader);
        headerButtons.add(removeHeader);
        headerPanel.add(headerButtons, BorderLayout.SOUTH);
        row(form, g, y++, text.get("channels.edit.headers"), headerPanel);
        row(form, g, y++, text.get("channels.edit.proxy"), proxy);

        // the balance query: a preset or a custom endpoint, its mapping, its own headers ({key} = the channel's key)
        balancePreset.addItem("none");
        for (var p : dev.switchboard.balance.BalancePreset.values()) {
            balancePreset.addItem(p.id());
        }
        var b = edit.balance();
        balancePreset.setSelectedItem(b.preset());
        balanceUrl.setText(b.url());
        balanceUrl.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceUrlHint"));
        balanceRemaining.setText(b.remaining());
        balanceRemaining.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceRemainingHint"));
        balanceTotal.setText(b.total());
        balanceTotal.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceTotalHint"));
        balanceUnit.setText(b.unit());
        balanceUnit.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceUnitHint"));
        balanceLow.setText(b.low());
        balanceLow.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceLowHint"));
        var balancePanel = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        balancePanel.add(balancePreset);
        balancePanel.add(balanceUrl);
        balancePanel.add(balanceRemaining);
        balancePanel.add(balanceTotal);
        balancePanel.add(balanceUnit);
        balancePanel.add(balanceLow);
        balancePanel.setToolTipText(text.get("channels.edit.balanceTip"));
        row(form, g, y++, text.get("channels.edit.balance"), balancePanel);
        var setBalanceHeader = new JButton(text.get("channels.edit.setHeader"));
        setBalanceHeader.addActionListener(e -> attempt(() -> {
            applyBalanceFields();
            edit.setBalanceHeader(balanceHeaderName.getText(), balanceHeaderValue.getText());
            balanceHeaderName.setText("");
            balanceHeaderValue.setText("");
        }));
        var removeBalanceHeader = new JButton(text.get("channels.edit.removeHeader"));
        removeBalanceHeader.addActionListener(e -> attempt(() -> edit.removeBalanceHeader(balanceHeaderName.getText()
                .strip())));
        balanceHeaderName.putClientProperty("JTextField.placeholderText", text.get("channels.edit.headerNameHint"));
        balanceHeaderValue.putClientProperty("JTextField.placeholderText", text.get("channels.edit.balanceHeaderHint"));
        var balanceHeaderPanel = new JPanel(new BorderLayout(4, 2));
        balanceHeaderPanel.add(balanceHeaders, BorderLayout.NORTH);
        var balanceHeaderButtons = new JPanel(new FlowLayout(FlowLayout.LEFT, 4, 0));
        balanceHeaderButtons.add(balanceHeaderName);
        balanceHeaderButtons.add(balanceHeaderValue);
        balanceHeaderButtons.add(setBalanceHeader);
        balanceHeaderButtons.add(removeBalanceHeader);
        balanceHeaderPanel.add(balanceHeaderButtons, BorderLayout.SOUTH);
        row(form, g, y, text.get("channels.edit.balanceHeaders"), balanceHeaderPanel);

        var bottom = new JPanel(new BorderLayout());
        error.setForeground(Theme.bad());
        bottom.add(error, BorderLayout.CENTER);
        var addModels = new JButton(text.get("channels.models.open"));
        addModels.addActionListener(e -> newAddModels().open());
        bottom.add(addModels, BorderLayout.WEST);
        var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        var cancel = new JButton(text.get("common.cancel"));
        cancel.addActionListener(e -> dialog.dispose());
        save.setText(text.get("common.save"));
        save.putClientProperty("JButton.buttonType", "default");
        save.addActionListener(e -> save());
        buttons.add(cancel);
        buttons.add(save);
        bottom.add(buttons, BorderLayout.EAST);

        var content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(10, 12, 10, 12));
        content.add(form, BorderLayout.CENTER);
        content.add(bottom, BorderLayout.SOUTH);
        dialog.setContentPane(content);
        reload();
        dialog.pack();
        dialog.setSize(new Dimension(Math.max(dialog.getWidth(), 720), dialog.getHeight()));
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

    /** Runs a change of the edit; a refusal shows under the form instead of a dialog. */
    private void attempt(Runnable change) {
        try {
            change.run();
            error.setText(" ");
        } catch (RuntimeException e) {
            error.setText(html(ErrorText.of(e, text)));
        }
        reload();
    }

    private void reload() {
        keyList.clear();
        edit.keys().forEach(keyList::addElement);
        headerList.clear();
        headerNames.clear();
        edit.headers().forEach((k, v) -> {
            headerNames.add(k);
            headerList.addElement(k + ": " + v);
        });
        var shown = new ArrayList<String>();
        edit.balance().headers().forEach((k, v) -> shown.add(k + ": " + v));
        balanceHeaders.setText(shown.isEmpty() ? text.get("channels.edit.balanceNoHeaders") : String.join(", ", shown));
    }

    /** The balance fields into the edit, as one change (nothing when they are as shown). */
    private void applyBalanceFields() {
        edit.balanceFields((String) balancePreset.getSelectedItem(), balanceUrl.getText(), balanceRemaining.getText(),
                balanceTotal.getText(), balanceUnit.getText(), balanceLow.getText());
    }

    void open() {
        dialog.setLocationRelativeTo(ctx.shell().window());
        dialog.setVisible(true);
    }

    /** Saves through the store in the background; closes on success, shows the store's words otherwise. */
    CompletableFuture<Void> save() {
        try {
            edit.proxyField(proxy.getText());
            applyBalanceFields();
        } catch (RuntimeException e) {
            error.setText(html(ErrorText.of(e, text)));
            return CompletableFuture.completedFuture(null);
        }
        var n = name.getText();
        var t = ApiType.of((String) type.getSelectedItem());
        var b = baseUrl.getText();
        boolean on = enabled.isSelected();
        save.setEnabled(false);
        return ctx.background().run(() -> edit.save(ctx.store(), n, t, b, on), ch -> {
            save.setEnabled(true);
            dialog.dispose();
            saved.accept(ch);
        }, e -> {
            save.setEnabled(true);
            error.setText(html(ErrorText.of(e, text)));
        });
    }

    private static String html(String s) {
        return "<html>" + MainWindow.escape(s) + "</html>";
    }

    /**
     * The picker of models to add to this channel as saved (its list fetched with its saved keys, headers and
     * proxy); built but not shown. What it adds is saved at once: the edit's own Save is about the channel.
     */
    AddModelsDialog newAddModels() {
        var current = ctx.store().channels().find(edit.current().name()).orElse(edit.current());
        return new AddModelsDialog(ctx, dialog, flow, List.of(current), current, modelsAdded);
    }

    // For tests.
    JDialog dialog() {
        return dialog;
    }

    JTextField nameField() {
        return name;
    }

    JTextField baseUrlField() {
        return baseUrl;
    }

    JPasswordField newKeyField() {
        return newKey;
    }

    List<String> shownKeys() {
        var out = new ArrayList<String>();
        for (int i = 0; i < keyList.size(); i++) {
            out.add(keyList.get(i));
        }
        return out;
    }

    JComboBox<String> balancePresetField() {
        return balancePreset;
    }

    JTextField balanceRemainingField() {
        return balanceRemaining;
    }

    String errorText() {
        return error.getText();
    }

    void addKey(String key) {
        newKey.setText(key);
        attempt(() -> {
            edit.addKey(new String(newKey.getPassword()));
            newKey.setText("");
        });
    }
}
