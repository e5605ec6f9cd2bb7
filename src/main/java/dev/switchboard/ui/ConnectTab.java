package dev.switchboard.ui;

import dev.switchboard.service.GatewayState;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;

/**
 * "Connect a client": pick a client, get the exact variables or configuration for this gateway in the chosen
 * shell's syntax, and copy it. The text follows the gateway: its running address, or the port and bind settings
 * while it is stopped.
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

    ConnectTab(UiContext ctx) {
        this.ctx = ctx;
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
        root.add(split, BorderLayout.CENTER);
        refresh();
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
}
