package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.ControlChars;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Control characters (ANSI escapes, NUL, line breaks, C1 controls, direction overrides) are refused in whatever
 * the store keeps, and never reach the terminal raw, even from a database that already holds them.
 */
class ControlCharactersTest {
    /** Red text, a NUL, a forged line, a C1 CSI, a bell and a right-to-left override. */
    static final List<String> CONTROLS = List.of("\u001b[31m", "\u0000", "\nFAKE LINE", "\u009b2J", "\u0007",
            "\u202e");

    @TempDir
    Path dir;

    private CliRun sb(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void aChannelWithAModel() {
        sb("channels", "add", "--force", "relay", "--url", "https://relay.example.com/v1", "--key", "sk-relay-0000000001",
                "--type", "openai", "-m", "a").ok();
    }

    /** Each thing the store names, each with one of {@link #CONTROLS} in turn (every one is used). */
    static Stream<Arguments> namedThings() {
        var things = List.<java.util.function.Function<String, List<String>>>of(
                c -> List.of("channels", "add", "--force", "evil" + c, "--url", "https://evil.example.com/v1", "--key",
                        "sk-evil-0000000001", "--type", "openai"),
                c -> List.of("channels", "edit", "relay", "--name", "evil" + c),
                c -> List.of("groups", "create", "fast" + c),
                c -> List.of("keys", "create", "laptop" + c),
                c -> List.of("entries", "add", "relay", "gpt" + c),
                c -> List.of("entries", "add", "relay", "b", "--alias", "fast" + c),
                c -> List.of("entries", "alias", "relay/a", "fast" + c),
                c -> List.of("channels", "edit", "relay", "-H", "X-Title: app" + c),
                c -> List.of("channels", "edit", "relay", "--option", "api-version=1" + c),
                c -> List.of("channels", "edit", "relay", "--option", "api" + c + "=1"),
                c -> List.of("settings", "set", "allowed-hosts", "example.com" + c),
                c -> List.of("settings", "set", "auto-disable-keywords", "quota" + c));
        var out = new ArrayList<Arguments>();
        for (int i = 0; i < things.size(); i++) {
            var c = CONTROLS.get(i % CONTROLS.size());
            out.add(Arguments.of(ControlChars.escape(c), things.get(i).apply(c)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("namedThings")
    void refusesAControlCharacterWithoutTouchingTheDatabase(String control, List<String> args) {
        var before = CliRun.state(dir);

        var r = sb(args.toArray(String[]::new));

        r.fails(Main.USAGE, "control character");
        assertNoRawControls(r.err());
        assertNoRawControls(r.out());
        assertEquals(before, CliRun.state(dir), control);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b[31m", "\u0000", "\r", "\n", "\t", "\u007f",
            "\u0085", "\u009b", "\u061c", "\u200f", "\u202a", "\u202e", "\u2028", "\u2066", "\u2069"})
    void refusesEveryKindOfControlCharacter(String control) {
        sb("entries", "add", "relay", "gpt" + control + "4o").fails(Main.USAGE, "control character");
        assertEquals(1, sb("entries", "list", "--json").ok().json().size(), "no entry was added");
    }

    @Test
    void namesTheRefusedCharacterVisibly() {
        sb("groups", "create", "fast\u001b[31m").fails(Main.USAGE, "A group name cannot contain control characters",
                "'fast\\u001b[31m'", "U+001B");
        sb("entries", "add", "relay", "gpt\u202e4o").fails(Main.USAGE, "model name", "'gpt\\u202e4o'", "U+202E");
    }

    @Test
    void aHeaderNameWithAControlCharacterIsRefusedAndShownEscaped() {
        var before = CliRun.state(dir);
        sb("channels", "edit", "relay", "-H", "X-\u001b[31mTitle: app").fails(Main.USAGE,
                "'X-\\u001b[31mTitle' is not a valid HTTP header name");
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void refusesAControlCharacterInAnImportedFileWithoutImportingAnything() throws Exception {
        var before = CliRun.state(dir);
        var file = dir.resolve("evil.json");
        java.nio.file.Files.writeString(file, "{\"format\":\"switchboard-config\",\"version\":1,\"channels\":["
                + "{\"name\":\"fine\",\"type\":\"openai\",\"baseUrl\":\"https://fine.example.com/v1\","
                + "\"keys\":[\"sk-fine-0000000001\"],\"models\":[\"gpt\\u001b[2J\"]}],\"keysIncluded\":true}");

        var r = sb("import", file.toString());

        r.fails(Main.USAGE, "Channel 'fine'", "control characters", "gpt\\u001b[2J");
        assertNoRawControls(r.err());
        assertEquals(before, CliRun.state(dir));
    }

    @Test
    void showsControlCharactersAlreadyInTheDatabaseEscaped() throws SQLException {
        sb("entries", "alias", "relay/a", "first").ok();
        // What an older version let in, or another program wrote: put straight into the database.
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE channel SET name = 'red' || char(27) || '[31m', "
                    + "options = '{\"api-version\":\"1\\nFAKE: line\"}'"); // a JSON-escaped line break
            st.executeUpdate("UPDATE entry SET model = 'gpt' || char(8238) || 'o4', alias = 'al' || char(155) || '2J'");
            st.executeUpdate("INSERT INTO health (entry_id, disabled_reason, updated_at) SELECT id, "
                    + "'HTTP 401' || char(10) || 'relay/b  yes  ok' || char(27) || ']0;title' || char(7), 0 FROM entry");
        }

        var shown = new ArrayList<String>();
        for (var args : List.of(List.of("channels", "list"), List.of("channels", "show", "red\u001b[31m"),
                List.of("entries", "list"), List.of("groups", "list"), List.of("groups", "show", "auto"),
                List.of("status"))) {
            var r = sb(args.toArray(String[]::new)).ok();
            assertNoRawControls(r.out());
            assertNoRawControls(r.err());
            shown.add(r.out());
        }

        var list = shown.get(0);
        assertTrue(list.contains("red\\u001b[31m"), list);
        assertEquals(2, list.lines().count(), "one header and one channel: " + list);
        var show = shown.get(1);
        CliRun.says(show, "name:     red\\u001b[31m", "option:   api-version=1\\nFAKE: line");
        assertFalse(show.lines().anyMatch(l -> l.startsWith("FAKE")), "no forged line: " + show);
        var entries = shown.get(2);
        CliRun.says(entries, "gpt\\u202eo4", "al\\u009b2J", "disabled: HTTP 401\\nrelay/b  yes  ok\\u001b]0;title\\u0007");
        assertEquals(2, entries.lines().count(), "one header and one entry: " + entries);
        CliRun.says(shown.get(4), "gpt\\u202eo4");
    }

    @Test
    void jsonOutputStaysValidAndKeepsTheValue() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("switchboard.db"));
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE entry SET model = 'gpt' || char(8238) || char(27) || 'o4'");
        }

        var r = sb("entries", "list", "--json").ok();

        assertNoRawControls(r.out());
        assertEquals("gpt\u202e\u001bo4", r.json().get(0).get("model").asText(), "escaped the JSON way: " + r.out());
    }

    /** Line breaks and tabs of the output's own lines are the only control characters allowed through. */
    static void assertNoRawControls(String text) {
        var lines = text.replace(System.lineSeparator(), "\n");
        lines.codePoints().filter(cp -> cp != '\n' && cp != '\t').filter(ControlChars::isControl).findFirst()
                .ifPresent(cp -> {
                    throw new AssertionError("raw " + ControlChars.name(cp) + " in:\n" + ControlChars.escape(text));
                });
    }
}
