package dev.switchboard.app;

import dev.switchboard.connect.Agent;
import dev.switchboard.connect.AgentRun;
import dev.switchboard.connect.ConnectException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard run AGENT [-- ARGS…]}: starts the agent pointed at this Switchboard for this run only, by
 * variables in its environment (Codex: {@code -c} overrides), with this terminal, and exits with its exit code.
 * No file changes. Everything after AGENT goes to the agent (Main makes the command stop at it).
 */
@Command(name = "run", description = {
        "Start an agent pointed at this Switchboard for this run only; no file changes.",
        "The variables are set for the agent's process alone (Codex gets -c overrides). Give options before"
                + " AGENT: whatever follows it goes to the agent."},
        mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class)
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "AGENT", converter = ConnectCommand.AgentConverter.class,
            completionCandidates = ConnectCommand.AgentIds.class,
            description = "claude-code, codex, gemini-cli or opencode.")
    Agent agent;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Passed to the agent as they are.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--key", paramLabel = "NAME", description = {"The access key (by name) the agent sends; only"
            + " needed when Switchboard listens beyond this computer (default: the first key)."})
    String keyName;

    @Override
    public Integer call() {
        var err = root.env.err();
        var args = new ArrayList<>(arguments);
        if (!args.isEmpty() && args.get(0).equals("--")) {
            args.remove(0); // `run codex -- --help`: the separator is ours, not the agent's
        }
        AgentRun run;
        try {
            var target = ConnectCommand.target(root, keyName);
            run = AgentRun.of(agent, target, args, root.env.variables(), System.getProperty("os.name", ""));
            AgentRun.notes(agent, ConnectCommand.locations(root.env), target).forEach(n -> err.println("note: " + n));
        } catch (ConnectException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return Main.FAILURE;
        }
        root.env.out().flush();
        err.flush();
        try (var ignored = Interrupts.leftToChild()) {
            var process = run.start();
            return process.waitFor();
        } catch (IOException e) {
            err.println("error: cannot start " + run.command().get(0) + ": " + e.getMessage());
            err.flush();
            return Main.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILURE;
        }
    }
}
