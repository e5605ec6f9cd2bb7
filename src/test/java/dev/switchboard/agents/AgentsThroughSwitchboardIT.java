package dev.switchboard.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.agents.RecordingProxy.Recorded;
import dev.switchboard.agents.ScriptedUpstream.Exchange;
import dev.switchboard.agents.ScriptedUpstream.Script;
import dev.switchboard.agents.ScriptedUpstream.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real agent CLIs (Claude Code, Codex CLI, Gemini CLI, pinned in {@code package.json}) through the packaged
 * Switchboard to scripted upstreams of all five types, one case at a time:
 *
 * <pre>CLI → RecordingProxy → target/switchboard.jar → ScriptedUpstream (openai | azure | responses | anthropic | gemini)</pre>
 *
 * For each CLI and upstream type, a text turn (the CLI prints the upstream's answer) and a tool round trip: the
 * upstream asks the CLI to use one of its own tools (read a file in the case's folder, or run {@code echo}), and
 * answers the request that brings the result back, through conversion, with a text quoting it. Every case also
 * checks that Switchboard refused none of the CLI's requests (the proxy sees every answer it gave) and that the
 * upstream refused none of Switchboard's (it checks them as the real API does); with Claude Code on the
 * {@code anthropic} upstream, that each request reached the upstream with Claude Code's {@code anthropic-beta},
 * {@code anthropic-version}, query and body unchanged but for the model.
 *
 * <p>Routing: one channel per upstream type with one model; each case enables only its type's entry, and the
 * CLIs ask for their usual model names, which Switchboard's {@code fallback-to-auto} (on by default) sends to the
 * one enabled entry of {@code auto}, side requests for other models (Claude Code's small fast model) included.
 *
 * <p>Each CLI runs with a HOME of its own, telemetry, update checks and error reporting off, and no environment
 * from the test JVM: it can reach nothing but loopback. Logs of every run (the CLI's stdout and stderr, its
 * configuration) stay in {@code target/agents/runs/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsThroughSwitchboardIT {
    private static final long CLI_TIMEOUT_SECONDS = 120;
    private static final List<String> TYPES = List.of("openai", "azure", "responses", "anthropic", "gemini");
    private static final List<String> CLIS = List.of("claude-code", "codex", "gemini-cli");
    private static final String CLIENT_KEY = "sk-client-placeholder-never-forwarded";
    /** The upstream type that speaks each CLI's own protocol: Switchboard passes those requests through. */
    private static final Map<String, String> PASSTHROUGH = Map.of("claude-code", "anthropic", "codex", "responses",
            "gemini-cli", "gemini");

    private final Path target = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"))
            .toAbsolutePath().getParent();
    private final Path runs = target.resolve("agents").resolve("runs");
    private final Map<String, ScriptedUpstream> upstreams = new LinkedHashMap<>();
    private AgentClis clis;
    private Switchboard switchboard;
    private RecordingProxy proxy;
    private String enabledType;
    private JsonNode toolCalls;

    /**
     * Every CLI with every upstream type, a text turn and a tool round trip each. {@code SWITCHBOARD_AGENTS_ONLY}
     * (a regular expression over {@code cli type kind}) narrows the run while working on one case.
     */
    static Stream<Arguments> cases() {
        var only = System.getenv("SWITCHBOARD_AGENTS_ONLY");
        var cases = new ArrayList<Arguments>();
        for (var cli : CLIS) {
            for (var type : TYPES) {
                for (var kind : List.of("text", "tool")) {
                    if (only == null || java.util.regex.Pattern.compile(only).matcher(cli + " " + type + " " + kind)
                            .find()) {
                        cases.add(Arguments.of(cli, type, kind));
                    }
                }
            }
        }
        return cases.stream();
    }

    @BeforeAll
    void startEverything() throws Exception {
        clis = AgentClis.install(target);
        toolCalls = Fixtures.tree(Fixtures.text("tool-calls.json"));
        deleteTree(runs);
        Files.createDirectories(runs);
        upstreams.put("openai", ChatUpstream.openai("scripted-chat-model", "sk-upstream-openai-0001"));
        upstreams.put("azure", ChatUpstream.azure("scripted-azure-deployment", "azure-upstream-key-0002"));
        upstreams.put("responses", new ResponsesUpstream("scripted-responses-model", "sk-upstream-responses-0003"));
        upstreams.put("anthropic", new AnthropicUpstream("scripted-messages-model", "sk-ant-upstream-0004"));
        upstreams.put("gemini", new GeminiUpstream("scripted-gemini-model", "gemini-upstream-key-0005"));
        var data = Files.createDirectories(runs.resolve("switchboard-data"));
        switchboard = Switchboard.start(target.resolve("switchboard.jar"), data, runs.resolve("switchboard.log"));
        for (var u : upstreams.values()) {
            var channel = Fixtures.JSON.createObjectNode().put("name", u.type).put("type", u.type)
                    .put("baseUrl", u.baseUrl());
            channel.putArray("keys").add(u.key);
            channel.putArray("models").add(u.model);
            switchboard.admin("POST", "/admin/channels", channel.toString());
        }
        proxy = new RecordingProxy(switchboard.base);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {proxy, switchboard}) {
            if (c != null) {
                c.close();
            }
        }
        for (var u : upstreams.values()) {
            u.close();
        }
    }

    @ParameterizedTest(name = "{0} via {1} upstream: {2}")
    @MethodSource("cases")
    void agentThroughSwitchboard(String cli, String type, String kind) throws Exception {
        route(type);
        var upstream = upstreams.get(type);
        var id = ScriptedUpstream.random(10);
        var dir = Files.createDirectories(runs.resolve(cli + "-" + type + "-" + kind));
        var work = Files.createDirectories(dir.resolve("work"));
        var home = Files.createDirectories(dir.resolve("home"));
        String prompt;
        String expected;
        Script script;
        String resultContains = null;
        if (kind.equals("text")) {
            expected = "Scripted answer " + id + " from the " + type + " upstream.";
            prompt = "Say hello.";
            script = new Script(expected, null, null);
        } else {
            var note = work.resolve("note.txt");
            Files.writeString(note, "note-" + id + "\n");
            var spec = Fixtures.tree(Fixtures.fill(toolCalls.path(cli).toString(), Map.of(
                    "NOTE_FILE", Fixtures.escaped(note.toString()), "NOTE_ID", id)));
            resultContains = spec.path("resultContains").asText();
            expected = "The tool said " + resultContains + " (via the " + type + " upstream).";
            prompt = spec.path("prompt").asText();
            script = new Script(expected, new ToolCall(spec.path("tool").asText(), spec.path("arguments")),
                    resultContains);
        }
        upstream.script(script);
        int upstreamMark = upstream.mark();
        int proxyMark = proxy.mark();
        var run = switch (cli) {
            case "claude-code" -> claude(prompt, kind, work, home, dir);
            case "codex" -> codex(prompt, work, home, dir);
            case "gemini-cli" -> gemini(prompt, work, home, dir);
            default -> throw new IllegalArgumentException(cli);
        };
        upstream.script(null);
        var requests = proxy.since(proxyMark);
        var exchanges = upstream.exchangesSince(upstreamMark);
        var context = "\n" + cli + " " + run.describe() + "\n--- what " + cli + " sent and Switchboard answered ---\n"
                + describe(requests) + "\n--- what the " + type + " upstream got ---\n" + describeUpstream(exchanges);
        Files.writeString(dir.resolve("exchanges.txt"), context);
        dump(dir, requests, exchanges);

        if (run.timedOut()) {
            fail(cli + " did not finish within " + CLI_TIMEOUT_SECONDS + " s" + context);
        }
        var refusedUpstream = exchanges.stream().filter(e -> e.status() != 200).toList();
        assertTrue(refusedUpstream.isEmpty(), "the " + type + " upstream refused what Switchboard sent: "
                + refusedUpstream.stream().map(e -> e.request().method() + " " + e.request().path() + " -> "
                        + e.status() + " " + e.refusal()).collect(Collectors.joining("\n  ", "\n  ", "")) + context);
        var refusedBySwitchboard = requests.stream().filter(r -> r.status() / 100 != 2).toList();
        assertTrue(refusedBySwitchboard.isEmpty(), "Switchboard refused or failed " + refusedBySwitchboard.stream()
                .map(r -> r.line() + " -> " + r.status() + " " + abbreviate(r.answer(), 600))
                .collect(Collectors.joining("\n  ", "\n  ", "")) + context);
        if (PASSTHROUGH.get(cli).equals(type)) {
            assertAnswersUnchanged(requests, exchanges, context);
        }
        assertEquals(0, run.exitCode(), cli + " failed" + context);
        assertTrue(run.stdout().contains(expected), cli + " did not print the upstream's answer '" + expected + "'"
                + context);

        if (kind.equals("tool")) {
            // A Gemini client never sees the upstream's call id: Switchboard's Gemini answer carries none (the
            // Gemini CLI makes its own), so through it the result is known by the tool's name.
            assertToolRoundTrip(upstream, exchanges, script, resultContains, !cli.equals("gemini-cli"), context);
        }
        if (cli.equals("claude-code") && type.equals("anthropic")) {
            assertPassedThroughUnchanged(requests, exchanges, context);
        }
    }

    /** The upstream made the call, and a later request of the same case brought its result back. */
    private void assertToolRoundTrip(ScriptedUpstream upstream, List<Exchange> exchanges, Script script,
            String resultContains, boolean byId, String context) {
        var call = exchanges.stream().filter(e -> e.answer().equals("tool-call")).findFirst();
        if (call.isEmpty()) {
            var declared = exchanges.stream().filter(e -> e.request().json() != null)
                    .map(e -> upstream.declaredTools(e.request().json()).toString()).toList();
            fail("the upstream never asked for " + script.toolCall().name() + ": no request declared it; the tools "
                    + "declared per request were " + declared + context);
        }
        var callId = call.get().callId();
        var parameters = upstream.toolParameters(call.get().request().json(), script.toolCall().name());
        script.toolCall().arguments().fieldNames().forEachRemaining(p -> assertTrue(parameters.contains(p),
                script.toolCall().name() + " has no parameter " + p + ", it has " + parameters + context));
        var answered = exchanges.stream().filter(e -> e.seq() > call.get().seq())
                .flatMap(e -> upstream.toolResults(e.request().json()).stream())
                .filter(r -> callId == null || !byId ? script.toolCall().name().equals(r.name())
                        : callId.equals(r.id()))
                .toList();
        assertTrue(!answered.isEmpty(), "no request after the call carried a result for it (" + callId + ")"
                + context);
        assertTrue(answered.stream().anyMatch(r -> r.content().contains(resultContains)), "the tool result that "
                + "came back does not hold " + resultContains + ": " + answered + context);
    }

    /**
     * Claude Code on an {@code anthropic} channel is a passthrough: each of its Messages requests reached the
     * upstream with its {@code anthropic-beta} (the channel adds none), {@code anthropic-version}, query and body,
     * the model alone replaced.
     */
    private void assertPassedThroughUnchanged(List<Recorded> requests, List<Exchange> exchanges, String context) {
        var sent = requests.stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/messages"))
                .toList();
        assertTrue(!sent.isEmpty(), "Claude Code sent no Messages request" + context);
        var unmatched = new ArrayList<>(exchanges.stream().filter(e -> e.request().path().equals("/v1/messages"))
                .toList());
        for (var r : sent) {
            var body = withoutModel(Fixtures.tree(r.body()));
            var match = unmatched.stream().filter(e -> withoutModel(e.request().json()).equals(body)).findFirst();
            assertTrue(match.isPresent(), "no upstream request has the body Claude Code sent (model aside): "
                    + abbreviate(r.body(), 1500) + context);
            unmatched.remove(match.get());
            var in = match.get().request();
            assertEquals(r.header("anthropic-beta"), in.headers().containsKey("anthropic-beta")
                    ? String.join(",", in.headers().get("anthropic-beta")) : null,
                    "anthropic-beta changed on the way" + context);
            assertEquals(r.header("anthropic-version"), in.header("anthropic-version"),
                    "anthropic-version changed on the way" + context);
            assertEquals(r.query(), in.query(), "the query changed on the way" + context);
            assertEquals(upstreams.get("anthropic").model, in.json().path("model").asText());
        }
        assertTrue(sent.stream().anyMatch(r -> r.header("anthropic-beta") != null),
                "Claude Code sent no anthropic-beta at all: the check above proved nothing" + context);
    }

    /**
     * In a passthrough the CLI gets the upstream's answer as it was written, byte for byte (streams included: their
     * event framing is the client's to parse). Requests are paired in order; the CLIs here send them one at a time.
     */
    private static void assertAnswersUnchanged(List<Recorded> requests, List<Exchange> exchanges, String context) {
        var answered = requests.stream().filter(r -> r.method().equals("POST")).toList();
        var written = exchanges.stream().filter(e -> e.request().method().equals("POST")).toList();
        assertEquals(written.size(), answered.size(), "the CLI's requests and the upstream's do not pair up"
                + context);
        for (int i = 0; i < answered.size(); i++) {
            var sent = written.get(i).written();
            var got = answered.get(i).answer();
            if (!sent.equals(got)) {
                int at = 0;
                while (at < Math.min(sent.length(), got.length()) && sent.charAt(at) == got.charAt(at)) {
                    at++;
                }
                fail("Switchboard changed the upstream's answer to " + answered.get(i).line() + " on the way: they "
                        + "differ from byte " + at + " of " + sent.length() + "; the upstream wrote …"
                        + visible(sent.substring(Math.max(0, at - 40))) + " and the CLI got …"
                        + visible(got.substring(Math.max(0, at - 40))) + context);
            }
        }
    }

    /** Line ends shown as escapes, so that a lost {@code \r} or {@code \n} is visible in a failure message. */
    private static String visible(String s) {
        var cut = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return cut.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static JsonNode withoutModel(JsonNode body) {
        var copy = (ObjectNode) body.deepCopy();
        copy.remove("model");
        return copy;
    }

    private AgentClis.Run claude(String prompt, String kind, Path work, Path home, Path logs) throws Exception {
        var env = new LinkedHashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
        env.put("ANTHROPIC_BASE_URL", proxy.url());
        env.put("ANTHROPIC_AUTH_TOKEN", CLIENT_KEY);
        env.put("ANTHROPIC_MODEL", "claude-sonnet-4-5");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        var command = AgentClis.list(clis.claude().toString(), "-p", prompt, "--output-format", "text",
                "--model", "claude-sonnet-4-5");
        if (kind.equals("tool")) {
            command.addAll(List.of("--allowedTools", "Read"));
        }
        return clis.run(command, work, env, logs, CLI_TIMEOUT_SECONDS);
    }

    private AgentClis.Run codex(String prompt, Path work, Path home, Path logs) throws Exception {
        var codexHome = Files.createDirectories(home.resolve(".codex"));
        Files.writeString(codexHome.resolve("config.toml"), """
                model = "gpt-5.1-codex"
                model_provider = "switchboard"
                check_for_update_on_startup = false

                [model_providers.switchboard]
                name = "Switchboard"
                base_url = "%s/v1"
                wire_api = "responses"
                env_key = "SWITCHBOARD_CLIENT_KEY"

                [analytics]
                enabled = false

                [feedback]
                enabled = false
                """.formatted(proxy.url()));
        var env = new LinkedHashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("CODEX_HOME", codexHome.toString());
        env.put("SWITCHBOARD_CLIENT_KEY", CLIENT_KEY);
        var command = AgentClis.list(clis.node.toString(), clis.codex().toString(), "exec", "--skip-git-repo-check",
                "--sandbox", "danger-full-access", "--color", "never", prompt);
        return clis.run(command, work, env, logs, CLI_TIMEOUT_SECONDS);
    }

    private AgentClis.Run gemini(String prompt, Path work, Path home, Path logs) throws Exception {
        var settings = Files.createDirectories(home.resolve(".gemini"));
        Files.writeString(settings.resolve("settings.json"), """
                {
                  "general": {"enableAutoUpdate": false, "enableAutoUpdateNotification": false},
                  "privacy": {"usageStatisticsEnabled": false},
                  "telemetry": {"enabled": false},
                  "security": {"auth": {"selectedType": "gemini-api-key"}, "folderTrust": {"enabled": false}}
                }
                """);
        var env = new LinkedHashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("GEMINI_API_KEY", CLIENT_KEY);
        env.put("GOOGLE_GEMINI_BASE_URL", proxy.url());
        var command = AgentClis.list(clis.node.toString(), clis.gemini().toString(), "-p", prompt, "-m",
                "gemini-2.5-flash", "--output-format", "text", "--yolo");
        return clis.run(command, work, env, logs, CLI_TIMEOUT_SECONDS);
    }

    /** Enables the entry of {@code type}'s channel and disables the others, so that nothing fails over. */
    private void route(String type) throws Exception {
        if (type.equals(enabledType)) {
            return;
        }
        for (var u : upstreams.values()) {
            var ref = Fixtures.JSON.createObjectNode().put("ref", u.type + "/" + u.model).toString();
            switchboard.admin("POST", u.type.equals(type) ? "/admin/entry/enable" : "/admin/entry/disable", ref);
        }
        enabledType = type;
    }

    /** Every request and answer of the case, whole, beside the CLI's output: what a failure report quotes. */
    private static void dump(Path dir, List<Recorded> requests, List<Exchange> exchanges) throws Exception {
        var wire = Files.createDirectories(dir.resolve("wire"));
        for (var r : requests) {
            Files.writeString(wire.resolve("cli-%02d.txt".formatted(r.seq())), r.line() + "\n" + r.headers() + "\n\n"
                    + r.body() + "\n\n--- Switchboard answered " + r.status() + " ---\n" + r.answer());
        }
        for (var e : exchanges) {
            var in = e.request();
            Files.writeString(wire.resolve("upstream-%02d.txt".formatted(e.seq())), in.method() + " " + in.path()
                    + (in.query() == null ? "" : "?" + in.query()) + "\n" + in.headers() + "\n\n" + in.body()
                    + "\n\n--- answered " + e.status() + " " + e.answer() + (e.refusal() == null ? "" : ": "
                    + e.refusal()));
        }
    }

    private static String describe(List<Recorded> requests) {
        return requests.stream().map(r -> r.line() + " -> " + r.status()
                + (r.status() / 100 == 2 ? "" : " " + abbreviate(r.answer(), 600))).collect(Collectors.joining("\n"));
    }

    private static String describeUpstream(List<Exchange> exchanges) {
        return exchanges.stream().map(e -> e.request().method() + " " + e.request().path()
                + (e.request().query() == null ? "" : "?" + e.request().query()) + " -> " + e.status() + " "
                + e.answer() + (e.refusal() == null ? "" : ": " + e.refusal())).collect(Collectors.joining("\n"));
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
