package dev.switchboard.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Connector} against real files in a temporary home, from fixtures with comments and unknown keys. */
class ConnectorTest {
    private static final Target TARGET = new Target("http://127.0.0.1:9345", Target.LOOPBACK_KEY);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    @TempDir
    Path data;

    private Locations where;
    private Connector connector;

    @BeforeEach
    void setUp() {
        where = new Locations(home, Map.of());
        connector = new Connector(where, data);
    }

    @Test
    void claudeCodeGetsItsEnvBlockWhileUnknownKeysOrderAndIndentationStay() throws IOException {
        var file = fixture("claude-settings.json", where.claudeDir().resolve("settings.json"));
        connector.apply(Agent.CLAUDE_CODE, TARGET);

        var text = Files.readString(file);
        var json = JSON.readTree(text);
        assertEquals("http://127.0.0.1:9345", json.path("env").path("ANTHROPIC_BASE_URL").asText());
        assertEquals("switchboard", json.path("env").path("ANTHROPIC_AUTH_TOKEN").asText());
        assertEquals("auto", json.path("env").path("ANTHROPIC_MODEL").asText());
        assertEquals("1", json.path("env").path("DISABLE_TELEMETRY").asText());
        assertEquals(List.of("permissions", "env", "model", "cost", "statusLine"), names(json));
        assertTrue(text.contains("\n    \"permissions\": {\n        \"allow\": [\n            \"Bash(npm run test:*)\""),
                text);
        assertTrue(text.contains("\"deny\": []") && text.contains("\"cost\": 1.50"), text);
        assertTrue(text.endsWith("}\n"), text);
    }

    @Test
    void codexGetsItsProviderWhileCommentsAndUnknownKeysStayWordForWord() throws IOException {
        var original = Files.readString(fixture("codex-config.toml", where.codexHome().resolve("config.toml")));
        connector.apply(Agent.CODEX, TARGET);

        var text = Files.readString(where.codexHome().resolve("config.toml"));
        // the root keys stay root keys (above the first table), the model is replaced with its comment kept
        var root = text.substring(0, text.indexOf("# Providers I use\n[model_providers.other]"));
        assertTrue(root.contains("\nmodel = \"auto\" # the model I like\n"), root);
        assertTrue(root.contains("\nmodel_provider = \"switchboard\"\n"), root);
        assertTrue(text.endsWith("""
                # trailing comment

                [model_providers.switchboard]
                name = "Switchboard"
                base_url = "http://127.0.0.1:9345/v1"
                wire_api = "responses"
                experimental_bearer_token = "switchboard"
                """), text);
        // every other line is there as it was, in its order: the original minus the model line is a subsequence
        var lines = text.lines().toList();
        int at = 0;
        for (var line : original.lines().toList()) {
            if (line.startsWith("model = ")) {
                continue;
            }
            int found = lines.subList(at, lines.size()).indexOf(line);
            assertTrue(found >= 0, () -> "lost or moved: " + line + "\n" + text);
            at += found + 1;
        }
        assertTrue(text.contains("instructions = \"\"\"\n[also not a table]\nmodel = \"not a key\"\n\"\"\""), text);
    }

    @Test
    void codexUpdatesAnExistingSwitchboardProviderInPlaceAndDropsItsEnvKey() throws IOException {
        fixture("codex-config-with-provider.toml", where.codexHome().resolve("config.toml"));
        connector.apply(Agent.CODEX, TARGET);

        assertEquals("""
                model_provider = "switchboard"
                model = "auto"

                # Switchboard, set up by hand from the snippet
                [model_providers.switchboard]
                name = "Switchboard"
                base_url = "http://127.0.0.1:9345/v1"  # old port
                wire_api = "responses"
                request_max_retries = 4
                experimental_bearer_token = "switchboard"

                [model_providers.switchboard.http_headers]
                X-Team = "blue"
                """, Files.readString(where.codexHome().resolve("config.toml")));
    }

    @Test
    void codexRefusesAProviderGivenAsDottedKeysAndWritesNothing() throws IOException {
        fixture("codex-config-dotted.toml", where.codexHome().resolve("config.toml"));
        var before = tree();
        var e = assertThrows(ConnectException.class, () -> connector.apply(Agent.CODEX, TARGET));
        assertTrue(e.getMessage().contains("model_providers.switchboard.base_url"), e.getMessage());
        assertEquals(before, tree());
        assertFalse(connector.hasBackup(Agent.CODEX));
    }

