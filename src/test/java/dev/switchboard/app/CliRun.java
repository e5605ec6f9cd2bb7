package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * One in-process run of the command line, as {@link Main#run} sees it: its exit code and what it printed.
 * Tests pass {@code --data-dir} through {@link #run}; {@link #runRaw} is for tests of the data folder itself.
 */
record CliRun(int code, String out, String err) {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-15T10:00:00Z"), ZoneOffset.UTC);

    /** {@code switchboard --data-dir DIR args...} with empty standard input. */
    static CliRun run(Path dataDir, String... args) {
        return runWithStdin(dataDir, "", args);
    }

    /** {@code switchboard --data-dir DIR args...} with {@code stdin} as standard input. */
    static CliRun runWithStdin(Path dataDir, String stdin, String... args) {
        var all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        // The fallback folder is never created unless the data folder is unusable.
        return runRaw(Map.of(), dataDir.resolve("unused-user-data"), stdin, all);
    }

    /** Exactly {@code args}, with these environment variables and this fallback data folder. */
    static CliRun runRaw(Map<String, String> variables, Path userDataDir, String stdin, String... args) {
        return runFrom(null, variables, userDataDir, stdin, args);
    }

    /**
     * Exactly {@code args}, as a jar in {@code jarFolder} runs them: that folder is the default data folder.
     * Null runs from classes, as {@link #runRaw} does.
     */
    static CliRun runFrom(Path jarFolder, Map<String, String> variables, Path userDataDir, String stdin,
                          String... args) {
        return runAt(SecretPrompt.NONE, jarFolder, variables, userDataDir, stdin, args);
    }

    /** Exactly {@code args} in {@code dataDir}, with {@code terminal} standing in for a person at a terminal. */
    static CliRun runAtTerminal(SecretPrompt terminal, Path dataDir, String... args) {
        var all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return runAt(terminal, null, Map.of(), dataDir.resolve("unused-user-data"), "", all);
    }

    private static CliRun runAt(SecretPrompt terminal, Path jarFolder, Map<String, String> variables,
                                Path userDataDir, String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var env = new Env(variables, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null, jarFolder, userDataDir, CLOCK,
                terminal, "switchboard");
        int code = Main.run(env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Everything the database holds that the CLI shows: channels, entries, groups and settings as JSON. Two equal
     * states mean nothing was changed in between.
     */
    static String state(Path dataDir) {
        var sb = new StringBuilder();
        for (var what : new String[] {"channels", "entries", "groups", "settings"}) {
            var r = run(dataDir, what, "list", "--json").ok();
            sb.append("== ").append(what).append('\n').append(r.out());
        }
        return sb.toString();
    }

    /** Asserts exit code 0; returns this. */
    CliRun ok() {
        assertEquals(Main.OK, code, () -> "expected success, got " + this);
        return this;
    }

    /** Asserts the exit code and that stderr names every one of {@code words} (case-insensitive). */
    CliRun fails(int expectedCode, String... words) {
        assertEquals(expectedCode, code, () -> "wrong exit code: " + this);
        assertTrue(err.startsWith("error: "), () -> "stderr should start with 'error: ': " + this);
        says(err, words);
        return this;
    }

    /** Asserts that stdout holds every one of {@code words} (case-insensitive). */
    CliRun prints(String... words) {
        says(out, words);
        return this;
    }

    /** Asserts that {@code secret} is in neither stdout nor stderr. */
    CliRun hides(String secret) {
        assertFalse(out.contains(secret), () -> "secret leaked on stdout: " + this);
        assertFalse(err.contains(secret), () -> "secret leaked on stderr: " + this);
        return this;
    }

    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("stdout is not JSON: " + this, e);
        }
    }

    static void says(String text, String... words) {
        var lower = text.toLowerCase(Locale.ROOT);
        for (var w : words) {
            assertTrue(lower.contains(w.toLowerCase(Locale.ROOT)), () -> "expected '" + w + "' in:\n" + text);
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
