package dev.switchboard.app;

import java.util.ArrayList;
import java.util.List;

/** Plain text for the terminal: wrapping to the width the CLI's output keeps to. */
final class Text {
    /** What every command's output fits in: narrower than most terminals, and than picocli's help (80 + margin). */
    static final int WIDTH = 100;

    private Text() {
    }

    /**
     * {@code text} in lines of at most {@code width} characters, broken at spaces and after commas (a list such as
     * {@code a,b,c} breaks between its items); a word longer than a line is cut. Never empty: blank text is one
     * empty line.
     */
    static List<String> wrap(String text, int width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (var word : text.strip().split("\\s+")) {
            var pieces = word.split("(?<=,)"); // a,b,c as a, b, c: glued back unless a line breaks between them
            for (int i = 0; i < pieces.length; i++) {
                var piece = pieces[i];
                if (piece.isEmpty()) {
                    continue;
                }
                boolean glued = i > 0;
                int needed = line.length() + (line.length() == 0 || glued ? 0 : 1) + piece.length();
                if (needed > width && line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                while (piece.length() > width) {
                    lines.add(piece.substring(0, width));
                    piece = piece.substring(width);
                }
                if (line.length() > 0 && !glued) {
                    line.append(' ');
                }
                line.append(piece);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
