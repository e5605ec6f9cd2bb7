package dev.switchboard.ui;

import dev.switchboard.connect.Target;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.service.BindAddress;
import dev.switchboard.service.GatewayState;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.Settings;
import java.util.List;
import java.util.Locale;

/**
 * What to paste into each client to point it at this gateway: the environment variables or configuration the
 * client itself reads, with this gateway's base URL ({@code /v1} for OpenAI-style clients, the bare base for
 * Anthropic and Gemini ones), in the syntax of the chosen shell. Pure text: no Swing, no I/O.
 */
final class ConnectSnippets {
    private ConnectSnippets() {
    }

    enum Client {
        CLAUDE_CODE("claudeCode", true),
        CODEX("codex", true),
        GEMINI_CLI("geminiCli", true),
        OPENAI_SDK("openaiSdk", true),
        ANTHROPIC_SDK("anthropicSdk", true),
        GENERIC("generic", false);

        final String id;
        /** Whether the snippet has shell lines (the shell selector matters). */
        final boolean usesShell;

        Client(String id, boolean usesShell) {
            this.id = id;
            this.usesShell = usesShell;
        }
    }

    /** How environment variables are set: POSIX shells, PowerShell, or the Windows command prompt. */
    enum ShellKind {
        SH("sh"), POWERSHELL("powershell"), CMD("cmd");

        final String id;

        ShellKind(String id) {
            this.id = id;
        }

        /** PowerShell on Windows (the default terminal), sh elsewhere. */
        static ShellKind forOs(String osName) {
            return osName != null && osName.toLowerCase(Locale.ROOT).contains("win") ? POWERSHELL : SH;
        }

        String set(String name, String value) {
            switch (this) {
                case POWERSHELL:
                    return "$env:" + name + " = \"" + value.replace("`", "``").replace("\"", "`\"")
                            .replace("$", "`$") + "\"";
                case CMD:
                    // the quotes around NAME=value keep < > & in a placeholder from being read as redirections
                    return "set \"" + name + "=" + value + "\"";
                default:
                    return "export " + name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"")
                            .replace("$", "\\$").replace("`", "\\`") + "\"";
            }
        }

