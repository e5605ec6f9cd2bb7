package dev.switchboard.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

/** Placeholder until the channels tab is built. */
final class ChannelsTab implements Tab {
    private final UiContext ctx;
    private final JLabel label = new JLabel("Channels");

    ChannelsTab(UiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String id() {
        return "channels";
    }

    @Override
    public String title() {
        return ctx.text().get("tab.channels");
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
