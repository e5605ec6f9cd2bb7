package dev.switchboard.ui;

import java.awt.BorderLayout;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.JPanel;

/**
 * A tab built the first time it is needed. The window shows one tab at a time, and building all five at start
 * (their tables, forms and chart, and the classes behind them) was about 0.4 s of the event thread before the
 * window could show, on 2 cores (issue 14; docs/BENCHMARKS.md). Until then the tab's place holds an empty panel,
 * which the tab's own component fills when it is built.
 */
final class LazyTab implements Tab {
    private final String id;
    private final String title;
    private final Supplier<Tab> build;
    private final JPanel holder = new JPanel(new BorderLayout());
    private Tab tab;

    /**
     * @param id    the tab's {@link Tab#id()}, known before it is built
     * @param title its title, in the window's language
     * @param build makes the tab; called once, on the event thread
     */
    LazyTab(String id, String title, Supplier<Tab> build) {
        this.id = id;
        this.title = title;
        this.build = build;
    }

    /** The tab itself, built now if it was not yet. */
    Tab tab() {
        if (tab == null) {
            tab = build.get();
            holder.add(tab.component(), BorderLayout.CENTER);
            holder.revalidate();
        }
        return tab;
    }

    boolean built() {
        return tab != null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public JComponent component() {
        return holder;
    }

    @Override
    public void shown() {
        tab().shown();
    }

    @Override
    public void hidden() {
        if (tab != null) {
            tab.hidden();
        }
    }

    @Override
    public void refresh() {
        if (tab != null) {
            tab.refresh(); // one never shown has nothing on screen to bring up to date
        }
    }
}
