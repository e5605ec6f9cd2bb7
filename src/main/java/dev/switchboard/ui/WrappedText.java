package dev.switchboard.ui;

import java.awt.Dimension;
import javax.swing.BorderFactory;
import javax.swing.JTextArea;
import javax.swing.UIManager;

/**
 * A muted, read-only paragraph that wraps at whatever width its layout gives it. A plain {@code JLabel} never
 * wraps, so one long help text made the whole settings page wider than the window and pushed the buttons on its
 * right out of sight (in Chinese most of all). It asks for almost no width of its own; its cell's fill decides,
 * and its height follows the width it got ({@link #setBounds} asks for another layout when that changes it).
 */
final class WrappedText extends JTextArea {
    /** Wide enough for a word or two: the layout never squeezes it below this. */
    private static final int MIN_WIDTH = 80;

    WrappedText(String text) {
        super(text);
        setEditable(false);
        setFocusable(false);
        setLineWrap(true);
        setWrapStyleWord(true);
        setOpaque(false);
        setBorder(BorderFactory.createEmptyBorder());
        putClientProperty("FlatLaf.styleClass", "small");
        restyle();
    }

    @Override
    public void updateUI() {
        super.updateUI();
        restyle(); // a theme switch resets the font and colour to a text area's
    }

    private void restyle() {
        var small = UIManager.getFont("small.font");
        if (small != null) {
            setFont(small);
        }
        setForeground(Theme.muted());
        setBackground(null);
    }

    @Override
    public Dimension getPreferredSize() {
        var d = super.getPreferredSize(); // the height of the text wrapped at the current width
        return new Dimension(Math.min(d.width, MIN_WIDTH), d.height);
    }

    /**
     * Never scrolls the page to itself. A text area keeps a caret even when read-only, and moves it into view
     * when its text is set: the Settings page opened scrolled to its last help text.
     */
    @Override
    public void scrollRectToVisible(java.awt.Rectangle r) {
    }

    @Override
    public void setBounds(int x, int y, int width, int height) {
        boolean resized = width != getWidth();
        super.setBounds(x, y, width, height);
        if (resized && getPreferredSize().height != height) {
            // Wrapped at the new width it needs another height: the page lays out once more. Later, not now: this
            // runs inside a layout, which marks everything valid when it ends and would swallow the request.
            javax.swing.SwingUtilities.invokeLater(this::revalidate);
        }
    }

    @Override
    public Dimension getMinimumSize() {
        return new Dimension(MIN_WIDTH, super.getPreferredSize().height);
    }
}
