package dev.switchboard.store;

/**
 * The characters that change how a terminal (or a window) shows text instead of being shown: C0 and C1 controls
 * and DEL (ESC starts the sequences that recolour, move the cursor or retitle the window; a line break forges a
 * line), the bidirectional overrides, embeddings, isolates and marks that make text read in another order than
 * it is stored ("Trojan Source"), and the Unicode line and paragraph separators. Names, models, aliases, headers,
 * options and settings refuse them ({@link Validation}); output escapes them visibly with {@link #escape}, so
 * that what a database already holds, or an upstream sends, can never act on the person's terminal.
 */
public final class ControlChars {
    private ControlChars() {
    }

    public static boolean isControl(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL // C0, DEL, C1
                || codePoint == 0x061C // Arabic letter mark
                || codePoint == 0x200E || codePoint == 0x200F // left-to-right and right-to-left marks
                || codePoint >= 0x202A && codePoint <= 0x202E // embeddings and overrides
                || codePoint >= 0x2066 && codePoint <= 0x2069 // isolates
                || codePoint == 0x2028 || codePoint == 0x2029; // line and paragraph separators
    }

    /** The first control character in {@code text}, or -1 when there is none. */
    public static int first(CharSequence text) {
        if (text == null) {
            return -1;
        }
        return text.codePoints().filter(ControlChars::isControl).findFirst().orElse(-1);
    }

    /**
     * {@code text} with every control character written out as an escape ({@code \n}, {@code \r}, {@code \t},
     * else {@code \}{@code u001b}), so it shows on one line exactly as stored. The escapes are also JSON's, so
     * escaping inside a JSON string keeps its value. A backslash is left as it is: escaping twice changes nothing.
     */
    public static String escape(CharSequence text) {
        return escape(text, false);
    }

    /**
     * Like {@link #escape}, but line breaks ({@code \n}, {@code \r\n}) and tabs stay: for whole blocks of output
     * whose lines are Switchboard's own.
     */
    public static String escapeKeepingLines(CharSequence text) {
        return escape(text, true);
    }

    /** {@code U+001B}: how a message names a character that cannot be shown. */
    public static String name(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    private static String escape(CharSequence text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        int i = 0;
        while (i < n && !isControl(text.charAt(i))) {
            i++; // the usual case: nothing to escape, no copy (every control character is in the BMP)
        }
        if (i == n) {
            return text.toString();
        }
        var out = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char ch = text.charAt(i);
            if (!isControl(ch)) {
                out.append(ch);
            } else if (keepLines && (ch == '\n' || ch == '\t' || ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                out.append(ch);
            } else {
                switch (ch) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) ch));
                }
            }
        }
        return out.toString();
    }
}
