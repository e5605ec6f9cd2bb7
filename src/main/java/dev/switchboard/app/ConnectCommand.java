package dev.switchboard.app;

import dev.switchboard.connect.Agent;
import dev.switchboard.connect.ConnectException;
import dev.switchboard.connect.Connector;
import dev.switchboard.connect.Locations;
import dev.switchboard.connect.Target;
import dev.switchboard.connect.Targets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard connect AGENT [--undo] [--dry-run]}: points an agent at this Switchboard in the agent's own
 * configuration files (see {@link Connector}), showing the diff; {@code --undo} puts the files back byte for byte.
 */
@Command(name = "connect", description = {
        "Point an agent at this Switchboard by writing its own configuration (--undo takes it back).",
        "Claude Code's settings.json env, Codex's config.toml provider, Gemini CLI's ~/.gemini/.env and"
                + " settings.json, OpenCode's opencode.json. Shows the diff; the original files are kept in the"
                + " data folder (connect/) for --undo."},
        mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class)
final class ConnectCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(paramLabel = "AGENT", converter = AgentConverter.class, completionCandidates = AgentIds.class,
            description = "claude-code, codex, gemini-cli or opencode.")
    Agent agent;

    @Option(names = "--undo", description = "Restore the agent's files as they were before the first connect.")
    boolean undo;

    @Option(names = "--dry-run", description = "Show the diff only; write nothing.")
    boolean dryRun;

    @Option(names = "--key", paramLabel = "NAME", description = {"The access key (by name) the agent sends; only"
            + " needed when Switchboard listens beyond this computer (default: the first key)."})
    String keyName;

    @Override
    public Integer call() {
        var out = root.env.out();
        try {
            var folder = root.dataFolder().path();
            var connector = new Connector(locations(root.env), folder);
            if (undo) {
                var plan = dryRun ? connector.undoPlan(agent) : connector.undo(agent);
                out.print(plan.diff(maskingTarget()));
                out.println(dryRun ? "Dry run: nothing was written. `" + root.hint("connect %s --undo", agent.id())
                        + "` restores these files." : "Restored " + agent.displayName() + "'s configuration as it"
                        + " was before Switchboard changed it.");
                out.flush();
                return Main.OK;
            }
            var target = target(root, keyName);
            var plan = dryRun ? connector.plan(agent, target) : connector.apply(agent, target);
            if (plan.empty()) {
                out.println(agent.displayName() + " already uses Switchboard at " + target.baseUrl()
                        + ": nothing to change.");
                out.flush();
                return Main.OK;
            }
            out.print(plan.diff(target));
            if (dryRun) {
                out.println("Dry run: nothing was written.");
            } else {
                out.println(agent.displayName() + " now uses Switchboard at " + target.baseUrl() + ". The original"
                        + " files are kept in " + connector.backupFile(agent) + "; `"
                        + root.hint("connect %s --undo", agent.id()) + "` restores them.");
                if (agent == Agent.GEMINI_CLI) {
                    out.println("Gemini CLI reads ~/.gemini/.env only in folders it trusts; elsewhere, start it with"
                            + " `" + root.hint("run gemini-cli") + "`.");
                }
            }
            out.flush();
            return Main.OK;
        } catch (ConnectException | UncheckedIOException e) {
            root.env.err().println("error: " + e.getMessage());
            root.env.err().flush();
            return Main.FAILURE;
        }
    }

    /** The target whose access key the diff of an undo masks (it may be in the files); null when there is none. */
    private Target maskingTarget() {
        try {
            return target(root, keyName);
        } catch (ConnectException e) {
            return null;
        }
    }

    /** The agents' folders: the home folder as the agents find it, in this run's environment. */
    static Locations locations(Env env) {
        return Locations.of(env.variables(), Path.of(System.getProperty("user.home")));
    }

    /** Where the gateway for this data folder is (the running one's address, else the settings') and its key. */
    static Target target(RootCommand root, String keyName) {
        try (var store = root.openStore()) {
            var folder = store.database().file().getParent();
            var running = SingleInstance.running(folder).flatMap(SingleInstance.Running::gateway).orElse(null);
            var snapshot = store.snapshot();
            return Targets.of(running, snapshot.settings(), snapshot.accessKeys(), keyName);
        }
    }

    static final class AgentConverter implements CommandLine.ITypeConverter<Agent> {
        @Override
        public Agent convert(String value) {
            return Agent.byId(value).orElseThrow(() -> new CommandLine.TypeConversionException("unknown agent '"
                    + value + "': choose " + String.join(", ", Arrays.stream(Agent.values()).map(Agent::id)
                    .toList())));
        }
    }

    static final class AgentIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Agent.values()).map(Agent::id).iterator();
        }
    }
}
