package dev.switchboard.ui;

import dev.switchboard.connect.Agent;
import dev.switchboard.service.GatewayState;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;

/**
 * "Connect a client": at the top, Apply and Undo for each coding agent, which change the agent's own configuration
 * (see {@link ConnectPresenter}) after the person has seen the diff; below, pick a client, get the exact variables
 * or configuration for this gateway in the chosen shell's syntax, and copy it. The text follows the gateway: its
 * running address, or the port and bind settings while it is stopped.
 */
final class ConnectTab implements Tab {
    private final UiContext ctx;
    private final JPanel root = new JPanel(new BorderLayout());
    private final JList<ConnectSnippets.Client> clients = new JList<>(ConnectSnippets.Client.values());
    private final JComboBox<ConnectSnippets.ShellKind> shell = new JComboBox<>(ConnectSnippets.ShellKind.values());
    private final JLabel shellLabel = new JLabel();
    private final JLabel title = new JLabel();
    private final JLabel description = new JLabel();
    private final JLabel note = new JLabel();
    private final JTextArea snippet = new JTextArea();
    private final JButton copy = new JButton();
    private final Consumer<GatewayState> stateListener = s -> SwingUtilities.invokeLater(() -> {
        if (this.listening) {
            refresh();
        }
    });
    private boolean listening;
    private final ConnectPresenter presenter;
    private final Map<Agent, JButton> applyButtons = new EnumMap<>(Agent.class);
    private final Map<Agent, JButton> undoButtons = new EnumMap<>(Agent.class);
    private final Map<Agent, JLabel> agentStates = new EnumMap<>(Agent.class);
    private final JLabel agentNote = new JLabel(" ");
    /** Shows the diff and asks; tests replace it. */
    DiffConfirm confirm = this::showDiff;

    /** Asks the person to confirm a change, showing its diff. */
    interface DiffConfirm {
        boolean ask(String title, String diff);
    }

    ConnectTab(UiContext ctx) {
        this(ctx, ConnectPresenter.forDesktop(ctx));
    }

