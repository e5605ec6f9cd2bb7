package dev.switchboard.ui;

import dev.switchboard.store.Snapshot;
import java.awt.BorderLayout;
import java.awt.Component;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.Timer;

/**
 * The Models tab (API management): the {@link EntriesPane entries} over the {@link GroupsPane groups} and the
 * {@link RulesPane scene rules} (side by side as two tabs), and one message line under all ({@link TabWork}). This class places the panes, reads the snapshot for both, and
 * redraws when a cooldown ends.
 */
final class ModelsTab implements Tab {
    /** Asks the person to confirm a removal; tests answer for them. */
    interface Confirm {
        boolean ask(String title, String message);
    }

    private final UiContext ctx;
    private final JPanel root = new JPanel(new BorderLayout());
    private final TabWork work;
    private final EntriesPane entries;
    private final GroupsPane groups;
    private final RulesPane rules;
    private final Timer ticker;
    Confirm confirm;

    private Snapshot snapshot = Snapshot.empty();
    private Instant nextExpiry;

    ModelsTab(UiContext ctx) {
        this.ctx = ctx;
        var presenter = new EntryRows(ctx.catalog(), ctx.text(), ZoneId.systemDefault());
        this.work = new TabWork(ctx.background(), ctx.text(), this::refresh);
        Confirm asked = (title, msg) -> confirm.ask(title, msg); // the field's answer at the time: tests replace it
        this.entries = new EntriesPane(ctx, presenter, work, asked, this::refresh, this::render);
        this.groups = new GroupsPane(ctx, presenter, work, asked, entries::selectedEntries, this::refresh);
        this.rules = new RulesPane(ctx, work, asked, this::refresh);
        entries.onSelectionChanged(groups::updateButtons);
        entries.onAddModels(() -> {
            var dialog = newAddModels();
            if (dialog != null) {
                dialog.open();
            }
        });
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

    private void build() {
        root.setBorder(BorderFactory.createEmptyBorder(8, 10, 6, 10));
        var below = new JTabbedPane();
        below.addTab(ctx.text().get("models.tabs.groups"), groups.component());
        below.addTab(ctx.text().get("models.tabs.rules"), rules.component());
        var split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, entries.tableView(), below);
        split.setResizeWeight(0.62);
        split.setDividerLocation(400);
        split.setBorder(null);
        var message = work.line();
        message.setBorder(BorderFactory.createEmptyBorder(4, 2, 0, 2));
        root.add(entries.toolbar(), BorderLayout.NORTH);
        root.add(split, BorderLayout.CENTER);
        root.add(message, BorderLayout.SOUTH);
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
        if (entries.holdsRefresh()) {
            return; // a cell is being edited: the pane refreshes when the edit ends
        }
        snapshot = ctx.snapshot();
        render();
        entries.reloadSpeeds();
    }

    /** Shows the snapshot read last in both panes. */
    private void render() {
        var now = ctx.clock().instant();
        nextExpiry = EntryRows.nextExpiry(snapshot, now);
        entries.show(snapshot, now);
        groups.show(snapshot);
        rules.show(snapshot);
    }

    /**
     * The picker of models to add, for the channel of the first selected entry (else the first channel), any
     * channel to choose; built but not shown. Null, with a word on the message line, when there is no channel.
     */
    AddModelsDialog newAddModels() {
        var channels = snapshot.channels();
        if (channels.isEmpty()) {
            work.info(ctx.text().get("channels.models.noChannel"));
            return null;
        }
        var selected = entries.selectedEntries().stream().findFirst()
                .flatMap(e -> channels.stream().filter(c -> c.id() == e.channelId()).findFirst())
                .orElse(channels.get(0));
        var flow = new OnboardingFlow(ctx.store(), ctx.app().upstream(), ctx.catalog(), ctx.clock(), ctx.text());
        return new AddModelsDialog(ctx, AddModelsDialog.mainWindow(ctx), flow, channels, selected, (c, added) -> {
            refresh();
            work.info(ctx.text().get("channels.models.added", added.size(), c.name()));
        });
    }

    // ---- for tests

    EntriesPane entries() {
        return entries;
    }

    GroupsPane groups() {
        return groups;
    }

    RulesPane rules() {
        return rules;
    }

    JLabel message() {
        return work.line();
    }

    /** The last background work started by either pane: tests wait on it instead of sleeping. */
    CompletableFuture<Void> pending() {
        return work.pending();
    }
}
