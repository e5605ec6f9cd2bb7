package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's tables: aligned by what shows, one line a row, colour only where Switchboard puts it. */
class TableTest {
    private final StringWriter text = new StringWriter();
    private final TerminalWriter terminal = TerminalWriter.over(new PrintWriter(text));

    private List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void escapesControlCharactersInCellsAndAlignsByTheEscapedText() {
        new Table("NAME", "NOTE").row("red\u001b[31m", "two\nlines").row("plain", "tab\there").print(terminal);

        assertEquals(List.of(
                "NAME           NOTE",
                "red\\u001b[31m  two\\nlines",
                "plain          tab\\there"), lines());
    }

    @Test
    void colouredCellsGetTheirColourButTheirTextIsEscapedLikeAnyOther() {
        new Table("ENTRY", "RESULT", "TOTAL")
                .row("relay/a", new Table.Coloured("✗ bad\u001b]0;title\u0007", Table.Coloured.RED), "-")
                .print(terminal);

        assertEquals("relay/a  \u001b[31m✗ bad\\u001b]0;title\\u0007\u001b[0m  -", lines().get(1));
        assertEquals("ENTRY    RESULT                     TOTAL", lines().get(0), "aligned by the text that shows");
    }

    @Test
    void everythingPrintedThroughTheTerminalWriterIsEscapedButItsLines() {
        terminal.println("model gpt\u202e4o\u009b2J");
        terminal.print("notes:\n  one\r\n  two\rback\n");
        terminal.printf("%s%n", "\u0000");
        terminal.flush();

        assertEquals("model gpt\\u202e4o\\u009b2J" + System.lineSeparator() + "notes:\n  one\r\n  two\\rback\n"
                + "\\u0000" + System.lineSeparator(), text.toString());
    }
}
