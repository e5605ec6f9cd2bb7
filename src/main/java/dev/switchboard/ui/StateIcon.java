package dev.switchboard.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The app's icon, drawn rather than loaded so that it carries the state: a rounded square in green (running),
 * amber (some entries cooling) or grey (stopped), with three switch lines.
 */
final class StateIcon {
    private StateIcon() {
    }

    static BufferedImage draw(TrayMenuModel.Status status, int size) {
        var color = switch (status) {
            case RUNNING -> new Color(0x1e8e3e);
            case COOLING -> new Color(0xe09b00);
            case STOPPED -> new Color(0x8a8a8a);
        };
        var image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int pad = Math.max(1, size / 16);
            int arc = size / 3;
            g.setColor(color);
            g.fillRoundRect(pad, pad, size - 2 * pad, size - 2 * pad, arc, arc);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(1.5f, size / 10f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int left = size * 5 / 16;
            int right = size * 11 / 16;
            for (int i = 0; i < 3; i++) {
                int y = size * (5 + 3 * i) / 16;
                g.drawLine(left, y, right, y);
                int knob = i == 1 ? right : left; // the switch of the middle line is thrown the other way
                int r = Math.max(2, size / 10);
                g.fillOval(knob - r, y - r, 2 * r, 2 * r);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
