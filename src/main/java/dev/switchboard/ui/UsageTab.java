package dev.switchboard.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

/** Placeholder until the usage tab is built. */
final class UsageTab implements Tab {
    private final UiContext ctx;
    private final JLabel label = new JLabel("Usage");

    UsageTab(UiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String id() {
        return "usage";
    }

    @Override
    public String title() {
        return ctx.text().get("tab.usage");
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
