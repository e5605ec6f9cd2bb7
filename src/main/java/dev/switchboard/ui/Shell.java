package dev.switchboard.ui;

import java.awt.Component;

/**
 * What a tab may ask of the window around it. Tests pass a recording one.
 */
interface Shell {
    /** The window, as the parent of dialogs (null before it exists). */
    Component window();

    /** Restyles every window for a new {@code theme} setting. */
    void applyTheme(String setting);

    /** Rebuilds the window in the language of a new {@code language} setting. */
    void applyLanguage(String setting);

    /** Stops and starts the gateway (after the port or the bind address changed). */
    void restartGateway();

    /** Shows another tab. */
    void selectTab(String id);

    /** Puts text on the clipboard. */
    void copy(String text);

    /** A shell that does nothing: for tests that build a tab without a window. */
    static Shell none() {
        return new Shell() {
            @Override
            public Component window() {
                return null;
            }

            @Override
            public void applyTheme(String setting) {
            }

            @Override
            public void applyLanguage(String setting) {
            }

            @Override
            public void restartGateway() {
            }

            @Override
            public void selectTab(String id) {
            }

            @Override
            public void copy(String text) {
            }
        };
    }
}