    @Test
    void geminiCliGetsItsEnvFileAndApiKeySignInWhileTheRestStays() throws IOException {
        fixture("gemini.env", where.geminiDir().resolve(".env"));
        fixture("gemini-settings.json", where.geminiDir().resolve("settings.json"));
        connector.apply(Agent.GEMINI_CLI, TARGET);

        assertEquals("""
                # Gemini CLI
                export GEMINI_API_KEY=switchboard
                GOOGLE_CLOUD_PROJECT=my-project

                # proxy
                HTTPS_PROXY=http://proxy.local:3128
                GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:9345
                """, Files.readString(where.geminiDir().resolve(".env")));
        var settings = JSON.readTree(where.geminiDir().resolve("settings.json").toFile());
        assertEquals("gemini-api-key", settings.path("security").path("auth").path("selectedType").asText());
        assertTrue(settings.path("security").path("folderTrust").path("enabled").asBoolean());
        assertEquals(List.of("ui", "security", "general"), names(settings));
    }

    @Test
    void openCodeGetsASwitchboardProviderBesideThePersonsOwnInTabs() throws IOException {
        fixture("opencode.json", where.openCodeDir().resolve("opencode.json"));
        connector.apply(Agent.OPENCODE, TARGET);

        var text = Files.readString(where.openCodeDir().resolve("opencode.json"));
        var json = JSON.readTree(text);
        var provider = json.path("provider").path("switchboard");
        assertEquals("@ai-sdk/openai-compatible", provider.path("npm").asText());
        assertEquals("http://127.0.0.1:9345/v1", provider.path("options").path("baseURL").asText());
        assertTrue(provider.path("models").has("auto"));
        assertEquals("switchboard/auto", json.path("model").asText());
        assertEquals("http://localhost:11434/v1", json.path("provider").path("ollama").path("options")
                .path("baseURL").asText());
        assertEquals(List.of("$schema", "theme", "provider", "model", "autoupdate"), names(json));
        assertTrue(text.contains("\n\t\"theme\": \"tokyonight\",\n\t\"provider\": {\n\t\t\"ollama\": {"), text);
        assertTrue(text.contains("\"qwen3-coder\": {}"), text);
    }

    @ParameterizedTest
    @EnumSource(Agent.class)
    void applyThenUndoLeavesTheFilesByteIdentical(Agent agent) throws IOException {
        fixture("claude-settings.json", where.claudeDir().resolve("settings.json"));
        fixture("codex-config.toml", where.codexHome().resolve("config.toml"));
        fixture("gemini.env", where.geminiDir().resolve(".env"));
        fixture("gemini-settings.json", where.geminiDir().resolve("settings.json"));
        fixture("opencode.json", where.openCodeDir().resolve("opencode.json"));
        var before = tree();

        assertFalse(connector.apply(agent, TARGET).empty());
        assertTrue(connector.hasBackup(agent));
        assertFalse(before.equals(tree()));
        connector.undo(agent);

        assertEquals(before, tree());
        assertFalse(connector.hasBackup(agent));
    }

    @ParameterizedTest
    @EnumSource(Agent.class)
    void undoDeletesTheFilesAndFoldersThatDidNotExist(Agent agent) throws IOException {
        Files.createDirectories(home.resolve(".config")); // one folder was there: it stays
        var before = tree();
        connector.apply(agent, TARGET);
        for (var file : AgentConfig.of(agent).files(where)) {
            assertTrue(Files.exists(file), file.toString());
        }
        connector.undo(agent);
        assertEquals(before, tree());
        assertTrue(Files.isDirectory(home.resolve(".config")));
    }

    @ParameterizedTest
    @EnumSource(Agent.class)
    void applyingTwiceChangesNothingMoreAndUndoStillRestoresTheOriginal(Agent agent) throws IOException {
        fixture("claude-settings.json", where.claudeDir().resolve("settings.json"));
        fixture("codex-config.toml", where.codexHome().resolve("config.toml"));
        fixture("gemini.env", where.geminiDir().resolve(".env"));
        fixture("opencode.json", where.openCodeDir().resolve("opencode.json"));
        var original = tree();

        connector.apply(agent, TARGET);
        var once = tree();
        assertTrue(connector.apply(agent, TARGET).empty());
        assertEquals(once, tree());
        // a later apply at another address changes the files again; the backup still holds the original
        connector.apply(agent, new Target("http://127.0.0.1:9999", Target.LOOPBACK_KEY));
        connector.undo(agent);
        assertEquals(original, tree());
    }

