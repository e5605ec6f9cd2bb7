package dev.switchboard.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.service.GatewayState;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Settings;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The "Connect a client" text for each client, without a display. */
class ConnectSnippetsTest {
    private static final Messages EN = Messages.of("en", Locale.ENGLISH);
    private static final ConnectSnippets.Endpoint LOCAL = new ConnectSnippets.Endpoint("http://127.0.0.1:9090",
            true, false, List.of(), true);
    private static final ConnectSnippets.Endpoint SHARED = new ConnectSnippets.Endpoint("http://192.168.1.20:9090",
            true, true, List.of("laptop"), true);

    private static String snippet(ConnectSnippets.Client c, ConnectSnippets.ShellKind sh,
                                  ConnectSnippets.Endpoint e) {
        return ConnectSnippets.snippet(c, sh, e, EN);
    }

    private static Settings settings(Map<Setting, String> values) {
        return Settings.of(new EnumMap<>(values));
    }

    @Test
    void theBaseUrlIsTheRunningGatewaysElseTheSettingsOne() {
        var running = ConnectSnippets.endpoint(new GatewayState.Running("http://127.0.0.1:41234"),
                Settings.defaults(), List.of());
        assertEquals("http://127.0.0.1:41234", running.baseUrl());
        assertTrue(running.running());
        assertEquals("http://127.0.0.1:41234/v1", running.openAiBase());
        assertEquals("http://127.0.0.1:41234/metrics", running.metricsUrl());

        var paused = ConnectSnippets.endpoint(new GatewayState.Paused(),
                settings(Map.of(Setting.PORT, "9191")), List.of());
        assertEquals("http://127.0.0.1:9191", paused.baseUrl());
        assertFalse(paused.running());
        assertFalse(paused.beyondLoopback());
        assertEquals("http://127.0.0.1:9191/metrics", paused.metricsUrl());

        var wildcard = ConnectSnippets.endpoint(new GatewayState.Failed("port in use"),
                settings(Map.of(Setting.BIND, "0.0.0.0")),
                List.of(new AccessKey(1, "laptop", ApiKey.of("sb-test-key-alpha-000000000000"))));
        assertEquals("http://127.0.0.1:9090", wildcard.baseUrl(), "a wildcard bind is reached through loopback");
        assertTrue(wildcard.beyondLoopback());
        assertEquals(List.of("laptop"), wildcard.keyNames());

        assertEquals("http://[0:0:0:0:0:0:0:1]:9090", ConnectSnippets.baseUrl("0:0:0:0:0:0:0:1", 9090));
        assertEquals("http://192.168.1.20:9090", ConnectSnippets.baseUrl("192.168.1.20", 9090));
    }

    @Test
    void claudeCodeGetsTheBareBaseAndATokenInEachShellsSyntax() {
        var sh = snippet(ConnectSnippets.Client.CLAUDE_CODE, ConnectSnippets.ShellKind.SH, LOCAL);
        assertTrue(sh.contains("export ANTHROPIC_BASE_URL=\"http://127.0.0.1:9090\"\n"), sh);
        assertTrue(sh.contains("export ANTHROPIC_AUTH_TOKEN=\"switchboard\"\n"), sh);
        assertTrue(sh.contains("export ANTHROPIC_MODEL=\"auto\"\n"), sh);
        assertFalse(sh.contains("9090/v1"), "Claude Code adds /v1/messages itself");
        assertTrue(sh.endsWith("claude\n"), sh);

        var ps = snippet(ConnectSnippets.Client.CLAUDE_CODE, ConnectSnippets.ShellKind.POWERSHELL, LOCAL);
        assertTrue(ps.contains("$env:ANTHROPIC_BASE_URL = \"http://127.0.0.1:9090\"\n"), ps);
        assertTrue(ps.contains("$env:ANTHROPIC_AUTH_TOKEN = \"switchboard\"\n"), ps);
        assertFalse(ps.contains("export "), ps);

        var cmd = snippet(ConnectSnippets.Client.CLAUDE_CODE, ConnectSnippets.ShellKind.CMD, LOCAL);
        assertTrue(cmd.contains("set \"ANTHROPIC_BASE_URL=http://127.0.0.1:9090\"\n"), cmd);
        assertTrue(cmd.contains("rem "), cmd);
        assertFalse(cmd.contains("# "), "cmd has no # comments: " + cmd);
    }

