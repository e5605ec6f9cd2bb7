package dev.switchboard.app;

import dev.switchboard.store.Setting;
import java.util.HashSet;
import java.util.Optional;

/**
 * A command line that only starts the gateway, read without picocli. Building picocli's model, even of
 * {@code serve} alone, and parsing with it took about 0.3 s of every start on 2 cores (its classes are Java 5
 * class files, which no class-data archive can hold; issue 14, docs/BENCHMARKS.md), and a double-click, the
 * packaged launchers and a service manager's {@code serve --headless --port N} are the lines that run most.
 *
 * <p>It takes only lines whose meaning is plain: {@code --data-dir} (anywhere, as its inherited scope allows),
 * then at most one {@code serve}, then {@code --headless}, {@code -v}/{@code --verbose}, a valid {@code --port}
 * and a valid {@code --bind}, each at most once, in either {@code --name value} or {@code --name=value} form.
 * Everything else, a mistake included (a bad port, an unknown option, {@code --help}, a gateway option before
 * {@code serve}), goes to picocli, which says what is wrong in its usual words. So a line read here means what
 * picocli would read from it ({@code GatewayStartLineTest} holds the two side by side).
 */
final class GatewayStartLine {
    final String dataDir;
    final ServeCommand.Options options;
    /** Whether the line named {@code serve} (for the "See `… --help`" of a usage error). */
    final boolean serve;

    private GatewayStartLine(String dataDir, ServeCommand.Options options, boolean serve) {
        this.dataDir = dataDir;
        this.options = options;
        this.serve = serve;
    }

    /** The line read, or empty when picocli must read it. */
    static Optional<GatewayStartLine> read(String[] args) {
        String dataDir = null;
        var options = new ServeCommand.Options();
        var seen = new HashSet<String>();
        boolean serve = false;
        boolean gatewayOption = false;
        for (int i = 0; i < args.length; i++) {
            var a = args[i];
            int eq = a.indexOf('=');
            var name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (name.equals("-v")) {
                name = "--verbose";
            }
            if (!seen.add(name)) {
                return Optional.empty(); // twice: picocli decides what that means
            }
            switch (name) {
                case "serve" -> {
                    if (gatewayOption) {
                        return Optional.empty(); // refused by picocli's reading, with a hint
                    }
                    serve = true;
                }
                case "--headless", "--verbose" -> {
                    if (eq > 0) {
                        return Optional.empty();
                    }
                    gatewayOption = true;
                    if (name.equals("--headless")) {
                        options.headless = true;
                    } else {
                        options.verbose = true;
                    }
                }
                case "--data-dir", "--port", "--bind" -> {
                    String value;
                    if (eq > 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        value = args[++i];
                    } else {
                        return Optional.empty();
                    }
                    if (name.equals("--data-dir")) {
                        dataDir = value;
                        continue;
                    }
                    gatewayOption = true;
                    try {
                        if (name.equals("--port")) {
                            options.port = value.strip().equals("0") ? 0
                                    : Integer.valueOf(Setting.PORT.canonical(value));
                        } else {
                            options.bind = Setting.BIND.canonical(value);
                        }
                    } catch (IllegalArgumentException e) {
                        return Optional.empty(); // picocli refuses it through ServeCommand's converters
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new GatewayStartLine(dataDir, options, serve));
    }

    /** Runs the gateway as picocli would have run this line; failures are told as {@link Main} tells them. */
    int run(Env env) {
        var escaped = env.escapingControls();
        var root = new RootCommand(escaped);
        root.dataDir = dataDir;
        try {
            return ServeCommand.serve(root, options);
        } catch (Exception e) {
            return Main.failed(e, escaped.err(), serve ? env.command() + " serve" : env.command());
        }
    }
}
