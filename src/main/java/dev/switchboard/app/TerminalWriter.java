package dev.switchboard.app;

import dev.switchboard.store.ControlChars;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Everything the CLI prints goes through one of these: control characters in the text are written out as
 * visible escapes ({@link ControlChars#escapeKeepingLines}) instead of reaching the terminal, whatever their
 * source: a name an older version stored, an upstream's model list or error message, a release's notes, or
 * what the person typed repeated in an error. Line breaks and tabs stay, since the lines are the CLI's own.
 *
 * <p>The one way an escape sequence reaches the terminal is {@link #colour}, which only Switchboard's own code
 * calls ({@link Table}'s coloured cells), never with text from data.
 */
final class TerminalWriter extends PrintWriter {
    static final String RESET = "\u001B[0m";

    private final PrintWriter terminal;

    private TerminalWriter(PrintWriter terminal) {
        super(new Escaping(terminal), true);
        this.terminal = terminal;
    }

    /** {@code terminal} with control characters escaped; the same writer when it already is one. */
    static TerminalWriter over(PrintWriter terminal) {
        return terminal instanceof TerminalWriter w ? w : new TerminalWriter(terminal);
    }

    /** Switches the terminal's colour ({@code ESC[...m}), or back with {@link #RESET}. */
    void colour(String sgr) {
        flush(); // what was printed before comes before the colour change
        terminal.write(sgr);
    }

    /** The escaping itself, below the PrintWriter so that every print, write and format passes through it. */
    private static final class Escaping extends Writer {
        private final PrintWriter terminal;

        Escaping(PrintWriter terminal) {
            this.terminal = terminal;
        }

        @Override
        public void write(char[] text, int offset, int length) {
            // One call is one piece of text (PrintWriter.println writes its line separator in one), so a \r\n is
            // never split here; a lone \r, which would overwrite the line, is escaped.
            terminal.write(ControlChars.escapeKeepingLines(java.nio.CharBuffer.wrap(text, offset, length)));
        }

        @Override
        public void write(String text, int offset, int length) {
            terminal.write(ControlChars.escapeKeepingLines(text.subSequence(offset, offset + length)));
        }

        @Override
        public void flush() {
            terminal.flush();
        }

        @Override
        public void close() {
            terminal.flush(); // the terminal belongs to the caller
        }
    }
}