    ConnectTab(UiContext ctx, ConnectPresenter presenter) {
        this.ctx = ctx;
        this.presenter = presenter;
        var text = ctx.text();

        clients.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        clients.setCellRenderer(new DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(JList<?> list, Object value, int index,
                                                                   boolean selected, boolean focus) {
                var c = (ConnectSnippets.Client) value;
                var label = (JLabel) super.getListCellRendererComponent(list, text.get("connect.client." + c.id),
                        index, selected, focus);
                label.setBorder(BorderFactory.createEmptyBorder(7, 10, 7, 10));
                return label;
            }
        });
        clients.setSelectedIndex(0);
        clients.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                refresh();
            }
        });
        var list = new JScrollPane(clients, JScrollPane.VERTICAL_SCROLLBAR_AS_NEEDED,
                JScrollPane.HORIZONTAL_SCROLLBAR_NEVER);
        list.setMinimumSize(new Dimension(200, 100));
        list.setPreferredSize(new Dimension(240, 100));

        shell.setSelectedItem(ConnectSnippets.ShellKind.forOs(System.getProperty("os.name")));
        shell.setRenderer(new DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(JList<?> l, Object value, int index,
                                                                   boolean selected, boolean focus) {
                var k = (ConnectSnippets.ShellKind) value;
                return super.getListCellRendererComponent(l, k == null ? "" : text.get("connect.shell." + k.id),
                        index, selected, focus);
            }
        });
        shell.addActionListener(e -> refresh());
        shellLabel.setText(text.get("connect.shell"));
        shellLabel.setLabelFor(shell);

        title.putClientProperty("FlatLaf.styleClass", "h3");
        description.setForeground(Theme.muted());
        snippet.setEditable(false);
        snippet.setFont(new Font(Font.MONOSPACED, Font.PLAIN, snippet.getFont().getSize()));
        snippet.setTabSize(4);
        snippet.setBorder(BorderFactory.createEmptyBorder(8, 10, 8, 10));
        copy.setText(text.get("common.copy"));
        copy.putClientProperty("JButton.buttonType", "default");
        copy.addActionListener(e -> {
            ctx.shell().copy(snippet.getText());
            note.setText(text.get("connect.copied"));
            note.setForeground(Theme.ok());
        });

        var top = new JPanel(new BorderLayout(0, 4));
        top.setBorder(BorderFactory.createEmptyBorder(0, 0, 8, 0));
        top.add(title, BorderLayout.NORTH);
        top.add(description, BorderLayout.CENTER);
        var controls = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        controls.add(shellLabel);
        controls.add(shell);
        top.add(controls, BorderLayout.SOUTH);

        var bottom = new JPanel(new BorderLayout(8, 0));
        bottom.setBorder(BorderFactory.createEmptyBorder(8, 0, 0, 0));
        bottom.add(note, BorderLayout.CENTER);
        bottom.add(copy, BorderLayout.EAST);

        var right = new JPanel(new BorderLayout());
        right.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 16));
        right.add(top, BorderLayout.NORTH);
        right.add(new JScrollPane(snippet), BorderLayout.CENTER);
        right.add(bottom, BorderLayout.SOUTH);

        var split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, list, right);
        split.setBorder(BorderFactory.createEmptyBorder());
        split.setDividerLocation(240);
        root.add(agentsPanel(), BorderLayout.NORTH);
        root.add(split, BorderLayout.CENTER);
        refresh();
    }

    private JComponent agentsPanel() {
        var text = ctx.text();
        var panel = new JPanel(new GridBagLayout());
        panel.setBorder(BorderFactory.createCompoundBorder(
                BorderFactory.createMatteBorder(0, 0, 1, 0, Theme.muted()),
                BorderFactory.createEmptyBorder(10, 16, 10, 16)));
        var c = new GridBagConstraints();
        c.gridy = 0;
        c.gridx = 0;
        c.gridwidth = 4;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(0, 0, 2, 0);
        var heading = new JLabel(text.get("connect.agents.title"));
        heading.putClientProperty("FlatLaf.styleClass", "h4");
        panel.add(heading, c);
        c.gridy++;
        var about = new JLabel("<html>" + MainWindow.escape(text.get("connect.agents.about")) + "</html>");
        about.setForeground(Theme.muted());
        panel.add(about, c);
        c.gridwidth = 1;
        c.insets = new Insets(4, 0, 0, 10);
        for (var agent : Agent.values()) {
            c.gridy++;
            c.gridx = 0;
            c.weightx = 0;
            panel.add(new JLabel(agent.displayName()), c);
            c.gridx = 1;
            var state = new JLabel();
            state.setForeground(Theme.muted());
            agentStates.put(agent, state);
            panel.add(state, c);
            c.gridx = 2;
            var apply = new JButton(text.get("connect.agent.apply"));
            apply.addActionListener(e -> carryOut(presenter.previewApply(agent), "connect.agent.confirm.apply"));
            applyButtons.put(agent, apply);
            panel.add(apply, c);
            c.gridx = 3;
            c.weightx = 1;
            var undo = new JButton(text.get("connect.agent.undo"));
            undo.addActionListener(e -> carryOut(presenter.previewUndo(agent), "connect.agent.confirm.undo"));
            undoButtons.put(agent, undo);
            panel.add(undo, c);
        }
        c.gridy++;
        c.gridx = 0;
        c.gridwidth = 4;
        panel.add(agentNote, c);
        return panel;
    }

    /** Shows the diff for confirmation, then writes; a refusal or "nothing to change" is said in the note. */
    private void carryOut(ConnectPresenter.Preview preview, String titleKey) {
        boolean go = preview.problem() == null && !preview.nothingToDo()
                && confirm.ask(ctx.text().get(titleKey, preview.agent().displayName()), preview.diff());
        if (preview.problem() != null || preview.nothingToDo() || go) {
            var message = presenter.carryOut(preview);
            agentNote.setText("<html>" + MainWindow.escape(message) + "</html>");
            agentNote.setForeground(preview.problem() != null ? Theme.warn() : Theme.ok());
        }
        refreshAgents();
    }

    private boolean showDiff(String title, String diff) {
        var area = new JTextArea(diff, Math.min(24, (int) diff.lines().count() + 1), 90);
        area.setEditable(false);
        area.setFont(new Font(Font.MONOSPACED, Font.PLAIN, area.getFont().getSize()));
        var w = ctx.shell().window();
        Component parent = w != null ? w : root;
        return JOptionPane.showConfirmDialog(parent, new JScrollPane(area), title, JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) == JOptionPane.OK_OPTION;
    }

    private void refreshAgents() {
        for (var agent : Agent.values()) {
            undoButtons.get(agent).setEnabled(presenter.canUndo(agent));
            agentStates.get(agent).setText(presenter.state(agent));
        }
    }

    @Override
    public String id() {
        return "connect";
    }

    @Override
    public String title() {
        return ctx.text().get("tab.connect");
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void shown() {
        if (!listening) {
            ctx.app().addListener(stateListener); // a restart on another port changes every snippet
            listening = true;
        }
        refresh();
    }

    @Override
    public void hidden() {
        if (listening) {
            ctx.app().removeListener(stateListener);
            listening = false;
        }
    }

    /** Rebuilds the text from the gateway's state and the settings (both in memory). */
    @Override
    public void refresh() {
        refreshAgents();
        var text = ctx.text();
        var client = clients.getSelectedValue() == null ? ConnectSnippets.Client.CLAUDE_CODE
                : clients.getSelectedValue();
        var kind = (ConnectSnippets.ShellKind) shell.getSelectedItem();
        var snapshot = ctx.snapshot();
        var endpoint = ConnectSnippets.endpoint(ctx.app().state(), snapshot.settings(), snapshot.accessKeys());
        title.setText(text.get("connect.client." + client.id));
        description.setText("<html>" + MainWindow.escape(text.get("connect.about." + client.id)) + "</html>");
        shell.setEnabled(client.usesShell);
        shellLabel.setEnabled(client.usesShell);
        var value = ConnectSnippets.snippet(client, kind, endpoint, text);
        if (!value.equals(snippet.getText())) {
            snippet.setText(value);
            snippet.setCaretPosition(0);
        }
        String message;
        if (!endpoint.running()) {
            message = text.get("connect.note.notRunning", endpoint.baseUrl());
        } else if (endpoint.beyondLoopback()) {
            message = text.get("connect.note.beyondLoopback");
        } else {
            message = text.get("connect.note.auto");
        }
        note.setText("<html>" + MainWindow.escape(message) + "</html>");
        note.setForeground(endpoint.running() ? Theme.muted() : Theme.warn());
    }

    // ---- for tests

    JList<ConnectSnippets.Client> clientList() {
        return clients;
    }

    JComboBox<ConnectSnippets.ShellKind> shellChooser() {
        return shell;
    }

    JTextArea snippetArea() {
        return snippet;
    }

    JButton copyButton() {
        return copy;
    }

    JButton applyButton(Agent agent) {
        return applyButtons.get(agent);
    }

    JButton undoButton(Agent agent) {
        return undoButtons.get(agent);
    }

    String agentNote() {
        return agentNote.getText();
    }
}