    @Test
    void planWritesNothingAndShowsAUnifiedDiff() throws IOException {
        fixture("codex-config.toml", where.codexHome().resolve("config.toml"));
        var before = tree();
        var plan = connector.plan(Agent.CODEX, TARGET);
        var diff = plan.diff(TARGET);

        assertEquals(before, tree());
        assertFalse(connector.hasBackup(Agent.CODEX));
        var path = where.codexHome().resolve("config.toml").toString();
        assertTrue(diff.startsWith("--- " + path + "\n+++ " + path + "\n@@ "), diff);
        assertTrue(diff.contains("\n-model = \"gpt-5-codex\" # the model I like\n"), diff);
        assertTrue(diff.contains("\n+model = \"auto\" # the model I like\n"), diff);
        assertTrue(diff.contains("\n+wire_api = \"responses\"\n"), diff);
    }

    @Test
    void aNewFileIsShownAgainstDevNull() {
        var diff = connector.plan(Agent.CLAUDE_CODE, TARGET).diff(TARGET);
        assertTrue(diff.startsWith("--- /dev/null\n+++ " + where.claudeDir().resolve("settings.json") + "\n"), diff);
        assertTrue(diff.contains("+    \"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:9345\",\n") || diff.contains(
                "+  \"env\": {\n+    \"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:9345\",\n"), diff);
    }

    @Test
    void anAccessKeyIsWrittenButShownMasked() throws IOException {
        var secret = "sb-0123456789abcdef0123456789abcdef";
        var target = new Target("http://192.168.1.5:9090", secret);
        var diff = connector.apply(Agent.CLAUDE_CODE, target).diff(target);
        assertFalse(diff.contains(secret), diff);
        assertTrue(diff.contains("sb-0****"), diff);
        assertTrue(Files.readString(where.claudeDir().resolve("settings.json")).contains(secret));
    }

    @Test
    void jsonWithCommentsIsRefusedAndNoFileOfThatAgentIsWritten() throws IOException {
        fixture("gemini.env", where.geminiDir().resolve(".env"));
        fixture("gemini-settings-comments.json", where.geminiDir().resolve("settings.json"));
        fixture("opencode-comments.json", where.openCodeDir().resolve("opencode.json"));
        var before = tree();

        var gemini = assertThrows(ConnectException.class, () -> connector.apply(Agent.GEMINI_CLI, TARGET));
        assertTrue(gemini.getMessage().contains("comments"), gemini.getMessage());
        var openCode = assertThrows(ConnectException.class, () -> connector.apply(Agent.OPENCODE, TARGET));
        assertTrue(openCode.getMessage().contains(where.openCodeDir().resolve("opencode.json").toString()));

        assertEquals(before, tree());
        assertFalse(connector.hasBackup(Agent.GEMINI_CLI));
        assertFalse(connector.hasBackup(Agent.OPENCODE));
    }

    @Test
    void aValueOfTheWrongTypeWhereOursGoIsRefused() throws IOException {
        Files.createDirectories(where.claudeDir());
        Files.writeString(where.claudeDir().resolve("settings.json"), "{\"env\": [\"A=1\"]}\n");
        var e = assertThrows(ConnectException.class, () -> connector.apply(Agent.CLAUDE_CODE, TARGET));
        assertTrue(e.getMessage().contains("\"env\" is a array") || e.getMessage().contains("\"env\" is a"),
                e.getMessage());
    }

    @Test
    void undoWithoutABackupSaysThereIsNothingToUndo() {
        var e = assertThrows(ConnectException.class, () -> connector.undo(Agent.CODEX));
        assertTrue(e.getMessage().contains("nothing to undo"), e.getMessage());
    }

    @Test
    void eachAgentsFolderFollowsItsOwnVariable() {
        var custom = new Locations(home, Map.of("CODEX_HOME", home.resolve("cx").toString(),
                "CLAUDE_CONFIG_DIR", home.resolve("cl").toString(), "XDG_CONFIG_HOME", home.resolve("xdg").toString()));
        assertEquals(home.resolve("cx"), custom.codexHome());
        assertEquals(home.resolve("cl"), custom.claudeDir());
        assertEquals(home.resolve("xdg/opencode"), custom.openCodeDir());
        assertEquals(home.resolve(".gemini"), custom.geminiDir());
        assertEquals(home.resolve(".codex"), where.codexHome());
        assertEquals(home.resolve(".config/opencode"), where.openCodeDir());
        assertEquals(home, Locations.of(Map.of("HOME", home.toString()), Path.of("/elsewhere")).home());
    }

    private Path fixture(String name, Path to) throws IOException {
        try (var in = ConnectorTest.class.getResourceAsStream(name)) {
            Files.createDirectories(to.getParent());
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    /** Every file and folder under the home, with each file's bytes. */
    private Map<String, String> tree() throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            var map = new TreeMap<String, String>();
            paths.forEach(p -> {
                try {
                    map.put(home.relativize(p).toString(), Files.isDirectory(p) ? "<dir>"
                            : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return map;
        }
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
