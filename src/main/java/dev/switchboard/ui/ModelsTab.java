package dev.switchboard.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

/** Placeholder until the models tab is built. */
final class ModelsTab implements Tab {
    private final UiContext ctx;
    private final JLabel label = new JLabel("Models");

    ModelsTab(UiContext ctx) {
        this.ctx = ctx;
    }

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
