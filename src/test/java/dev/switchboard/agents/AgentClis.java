package dev.switchboard.agents;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real agent CLIs, at the versions pinned in {@code package.json} beside the fixtures, installed into
 * {@code target/agents/npm} with the machine's npm (never globally; the npm cache is {@code target/agents/npm-cache})
 * and reused while the installed versions match. npm runs no install scripts here, so Claude Code's
 * {@code install.cjs}, which puts the native binary of its platform package in place of {@code bin/claude.exe}, is
 * run explicitly.
 *
 * <p>Where node or npm is missing the suite is skipped, unless {@code SWITCHBOARD_REQUIRE_AGENTS=1} (CI) makes that
 * a failure.
 */
final class AgentClis {
    static final String REQUIRE = "SWITCHBOARD_REQUIRE_AGENTS";
    private static final long INSTALL_MINUTES = 8;

    final Path root;
    final Path node;
    final Path nodeModules;

    private AgentClis(Path root, Path node) {
        this.root = root;
        this.node = node;
        this.nodeModules = root.resolve("node_modules");
    }

    static boolean required() {
        return "1".equals(System.getenv(REQUIRE));
    }

    /** Installs (or finds installed) the pinned CLIs; skips or fails, as {@link #REQUIRE} says, without node/npm. */
    static AgentClis install(Path target) throws Exception {
        var node = onPath("node");
        var npm = onPath("npm");
        if (node == null || npm == null) {
            var missing = node == null && npm == null ? "node and npm are" : node == null ? "node is" : "npm is";
            if (required()) {
                fail(REQUIRE + "=1 but " + missing + " not on the PATH: the agent CLIs cannot be installed");
            }
            Assumptions.abort("agent CLI suite skipped: " + missing + " not on the PATH (set " + REQUIRE
                    + "=1 to make this a failure)");
        }
        var root = target.resolve("agents").resolve("npm");
        Files.createDirectories(root);
        var pinned = Fixtures.tree(Fixtures.text("package.json"));
        var clis = new AgentClis(root, node);
        if (clis.installed(pinned)) {
            return clis;
        }
        Files.writeString(root.resolve("package.json"), Fixtures.text("package.json"));
        var log = target.resolve("agents").resolve("npm-install.log");
        var install = run(List.of(npm.toString(), "install", "--prefix", root.toString(), "--no-audit", "--no-fund",
                "--ignore-scripts", "--cache", target.resolve("agents").resolve("npm-cache").toString()), root, log);
        if (install != 0) {
            var output = Files.readString(log);
            if (required()) {
                fail("npm install of the agent CLIs failed (exit " + install + "):\n" + output);
            }
            Assumptions.abort("agent CLI suite skipped: npm install failed (exit " + install + "; set " + REQUIRE
                    + "=1 to make this a failure):\n" + tail(output));
        }
        // Claude Code's postinstall: links the native binary of @anthropic-ai/claude-code-<platform> into bin/.
        var claudePackage = clis.nodeModules.resolve("@anthropic-ai/claude-code");
        var placed = run(List.of(node.toString(), "install.cjs"), claudePackage, target.resolve("agents")
                .resolve("claude-install.log"));
        if (placed != 0 || !clis.claudeBinaryPlaced()) {
            fail("Claude Code's install.cjs did not put its native binary in place (exit " + placed + "):\n"
                    + Files.readString(target.resolve("agents").resolve("claude-install.log")));
        }
        if (!clis.installed(pinned)) {
            fail("after npm install, the CLIs in " + root + " are not the pinned versions " + pinned.path(
                    "dependencies") + "; see " + log);
        }
        return clis;
    }

    private boolean installed(com.fasterxml.jackson.databind.JsonNode pinned) throws IOException {
        Iterator<String> names = pinned.path("dependencies").fieldNames();
        while (names.hasNext()) {
            var name = names.next();
            var manifest = nodeModules.resolve(name).resolve("package.json");
            if (!Files.exists(manifest) || !Fixtures.tree(Files.readString(manifest)).path("version").asText()
                    .equals(pinned.path("dependencies").path(name).asText())) {
                return false;
            }
        }
        if (!claudeBinaryPlaced() || !Files.isDirectory(nodeModules.resolve("@openai"))) {
            return false;
        }
        try (var openai = Files.list(nodeModules.resolve("@openai"))) { // Codex's native binary package
            return openai.anyMatch(p -> p.getFileName().toString().startsWith("codex-"));
        }
    }

    /** The placeholder {@code bin/claude.exe} is a small stub; the native binary is hundreds of megabytes. */
    private boolean claudeBinaryPlaced() throws IOException {
        var exe = nodeModules.resolve("@anthropic-ai/claude-code/bin/claude.exe");
        return Files.exists(exe) && Files.size(exe) > 1_000_000;
    }

    Path claude() {
        return nodeModules.resolve("@anthropic-ai/claude-code/bin/claude.exe");
    }

    Path codex() {
        return nodeModules.resolve("@openai/codex/bin/codex.js");
    }

    Path gemini() {
        return nodeModules.resolve("@google/gemini-cli/bundle/gemini.js");
    }

    /** How one CLI run ended. */
    record Run(int exitCode, String stdout, String stderr, boolean timedOut) {
        String describe() {
            return (timedOut ? "TIMED OUT" : "exit " + exitCode) + "\n--- stdout ---\n" + tail(stdout)
                    + "\n--- stderr ---\n" + tail(stderr);
        }
    }

    /**
     * Runs {@code command} in {@code dir} with exactly {@code env} (plus a PATH holding node and the system's
     * tools: nothing of the test JVM's environment, no proxy variables), standard input empty, output to files in
     * {@code logs}; ended after {@code timeoutSeconds}.
     */
    Run run(List<String> command, Path dir, Map<String, String> env, Path logs, long timeoutSeconds)
            throws Exception {
        Files.createDirectories(logs);
        var stdout = logs.resolve("stdout.txt");
        var stderr = logs.resolve("stderr.txt");
        var pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", node.getParent() + File.pathSeparator + "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("TERM", "dumb");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("TMPDIR", Files.createDirectories(logs.resolve("tmp")).toString()); // error reports land here
        pb.environment().putAll(env);
        var p = pb.start();
        var done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Run(done ? p.exitValue() : -1, Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8), !done);
    }

    private static int run(List<String> command, Path dir, Path log) throws Exception {
        var p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + INSTALL_MINUTES + " minutes; see " + log);
        }
        return p.exitValue();
    }

    private static Path onPath(String name) {
        var path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (var dir : path.split(File.pathSeparator)) {
            var candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }
}
