package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gateways a person would pick instead of Switchboard, as they install from npm, pinned, each put in front of
 * the benchmark's mock upstream the way its own documentation says to point it at an OpenAI-compatible base URL.
 *
 * <p>Each is installed with {@code npm install --prefix target/bench-peers/NAME@VERSION --ignore-scripts}, once:
 * a folder that already holds the pinned version is used as it is. Install scripts are not run: a benchmark should
 * not run a package's code at install, and none of the peers measured needs them (Portkey's {@code postinstall} is
 * {@code patch-package}, and its package ships no patches). A peer that cannot be installed or that the harness
 * knows will not run here is kept with the reason, so the table lists it rather than dropping it.
 *
 * <p>Peers that are not here, and why, are in docs/BENCHMARKS.md ("Peers").
 */
final class Peers {
    /** How a peer is started and talked to. */
    enum Kind {
        /**
         * Portkey's gateway, its node build ({@code build/start-server.js --port=N}, as {@code npx
         * @portkey-ai/gateway} runs it). It forwards a Chat request to the provider named in
         * {@code x-portkey-provider}, at the base URL in {@code x-portkey-custom-host} (127.0.0.1 is on its default
         * list of trusted custom hosts), with the client's own {@code Authorization}. Health: {@code GET /}.
         */
        PORTKEY,
        /**
         * claude-code-router: {@code ccr start} runs the server in the foreground. It reads
         * {@code ~/.claude-code-router/config.json}, so each run gets a HOME of its own under the benchmark's
         * temporary folder. An Anthropic Messages client in, OpenAI Chat out to the provider the config names.
         * Without an {@code APIKEY} in the config it listens on 127.0.0.1 only and checks no key. Its logging is left
         * at its default (on, to a file in that HOME), as a person who installs it gets it. Health: {@code GET
         * /health}.
         */
        CLAUDE_CODE_ROUTER,
        /**
         * Bifrost's npm package is a launcher only: at first run it downloads the gateway (a Go binary) from the
         * vendor's own server into ~/.cache. This machine reaches no server but the package registries, so it is
         * installed and then listed as not runnable, unless the package turns out to ship a binary after all.
         */
        DOWNLOADS_ITS_BINARY
    }

    /** One peer: an npm package at a pinned version, what it is called in the table, how it is driven. */
    record Peer(String name, String pkg, String version, Kind kind, Bench.Api api, String healthPath) {
        String label() {
            return name + " " + version;
        }

        /** Its own folder, so that one that fails to install cannot break another. */
        Path dir(Path root) {
            return root.resolve(pkg.replace('/', '+') + "@" + version);
        }

        Path packageDir(Path root) {
            return dir(root).resolve("node_modules").resolve(pkg);
        }
    }

    /**
     * Pinned with {@code npm view PACKAGE version} on 2026-12-06. Change a version here, and the next run installs
     * it into a folder of its own.
     */
    static final List<Peer> PINNED = List.of(
            // npm's latest on 2026-12-06.
            new Peer("Portkey gateway", "@portkey-ai/gateway", "1.15.2", Kind.PORTKEY, Bench.Api.CHAT, "/"),
            // 2.0.0 is the newest that installs: the version the issue measured, a single bundled file.
            new Peer("claude-code-router", "@musistudio/claude-code-router", "2.0.0", Kind.CLAUDE_CODE_ROUTER,
                    Bench.Api.MESSAGES, "/health"),
            // npm's latest on 2026-12-06: listed so that a reader sees why the newest is not measured (a
            // dependency it names is not on the registry).
            new Peer("claude-code-router", "@musistudio/claude-code-router", "3.1.1", Kind.CLAUDE_CODE_ROUTER,
                    Bench.Api.MESSAGES, "/health"),
            // npm's latest on 2026-12-06; a gateway people pick for speed (Go), offered through npx.
            new Peer("Bifrost", "@maximhq/bifrost", "1.6.3", Kind.DOWNLOADS_ITS_BINARY, Bench.Api.CHAT, "/health"));