    @Test
    void beyondLoopbackTheSnippetAsksForANamedAccessKeyWithoutShowingOne() {
        var sh = snippet(ConnectSnippets.Client.CLAUDE_CODE, ConnectSnippets.ShellKind.SH, SHARED);
        assertTrue(sh.contains("export ANTHROPIC_BASE_URL=\"http://192.168.1.20:9090\"\n"), sh);
        assertTrue(sh.contains("export ANTHROPIC_AUTH_TOKEN=\"<paste the access key 'laptop'>\"\n"), sh);
        assertFalse(sh.contains("\"switchboard\""), sh);

        var none = new ConnectSnippets.Endpoint("http://192.168.1.20:9090", false, true, List.of(), true);
        var cmd = snippet(ConnectSnippets.Client.CLAUDE_CODE, ConnectSnippets.ShellKind.CMD, none);
        assertTrue(cmd.contains("set \"ANTHROPIC_AUTH_TOKEN=<create an access key under Settings - Access>\""),
                cmd);
    }

    @Test
    void codexGetsAProviderBlockWithTheV1BaseAndItsKeyVariable() {
        var text = snippet(ConnectSnippets.Client.CODEX, ConnectSnippets.ShellKind.SH, LOCAL);
        assertTrue(text.contains("model = \"auto\"\nmodel_provider = \"switchboard\"\n"), text);
        assertTrue(text.contains("[model_providers.switchboard]\n"), text);
        assertTrue(text.contains("base_url = \"http://127.0.0.1:9090/v1\"\n"), text);
        assertTrue(text.contains("env_key = \"SWITCHBOARD_API_KEY\"\n"), text);
        assertTrue(text.contains("wire_api = \"responses\"\n"), text);
        assertTrue(text.contains("export SWITCHBOARD_API_KEY=\"switchboard\"\n"), text);

        var ps = snippet(ConnectSnippets.Client.CODEX, ConnectSnippets.ShellKind.POWERSHELL, LOCAL);
        assertTrue(ps.contains("$env:SWITCHBOARD_API_KEY = \"switchboard\"\n"), ps);
        assertTrue(ps.contains("%USERPROFILE%\\.codex\\config.toml"), ps);
    }

    @Test
    void geminiCliGetsTheBareBaseAndSaysWhatHappensToItsModelNames() {
        var text = snippet(ConnectSnippets.Client.GEMINI_CLI, ConnectSnippets.ShellKind.SH, LOCAL);
        assertTrue(text.contains("export GOOGLE_GEMINI_BASE_URL=\"http://127.0.0.1:9090\"\n"), text);
        assertTrue(text.contains("export GEMINI_API_KEY=\"switchboard\"\n"), text);
        assertFalse(text.contains("9090/v1"), text);
        // Gemini CLI resolves "auto" itself, so it is not offered as a model there
        assertFalse(text.contains("GEMINI_MODEL"), text);
        assertTrue(text.contains("go through auto"), text);

        var strict = new ConnectSnippets.Endpoint("http://127.0.0.1:9090", true, false, List.of(), false);
        var off = snippet(ConnectSnippets.Client.GEMINI_CLI, ConnectSnippets.ShellKind.SH, strict);
        assertTrue(off.contains("fallback-to-auto is off"), off);
    }

