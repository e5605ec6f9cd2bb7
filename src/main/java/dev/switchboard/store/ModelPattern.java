package dev.switchboard.store;

import java.util.Locale;

/**
 * A scene rule's model-name condition: a name with {@code *} standing for any characters (none included), matched
 * ignoring case, as model names are everywhere else in routing. {@code claude*} matches {@code claude-haiku-4-5};
 * {@code *haiku*} matches it too; {@code gpt-4o} without a star matches that name only. No other character is
 * special, so a model name with dots, slashes or brackets needs no escaping.
 *
 * <p>Compiled once, when the rule is read: matching is a walk over a few literal pieces, with no regular expression
 * and no allocation, since it runs for every request.
 */
public final class ModelPattern {
    /** As long as a model name may be ({@link Validation#model}). */
    static final int MAX_LENGTH = 200;

    private final String text;
    /** The literal pieces between the stars, lower-cased; one piece when there is no star. */
    private final String[] pieces;
    private final int specificity;

    private ModelPattern(String text) {
        this.text = text;
        this.pieces = text.toLowerCase(Locale.ROOT).split("\\*", -1);
        int literal = 0;
        for (var p : pieces) {
            literal += p.length();
        }
        this.specificity = literal;
    }

    /**
     * Reads a pattern as a person wrote it.
     *
     * @throws StoreException (invalid) for a blank, over-long or control-character pattern
     */
    public static ModelPattern of(String raw) {
        var v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("A model pattern is needed, such as claude* or gpt-4o*.");
        }
        Validation.visible("A model pattern", v, true);
        if (v.length() > MAX_LENGTH) {
            throw StoreException.invalid("The model pattern '" + v + "' is longer than " + MAX_LENGTH
                    + " characters.");
        }
        return new ModelPattern(v);
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /**
     * How specific the pattern is: its number of characters other than {@code *}. Of two patterns that both match
     * a name, the one with more literal characters is the longer match: {@code claude-opus*} (11) beats
     * {@code claude*} (6), and {@code gpt-4o} (6, no star) beats {@code gpt*} (3).
     */
    public int specificity() {
        return specificity;
    }

    /** Whether {@code lowerCaseName}, already lower-cased ({@link Locale#ROOT}), matches. */
    public boolean matchesLowerCase(String lowerCaseName) {
        var s = lowerCaseName;
        if (pieces.length == 1) {
            return s.equals(pieces[0]);
        }
        var first = pieces[0];
        var last = pieces[pieces.length - 1];
        if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
            return false;
        }
        int at = first.length();
        int end = s.length() - last.length();
        for (int i = 1; i < pieces.length - 1; i++) {
            var p = pieces[i];
            if (p.isEmpty()) {
                continue;
            }
            int found = s.indexOf(p, at);
            if (found < 0 || found + p.length() > end) {
                return false;
            }
            at = found + p.length();
        }
        return true;
    }

    /** Whether {@code name} matches, ignoring case. */
    public boolean matches(String name) {
        return name != null && matchesLowerCase(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
