package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard connect} in-process, with a temporary home passed as HOME: the real one is never touched. */
class ConnectCommandTest {
    private static final String CODEX_CONFIG = """
            # mine
            model = "o3"

            [mcp_servers.docs]
            command = "npx"
            """;

    @TempDir
    Path home;
    @TempDir
    Path data;

    @Test
    void dryRunPrintsTheDiffAndWritesNothing() throws IOException {
        writeCodexConfig();
        var before = tree(home);

        var r = connect("codex", "--dry-run").ok();

        r.prints("--- " + home.resolve(".codex/config.toml"), "+model_provider = \"switchboard\"",
                "+wire_api = \"responses\"", "-model = \"o3\"", "+model = \"auto\"", "nothing was written");
        assertEquals(before, tree(home));
        assertFalse(Files.exists(data.resolve("connect")));
    }

    @Test
    void connectThenUndoLeavesTheFilesByteIdentical() throws IOException {
        writeCodexConfig();
        var before = tree(home);

        connect("codex").ok().prints("base_url = \"http://127.0.0.1:", "--undo", "connect" + java.io.File.separator
                + "codex.json");
        var config = Files.readString(home.resolve(".codex/config.toml"));
        assertTrue(config.startsWith("# mine\nmodel = \"auto\"\nmodel_provider = \"switchboard\"\n"), config);
        connect("codex").ok().prints("already uses Switchboard");

        connect("codex", "--undo").ok().prints("Restored");
        assertEquals(before, tree(home));
        connect("codex", "--undo").fails(Main.FAILURE, "nothing to undo");
    }

    @Test
    void undoDeletesWhatConnectMadeInAnEmptyHome() throws IOException {
        var before = tree(home);
        connect("gemini-cli").ok().prints("/dev/null", "GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:",
                "folders it trusts");
        assertTrue(Files.isRegularFile(home.resolve(".gemini/.env")));
        connect("gemini-cli", "--undo").ok();
        assertEquals(before, tree(home));
    }

    @Test
    void theAddressFollowsThePortSetting() throws IOException {
        CliRun.run(data, "settings", "set", "port", "9377").ok();
        connect("claude-code").ok();
        assertTrue(Files.readString(home.resolve(".claude/settings.json"))
                .contains("\"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:9377\""));
    }

    @Test
    void anUnknownAgentIsAUsageError() {
        connect("cursor").fails(Main.USAGE, "unknown agent 'cursor'", "claude-code, codex, gemini-cli, opencode");
    }

    @Test
    void aFileWithCommentsIsRefusedWithAnErrorAndLeftAlone() throws IOException {
        var settings = home.resolve(".config/opencode/opencode.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\n  // mine\n  \"theme\": \"x\"\n}\n");
        var before = tree(home);
        connect("opencode").fails(Main.FAILURE, "comments", "nothing was changed");
        assertEquals(before, tree(home));
    }

    private void writeCodexConfig() throws IOException {
        Files.createDirectories(home.resolve(".codex"));
        Files.writeString(home.resolve(".codex/config.toml"), CODEX_CONFIG);
    }

    private CliRun connect(String... args) {
        var all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = data.toString();
        all[2] = "connect";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.runRaw(Map.of("HOME", home.toString()), data.resolve("unused-user-data"), "", all);
    }

    static Map<String, String> tree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            var map = new TreeMap<String, String>();
            paths.forEach(p -> {
                try {
                    map.put(root.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                            : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return map;
        }
    }
}