    @Test
    void theSdksGetTheirOwnBase() {
        var openai = snippet(ConnectSnippets.Client.OPENAI_SDK, ConnectSnippets.ShellKind.SH, LOCAL);
        assertTrue(openai.contains("export OPENAI_BASE_URL=\"http://127.0.0.1:9090/v1\"\n"), openai);
        assertTrue(openai.contains("export OPENAI_API_KEY=\"switchboard\"\n"), openai);
        assertTrue(openai.contains("OpenAI(base_url=\"http://127.0.0.1:9090/v1\", api_key=\"switchboard\")"), openai);
        assertTrue(openai.contains("baseURL: \"http://127.0.0.1:9090/v1\""), openai);
        assertTrue(openai.contains("model=\"auto\""), openai);

        var anthropic = snippet(ConnectSnippets.Client.ANTHROPIC_SDK, ConnectSnippets.ShellKind.POWERSHELL, LOCAL);
        assertTrue(anthropic.contains("$env:ANTHROPIC_BASE_URL = \"http://127.0.0.1:9090\"\n"), anthropic);
        assertTrue(anthropic.contains("$env:ANTHROPIC_API_KEY = \"switchboard\"\n"), anthropic);
        assertTrue(anthropic.contains("anthropic.Anthropic(base_url=\"http://127.0.0.1:9090\""), anthropic);
        assertFalse(anthropic.contains("9090/v1"), anthropic);
    }

    @Test
    void genericToolsGetTheV1BaseAKeyAndModelAuto() {
        var text = snippet(ConnectSnippets.Client.GENERIC, ConnectSnippets.ShellKind.SH, LOCAL);
        assertTrue(text.matches("(?s)Base URL: +http://127\\.0\\.0\\.1:9090/v1\n.*"), text);
        assertTrue(text.contains("Model: ") && text.contains("auto\n"), text);
        assertTrue(text.contains("apiBase: http://127.0.0.1:9090/v1\n"), text);
        assertTrue(text.contains("provider: openai\n"), text);
        assertEquals(text, snippet(ConnectSnippets.Client.GENERIC, ConnectSnippets.ShellKind.CMD, LOCAL),
                "no shell lines: the shell does not matter");
        assertFalse(ConnectSnippets.Client.GENERIC.usesShell);
    }

    @Test
    void shellValuesAreQuotedForEachShell() {
        assertEquals("export A=\"x\\\"y\\$z\"", ConnectSnippets.ShellKind.SH.set("A", "x\"y$z"));
        assertEquals("$env:A = \"x`\"y`$z\"", ConnectSnippets.ShellKind.POWERSHELL.set("A", "x\"y$z"));
        assertEquals("set \"A=<v>\"", ConnectSnippets.ShellKind.CMD.set("A", "<v>"));
        assertEquals(ConnectSnippets.ShellKind.POWERSHELL, ConnectSnippets.ShellKind.forOs("Windows 11"));
        assertEquals(ConnectSnippets.ShellKind.SH, ConnectSnippets.ShellKind.forOs("Mac OS X"));
        assertEquals(ConnectSnippets.ShellKind.SH, ConnectSnippets.ShellKind.forOs("Linux"));
    }

    @Test
    void everyClientAndShellHasItsWordsInBothLanguages() {
        var zh = Messages.of("zh", Locale.ENGLISH);
        for (var m : List.of(EN, zh)) {
            for (var c : ConnectSnippets.Client.values()) {
                assertTrue(m.has("connect.client." + c.id), c.id);
                assertTrue(m.has("connect.about." + c.id), c.id);
                for (var sh : ConnectSnippets.ShellKind.values()) {
                    var text = ConnectSnippets.snippet(c, sh, SHARED, m);
                    assertFalse(text.contains("connect."), "a key without words: " + text);
                }
            }
            for (var sh : ConnectSnippets.ShellKind.values()) {
                assertTrue(m.has("connect.shell." + sh.id), sh.id);
            }
        }
    }

    @Test
    void myBundlesHaveTheSameKeysInEnglishAndChinese() throws IOException {
        for (var bundle : List.of("settings", "connect")) {
            var en = load(bundle + ".properties");
            var zh = load(bundle + "_zh.properties");
            assertFalse(en.isEmpty(), bundle);
            assertEquals(en.keySet(), zh.keySet(), bundle);
        }
    }

    private static Properties load(String name) throws IOException {
        var p = new Properties();
        try (var in = ConnectSnippetsTest.class.getResourceAsStream("/dev/switchboard/ui/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
