package dev.switchboard.ui;

import javax.swing.JComponent;

/**
 * One tab of the window. Tabs refresh only while shown: a hidden window costs nothing.
 */
interface Tab {
    /** Stable name: {@code channels}, {@code models}, {@code usage}, {@code settings}, {@code connect}. */
    String id();

    /** The tab's title, in the window's language. */
    String title();

    JComponent component();

    /** The tab became visible: load now, and start any live updates of its own. Called on the event thread. */
    void shown();

    /** The tab or the window was hidden: stop live updates. */
    void hidden();

    /** The configuration or health changed while the tab is shown. Called on the event thread. */
    void refresh();
}
