package dev.switchboard.ui;

import dev.switchboard.store.Channel;
import java.awt.BorderLayout;
import java.awt.Dialog;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Window;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;

/**
 * Add models to a channel already saved: its list is fetched at once and shown in the same {@link ModelPicker} as
 * Add channel uses, its entries ticked and marked as added, the others ticked as
 * {@link dev.switchboard.discovery.Onboarding} says; the ticked ones it does not have yet are added and join
 * {@code auto}. Opened from Edit channel (that channel, fixed) and from the Models tab (a channel to choose).
 */
final class AddModelsDialog {
    private final UiContext ctx;
    private final Messages text;
    private final OnboardingFlow flow;
    private final List<Channel> channels;
    private final BiConsumer<Channel, List<String>> added;
    private final JDialog dialog;
    private final JComboBox<String> channel = new JComboBox<>();
    private final ModelPicker models;
    private final JLabel error = new JLabel(" ");
    private final JButton add = new JButton();
    private boolean busy;

    /**
     * @param owner    the window it sits above: the channel editor when opened from there (a modal dialog owned by
     *                 the main window could open behind the editor), else the main window; null for its own
     * @param channels the channels to choose from; one when opened for a given channel
     * @param selected the channel chosen first
     * @param added    told which models were added to which channel, after the dialog closed
     */
    AddModelsDialog(UiContext ctx, Window owner, OnboardingFlow flow, List<Channel> channels, Channel selected,
                    BiConsumer<Channel, List<String>> added) {
        this.ctx = ctx;
        this.text = ctx.text();
        this.flow = flow;
        this.channels = List.copyOf(channels);
        this.added = added;
        this.models = new ModelPicker(text, flow, this::fetch, this::failed);
        this.dialog = new JDialog(owner, text.get("channels.models.title", selected.name()),
                Dialog.ModalityType.APPLICATION_MODAL);
        this.channels.forEach(c -> channel.addItem(c.name()));
        channel.setSelectedItem(selected.name());
        channel.setEnabled(this.channels.size() > 1);
        build();
    }

    private void build() {
        var top = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        top.add(new JLabel(text.get("channels.models.channel")));
        top.add(channel);
        channel.addActionListener(e -> {
            dialog.setTitle(text.get("channels.models.title", chosen().name()));
            fetch();
        });
        var bottom = new JPanel(new BorderLayout());
        error.setForeground(Theme.bad());
        bottom.add(error, BorderLayout.CENTER);
        var buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        var cancel = new JButton(text.get("common.cancel"));
        cancel.addActionListener(e -> dialog.dispose());
        add.setText(text.get("channels.models.add"));
        add.putClientProperty("JButton.buttonType", "default");
        add.addActionListener(e -> add());
        buttons.add(cancel);
        buttons.add(add);
        bottom.add(buttons, BorderLayout.EAST);
        var content = new JPanel(new BorderLayout(0, 6));
        content.setBorder(BorderFactory.createEmptyBorder(10, 12, 10, 12));
        content.add(top, BorderLayout.NORTH);
        content.add(models.component(), BorderLayout.CENTER);
        content.add(bottom, BorderLayout.SOUTH);
        dialog.setContentPane(content);
        dialog.pack();
        dialog.setSize(new Dimension(Math.max(dialog.getWidth(), 880), Math.max(dialog.getHeight(), 420)));
        updateButtons();
    }

    /** Fetches the chosen channel's list at once, then shows the dialog (modal: returns when it closes). */
    void open() {
        fetch();
        dialog.setLocationRelativeTo(dialog.getOwner() != null ? dialog.getOwner() : ctx.shell().window());
        dialog.setVisible(true);
    }

    /** The main window, as the owner of a dialog opened from a tab. */
    static Window mainWindow(UiContext ctx) {
        return ctx.shell().window() instanceof Window w ? w
                : ctx.shell().window() == null ? null : SwingUtilities.getWindowAncestor(ctx.shell().window());
    }

    Channel chosen() {
        var name = (String) channel.getSelectedItem();
        return channels.stream().filter(c -> c.name().equals(name)).findFirst().orElse(channels.get(0));
    }

    /** The chosen channel's model list, in the background. */
    CompletableFuture<Void> fetch() {
        var c = chosen();
        working(true, text.get("channels.add.fetching"));
        return ctx.background().run(() -> flow.modelsOf(c), l -> {
            working(false, null);
            models.show(l);
        }, e -> failed(ErrorText.of(e, text)));
    }

    /** Adds the ticked models the channel does not have yet; closes when done, says so when there are none. */
    CompletableFuture<Void> add() {
        var c = chosen();
        var ticked = models.checked();
        working(true, text.get("channels.models.adding"));
        return ctx.background().run(() -> flow.addModels(c, ticked), done -> {
            working(false, null);
            if (done.isEmpty()) {
                error.setForeground(Theme.warn());
                error.setText(AddChannelDialog.html(text.get("channels.models.nothing", c.name())));
                return;
            }
            dialog.dispose();
            added.accept(c, done);
        }, e -> failed(ErrorText.of(e, text)));
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
        error.setText(AddChannelDialog.html(words));
        updateButtons();
    }

    private void updateButtons() {
        models.enable(!busy, true);
        add.setEnabled(!busy);
        channel.setEnabled(!busy && channels.size() > 1);
    }

    // For tests.
    JDialog dialog() {
        return dialog;
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

    String errorText() {
        return error.getText();
    }

    String listingText() {
        return models.listingText();
    }
}