    /** A peer after installing: {@code problem} is null when it can be started, else the reason it cannot. */
    record Installed(Peer peer, Path root, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private Peers() {
    }

    /** Installs every pinned peer (or finds it installed) under {@code root}; never throws for a peer's failure. */
    static List<Installed> install(Path root) {
        var out = new ArrayList<Installed>();
        var npm = onPath("npm");
        var node = onPath("node");
        for (var peer : PINNED) {
            String problem;
            if (npm == null || node == null) {
                problem = "not installed: " + (node == null ? "node" : "npm") + " is not on the PATH";
            } else {
                problem = installOne(npm, peer, root);
                if (problem == null && peer.kind() == Kind.DOWNLOADS_ITS_BINARY && !shipsABinary(peer, root)) {
                    problem = "not installed: the npm package is only a launcher that downloads the gateway's "
                            + "binary from the vendor's own server at first run; this machine reaches only the "
                            + "package registries";
                }
            }
            Bench.log("peer " + peer.pkg() + "@" + peer.version() + ": " + (problem == null ? "installed" : problem));
            out.add(new Installed(peer, root, problem));
        }
        return out;
    }

    /** Null when installed (now or before), else "not installed: " and npm's own reason. */
    private static String installOne(String npm, Peer peer, Path root) {
        try {
            if (installedVersion(peer, root).equals(peer.version())) {
                return null;
            }
            Files.createDirectories(peer.dir(root));
            var log = peer.dir(root).resolve("npm-install.log");
            Bench.log("npm install " + peer.pkg() + "@" + peer.version() + " ...");
            var p = new ProcessBuilder(npm, "install", "--prefix", peer.dir(root).toAbsolutePath().toString(),
                    "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn", "--save-exact",
                    peer.pkg() + "@" + peer.version())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "not installed: npm install did not finish within 10 minutes";
            }
            if (p.exitValue() != 0) {
                return "not installed: " + npmReason(Files.readString(log), peer.pkg());
            }
            return installedVersion(peer, root).equals(peer.version()) ? null
                    : "not installed: npm reported success, but " + peer.packageDir(root) + " holds no "
                            + peer.version();
        } catch (IOException e) {
            return "not installed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not installed: interrupted";
        }
    }

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private static String installedVersion(Peer peer, Path root) {
        try {
            var m = VERSION.matcher(Files.readString(peer.packageDir(root).resolve("package.json")));
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static final Pattern MISSING = Pattern.compile("requested resource '([^']+)' could not be found");

    /** The line of npm's log that says what went wrong: a 404 names the missing package, else the first error. */
    static String npmReason(String log, String pkg) {
        var lines = log.lines().filter(l -> l.startsWith("npm error") || l.startsWith("npm ERR!")).toList();
        for (var l : lines) {
            var m = MISSING.matcher(l);
            if (m.find()) {
                var missing = m.group(1);
                return "npm: 404, " + (missing.startsWith(pkg + "@") ? "" : "its dependency ") + missing
                        + " is not on the registry";
            }
        }
        for (var l : lines) {
            if (l.contains("ETARGET") || l.contains("notarget")) {
                return l.replaceFirst("^npm (error|ERR!)\\s*", "npm: ");
            }
        }
        return lines.isEmpty() ? "npm failed (see its log)"
                : lines.get(0).replaceFirst("^npm (error|ERR!)\\s*", "npm: ");
    }

    /** Whether the package holds a native executable (an ELF file) of its own, rather than fetching one. */
    private static boolean shipsABinary(Peer peer, Path root) {
        try (Stream<Path> files = Files.walk(peer.dir(root).resolve("node_modules"))) {
            return files.filter(Files::isRegularFile).anyMatch(Peers::isElf);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** The full path of a program on the PATH, or null. */
    static String onPath(String program) {
        var path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (var dir : path.split(File.pathSeparator)) {
            var f = Path.of(dir, program);
            if (Files.isExecutable(f)) {
                return f.toString();
            }
        }
        return null;
    }

    /** {@code node --version}, for the table's header; "n/a" when there is none. */
    static String nodeVersion() {
        var node = onPath("node");
        if (node == null) {
            return "n/a";
        }
        try {
            var p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            var text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "n/a";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "n/a";
        }
    }

    /**
     * Launches an installed peer listening on 127.0.0.1:{@code port} (Portkey listens on every interface: it has
     * no option for the host), in front of the mock on {@code mockPort}. {@code home} is a folder of its own for
     * this peer (claude-code-router's config and logs). Output goes to {@code home}/out.log. Does not wait.
     */
    static Process launch(Installed installed, int port, int mockPort, Path home, List<Process> started)
            throws IOException {
        var peer = installed.peer();
        var node = onPath("node");
        Files.createDirectories(home);
        var pkg = peer.packageDir(installed.root()).toAbsolutePath();
        ProcessBuilder pb = switch (peer.kind()) {
            case PORTKEY -> new ProcessBuilder(node, pkg.resolve("build/start-server.js").toString(),
                    "--port=" + port);
            case CLAUDE_CODE_ROUTER -> {
                var config = home.resolve(".claude-code-router");
                Files.createDirectories(config);
                // A pid file left by the previous start would make `ccr start` say "already running" and exit.
                Files.deleteIfExists(config.resolve(".claude-code-router.pid"));
                // One provider, the mock, by its full Chat Completions URL (ccr appends nothing); every request
                // goes to it through the default route.
                Files.writeString(config.resolve("config.json"), String.format(Locale.ROOT, """
                        {
                          "PORT": %d,
                          "Providers": [
                            {
                              "name": "bench",
                              "api_base_url": "http://127.0.0.1:%d/v1/chat/completions",
                              "api_key": "sk-bench-not-a-real-key",
                              "models": ["%s"]
                            }
                          ],
                          "Router": { "default": "bench,%s" }
                        }
                        """, port, mockPort, Bench.MODEL, Bench.MODEL));
                var b = new ProcessBuilder(node, pkg.resolve("dist/cli.js").toString(), "start");
                b.environment().put("HOME", home.toAbsolutePath().toString());
                yield b;
            }
            case DOWNLOADS_ITS_BINARY -> throw new IllegalStateException(peer.label() + " cannot be started here");
        };
        pb.directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("out.log").toFile());
        var process = pb.start();
        started.add(process);
        return process;
    }

    /** Headers besides the API's own that the peer needs on every request. */
    static String headers(Peer peer, int mockPort) {
        return switch (peer.kind()) {
            case PORTKEY -> "x-portkey-provider: openai\r\nx-portkey-custom-host: http://127.0.0.1:" + mockPort
                    + "/v1\r\n";
            case CLAUDE_CODE_ROUTER, DOWNLOADS_ITS_BINARY -> "";
        };
    }

    /** The last lines of what a peer printed, for a "did not start" reason. */
    static String tail(Path home) {
        try {
            var lines = Files.readAllLines(home.resolve("out.log"), StandardCharsets.UTF_8);
            var last = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).trim();
            return last.isEmpty() ? "" : ": " + (last.length() > 300 ? last.substring(0, 300) + "…" : last);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
