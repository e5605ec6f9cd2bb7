package dev.switchboard.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

/** Placeholder until the settings tab is built. */
final class SettingsTab implements Tab {
    private final UiContext ctx;
    private final JLabel label = new JLabel("Settings");

    SettingsTab(UiContext ctx) {
        this.ctx = ctx;
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
