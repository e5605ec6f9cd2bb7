package dev.switchboard.app;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code java -jar switchboard.jar [command]}. Without a command it runs the gateway. Exit codes: 0 ok,
 * 1 failure, 2 usage error (unknown option, missing or malformed argument).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        var env = Env.system();
        // A downloaded update is installed before anything else, and the new version runs in this one's place.
        var updated = StartupUpdate.installAndRelaunch(env, args);
        if (updated.isEmpty()) {
            // double-clicked: the window and tray run in a JVM with a tray app's options, not the machine's
            updated = TunedLaunch.relaunch(env, args);
        }
        // `serve` returns only once the gateway has stopped, so exiting here is always right.
        System.exit(updated.isPresent() ? updated.getAsInt() : run(env, args));
    }

    /** Runs one command line; returns its exit code. Never throws. */
    public static int run(Env env, String... args) {
        var start = GatewayStartLine.read(args);
        if (start.isPresent()) {
            return start.get().run(env);
        }
        var cli = commandLine(env, gatewayOnly(args));
        return cli.execute(args);
    }

    /** The commands, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, ChannelsCommand.class, EntriesCommand.class,
            GroupsCommand.class, RulesCommand.class, SettingsCommand.class, KeysCommand.class, ExportCommand.class,
            ImportCommand.class, StatusCommand.class, UsageCommand.class, LogCommand.class, ConnectCommand.class,
            RunCommand.class, SpeedTestCommand.class, UpdateCommand.class, CatalogCommand.class, SyncCommand.class,
            CommandLine.HelpCommand.class);
    /** Root options that take a value, as {@code --help} lists them. */
    private static final Set<String> VALUED = Set.of("--data-dir", "--port", "--bind");
    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");

    /**
     * Whether this command line only starts the gateway: root options alone (a double-click has none; the packaged
     * headless launcher passes {@code --headless}), or {@code serve} with them, and no help or version asked. Such a
     * start needs picocli's model of {@code serve} alone, and building the model of every command by reflection was
     * about 1.3 s of a desktop start on 2 cores (issue 14; docs/BENCHMARKS.md). Anything else, a typo included (so
     * that picocli can suggest the command meant), gets every command.
     */
    static boolean gatewayOnly(String[] args) {
        var options = gatewayStartOptions(args);
        return options != null && options.stream().noneMatch(o -> o.equals("--")
                || HELP_OR_VERSION.contains(o.contains("=") ? o.substring(0, o.indexOf('=')) : o));
    }

    /**
     * The options of a command line that names no command but {@code serve} (once), as given, without the values of
     * the root options that take one ({@code --data-dir}, {@code --port}, {@code --bind}); null when it names anything
     * else. What such a start may do is the caller's question: build {@code serve}'s model alone
     * ({@link #gatewayOnly}), or open the window in a tuned JVM ({@link TunedLaunch#desktopStart}).
     */
    static List<String> gatewayStartOptions(String[] args) {
        var options = new ArrayList<String>();
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            var a = args[i];
            var name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (VALUED.contains(name)) {
                i += a.contains("=") ? 0 : 1;
            } else if (a.startsWith("-")) {
                options.add(a);
            } else if (a.equals("serve") && !serve) {
                serve = true;
            } else {
                return null; // another command, a second word, a typo, an empty argument
            }
        }
        return options;
    }

    static CommandLine commandLine(Env env) {
        return commandLine(env, false);
    }

    /** @param gatewayOnly register {@code serve} alone ({@link #gatewayOnly(String[])}) */
    static CommandLine commandLine(Env env, boolean gatewayOnly) {
        // Commands, and error messages (they repeat what was typed), print with control characters escaped;
        // picocli's help and version text is Switchboard's own and keeps its colours.
        var escaped = env.escapingControls();
        var cli = new CommandLine(new RootCommand(escaped));
        for (var command : gatewayOnly ? List.<Class<?>>of(ServeCommand.class) : COMMANDS) {
            cli.addSubcommand(command); // before the settings below, which apply to the subcommands there are
        }
        // Usage lines and "See `… --help`" name the command the person ran: `java -jar switchboard.jar`, mostly.
        cli.setCommandName(env.command());
        cli.setOut(env.out());
        cli.setErr(escaped.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // `run codex exec "hi"`: whatever follows the agent is the agent's, options included
        if (!gatewayOnly) {
            cli.getSubcommands().get("run").setStopAtPositional(true);
        }
        cli.setExecutionStrategy(parseResult -> {
            refuseUnmatchedBesideHelp(parseResult);
            refuseGatewayOptionsBeforeACommand(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine.getErr(),
                commandLine.getCommandSpec().qualifiedName()));
        cli.setParameterExceptionHandler((e, args) -> {
            var err = e.getCommandLine().getErr();
            var message = e.getMessage();
            // picocli's own messages for a missing argument begin with "Error: "; ours begin with "error: "
            err.println("error: " + (message.startsWith("Error: ") ? message.substring(7) : message));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("See `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`.");
            }
            return USAGE;
        });
        return cli;
    }

    /**
     * What a command that threw tells the person, and its exit code: the one place for picocli's runs and for
     * {@link GatewayStartLine}'s.
     *
     * @param command the command as typed, for the "See `… --help`" of a usage error
     */
    static int failed(Exception e, java.io.PrintWriter err, String command) {
        if (e instanceof StoreException s) {
            err.println("error: " + said(s));
            return s.kind() == StoreException.Kind.INVALID ? USAGE : FAILURE;
        }
        if (e instanceof UsageException) {
            err.println("error: " + said(e));
            err.println("See `" + command + " --help`.");
            return USAGE;
        }
        if (e instanceof GatewayException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException) {
            err.println("error: " + said(e));
            return FAILURE;
        }
        err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + said(e));
        return FAILURE;
    }

    /** A failure's message as the person may see it: it can quote an upstream, which may echo a key. */
    private static String said(Exception e) {
        return Redaction.redact(e.getMessage());
    }

    /**
     * picocli lets {@code --help} excuse whatever else is on the line, so {@code switchboard frobnicate --help}
     * printed the top-level help and exited 0, as if {@code frobnicate} were a command. Each level's unmatched
     * words are refused as an unknown command or argument instead, with picocli's suggestions.
     */
    private static void refuseUnmatchedBesideHelp(CommandLine.ParseResult parseResult) {
        for (var level = parseResult; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(level.commandSpec().commandLine(),
                        level.unmatched());
            }
        }
    }

    /**
     * Without a command, {@code --port}, {@code --bind}, {@code --headless} and {@code --verbose} run the gateway.
     * Before a command they would be ignored, and the command would run as if the person had not asked for
     * anything ({@code switchboard --port 99999 channels add …} added the channel and exited 0), so they are
     * refused there, before the command runs.
     */
    private static void refuseGatewayOptionsBeforeACommand(CommandLine.ParseResult parseResult) {
        if (!parseResult.hasSubcommand()) {
            return;
        }
        var command = parseResult.subcommand().commandSpec().name();
        var root = parseResult.commandSpec().name();
        for (var option : parseResult.commandSpec().mixins().get("serveOptions").options()) {
            if (parseResult.hasMatchedOption(option)) {
                var name = option.longestName();
                throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(), name
                        + " is an option of running the gateway and does nothing for `" + command + "`: "
                        + (command.equals("serve") ? "give it after `serve` (" + root + " serve " + name + " …)."
                        : "leave it out, or run the gateway with `" + root + " serve " + name + " …`."));
            }
        }
    }

    /** The command line was wrong in a way picocli cannot see (nothing to change, conflicting options). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