        String comment(String text) {
            return (this == CMD ? "rem " : "# ") + text;
        }
    }

    /**
     * Where clients reach this gateway and what they must send.
     *
     * @param baseUrl        the bare base, e.g. {@code http://127.0.0.1:9090}
     * @param running        whether the gateway is answering now
     * @param beyondLoopback whether it listens beyond this computer (clients elsewhere need an access key)
     * @param keyNames       the access keys' names (a hint: their secrets are never shown again)
     * @param fallbackToAuto the {@code fallback-to-auto} setting
     */
    record Endpoint(String baseUrl, boolean running, boolean beyondLoopback, List<String> keyNames,
                    boolean fallbackToAuto) {
        Endpoint {
            keyNames = List.copyOf(keyNames);
        }

        /** OpenAI-style clients add {@code /chat/completions} (or {@code /responses}) to this. */
        String openAiBase() {
            return baseUrl + "/v1";
        }

        /** Where Prometheus scrapes this gateway (the Settings tab shows it). */
        String metricsUrl() {
            return baseUrl + GatewayMetrics.PATH;
        }
    }

    /** The running gateway's address, else the one the port and bind settings will give. */
    static Endpoint endpoint(GatewayState state, Settings settings, List<AccessKey> keys) {
        boolean running = state instanceof GatewayState.Running;
        var base = running ? ((GatewayState.Running) state).baseUrl() : baseUrl(settings.bind(), settings.port());
        return new Endpoint(base, running, !BindAddress.isLoopback(settings.bind()),
                keys.stream().map(AccessKey::name).toList(), settings.fallbackToAuto());
    }

    /** As the gateway computes it: a wildcard bind is reached on this computer through 127.0.0.1. */
    static String baseUrl(String bind, int port) {
        return Target.baseUrl(bind, port);
    }

    /** What a client sends as its key: anything on loopback, else an access key (named, never shown). */
    static String keyValue(Endpoint e, Messages text) {
        if (!e.beyondLoopback()) {
            return "switchboard";
        }
        return e.keyNames().isEmpty() ? text.get("connect.key.none")
                : text.get("connect.key.named", e.keyNames().get(0));
    }

    static String snippet(Client client, ShellKind shell, Endpoint e, Messages text) {
        switch (client) {
            case CLAUDE_CODE:
                return claudeCode(shell, e, text);
            case CODEX:
                return codex(shell, e, text);
            case GEMINI_CLI:
                return geminiCli(shell, e, text);
            case OPENAI_SDK:
                return openAiSdk(shell, e, text);
            case ANTHROPIC_SDK:
                return anthropicSdk(shell, e, text);
            default:
                return generic(e, text);
        }
    }

    private static String claudeCode(ShellKind sh, Endpoint e, Messages text) {
        var out = new Lines();
        out.add(sh.comment(text.get("connect.claudeCode.intro")));
        out.add(sh.set("ANTHROPIC_BASE_URL", e.baseUrl()));
        out.add(sh.comment(keyComment("ANTHROPIC_AUTH_TOKEN", e, text)));
        out.add(sh.set("ANTHROPIC_AUTH_TOKEN", keyValue(e, text)));
        out.add(sh.comment(text.get("connect.claudeCode.model")));
        out.add(sh.set("ANTHROPIC_MODEL", "auto"));
        out.add(sh.comment(text.get("connect.persist." + sh.id)));
        out.add("claude");
        return out.toString();
    }

    private static String codex(ShellKind sh, Endpoint e, Messages text) {
        var out = new Lines();
        out.add("# " + text.get("connect.codex.file"));
        out.add("model = \"auto\"");
        out.add("model_provider = \"switchboard\"");
        out.add("");
        out.add("[model_providers.switchboard]");
        out.add("name = \"Switchboard\"");
        out.add("base_url = \"" + e.openAiBase() + "\"");
        out.add("env_key = \"SWITCHBOARD_API_KEY\"");
        out.add("# " + text.get("connect.codex.wireApi"));
        out.add("wire_api = \"responses\"");
        out.add("");
        out.add(sh.comment(text.get("connect.codex.shell")));
        out.add(sh.comment(keyComment("SWITCHBOARD_API_KEY", e, text)));
        out.add(sh.set("SWITCHBOARD_API_KEY", keyValue(e, text)));
        out.add("codex");
        return out.toString();
    }

    private static String geminiCli(ShellKind sh, Endpoint e, Messages text) {
        var out = new Lines();
        out.add(sh.comment(text.get("connect.geminiCli.intro")));
        out.add(sh.set("GOOGLE_GEMINI_BASE_URL", e.baseUrl()));
        out.add(sh.comment(keyComment("GEMINI_API_KEY", e, text)));
        out.add(sh.set("GEMINI_API_KEY", keyValue(e, text)));
        // Gemini CLI reads "auto" as its own alias and replaces it before sending: Switchboard never sees it
        out.add(sh.comment(text.get(e.fallbackToAuto() ? "connect.geminiCli.model.fallback"
                : "connect.geminiCli.model.noFallback")));
        out.add(sh.comment(text.get("connect.persist." + sh.id)));
        out.add("gemini");
        return out.toString();
    }

    private static String openAiSdk(ShellKind sh, Endpoint e, Messages text) {
        var key = keyValue(e, text);
        var out = new Lines();
        out.add(sh.comment(text.get("connect.openaiSdk.env")));
        out.add(sh.set("OPENAI_BASE_URL", e.openAiBase()));
        out.add(sh.set("OPENAI_API_KEY", key));
        out.add("");
        out.add("# Python (pip install openai)");
        out.add("from openai import OpenAI");
        out.add("client = OpenAI(base_url=\"" + e.openAiBase() + "\", api_key=\"" + key + "\")");
        out.add("reply = client.chat.completions.create(");
        out.add("    model=\"auto\", messages=[{\"role\": \"user\", \"content\": \"Hello\"}])");
        out.add("print(reply.choices[0].message.content)");
        out.add("");
        out.add("// Node.js (npm install openai)");
        out.add("import OpenAI from \"openai\";");
        out.add("const client = new OpenAI({ baseURL: \"" + e.openAiBase() + "\", apiKey: \"" + key + "\" });");
        out.add("const reply = await client.chat.completions.create({");
        out.add("  model: \"auto\", messages: [{ role: \"user\", content: \"Hello\" }] });");
        out.add("console.log(reply.choices[0].message.content);");
        return out.toString();
    }

    private static String anthropicSdk(ShellKind sh, Endpoint e, Messages text) {
        var key = keyValue(e, text);
        var out = new Lines();
        out.add(sh.comment(text.get("connect.anthropicSdk.env")));
        out.add(sh.set("ANTHROPIC_BASE_URL", e.baseUrl()));
        out.add(sh.set("ANTHROPIC_API_KEY", key));
        out.add("");
        out.add("# Python (pip install anthropic)");
        out.add("import anthropic");
        out.add("client = anthropic.Anthropic(base_url=\"" + e.baseUrl() + "\", api_key=\"" + key + "\")");
        out.add("message = client.messages.create(model=\"auto\", max_tokens=1024,");
        out.add("    messages=[{\"role\": \"user\", \"content\": \"Hello\"}])");
        out.add("print(message.content[0].text)");
        out.add("");
        out.add("// TypeScript (npm install @anthropic-ai/sdk)");
        out.add("import Anthropic from \"@anthropic-ai/sdk\";");
        out.add("const client = new Anthropic({ baseURL: \"" + e.baseUrl() + "\", apiKey: \"" + key + "\" });");
        out.add("const message = await client.messages.create({ model: \"auto\", max_tokens: 1024,");
        out.add("  messages: [{ role: \"user\", content: \"Hello\" }] });");
        return out.toString();
    }

    private static String generic(Endpoint e, Messages text) {
        var key = keyValue(e, text);
        var out = new Lines();
        var labels = List.of(text.get("connect.generic.baseUrl"), text.get("connect.generic.apiKey"),
                text.get("connect.generic.model"));
        int width = labels.stream().mapToInt(String::length).max().orElse(0) + 2;
        out.add(pad(labels.get(0), width) + e.openAiBase());
        out.add(pad(labels.get(1), width) + key
                + (e.beyondLoopback() ? "" : "  (" + text.get("connect.generic.anyValue") + ")"));
        out.add(pad(labels.get(2), width) + "auto");
        out.add("");
        out.add(text.get("connect.generic.cursor"));
        out.add(text.get("connect.generic.cline"));
        out.add("");
        out.add(text.get("connect.generic.continue"));
        out.add("models:");
        out.add("  - name: Switchboard");
        out.add("    provider: openai");
        out.add("    model: auto");
        out.add("    apiBase: " + e.openAiBase());
        out.add("    apiKey: " + key);
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }

    private static String keyComment(String variable, Endpoint e, Messages text) {
        if (!e.beyondLoopback()) {
            return text.get("connect.key.anyValue", variable);
        }
        return text.get("connect.key.needed", variable);
    }

    /** Lines joined with \n, ending with one. */
    private static final class Lines {
        private final StringBuilder sb = new StringBuilder();

        void add(String line) {
            sb.append(line).append('\n');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
