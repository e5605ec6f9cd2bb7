package dev.switchboard.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

/** Placeholder until the connect tab is built. */
final class ConnectTab implements Tab {
    private final UiContext ctx;
    private final JLabel label = new JLabel("Connect");

    ConnectTab(UiContext ctx) {
        this.ctx = ctx;
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
        return label;
    }

    @Override
    public void shown() {
    }

    @Override
    public void hidden() {
    }

    @Override
    public void refresh() {
    }
}
