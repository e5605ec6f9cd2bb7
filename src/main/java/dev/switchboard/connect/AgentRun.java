package dev.switchboard.connect;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of an agent pointed at this Switchboard for that run only: its variables go into the child process's
 * environment and its extra arguments before the person's own; no file changes. {@code switchboard run} starts it
 * with the terminal's input and output and passes its exit code on.
 *
 * @param command     the executable (found on PATH) and every argument
 * @param environment the child's whole environment: the caller's, plus the agent's variables
 */
public record AgentRun(List<String> command, Map<String, String> environment) {
    public AgentRun {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /**
     * @param variables the environment the child starts from (PATH is searched in it)
     * @throws ConnectException when the agent's executable is not on PATH
     */
    public static AgentRun of(Agent agent, Target target, List<String> arguments, Map<String, String> variables,
                              String osName) {
        var config = AgentConfig.of(agent);
        var executable = find(agent.executable(), variables, osName).orElseThrow(() -> new ConnectException(
                agent.displayName() + " is not installed here: there is no `" + agent.executable() + "` on PATH."
                        + " Install it, or add its folder to PATH, and try again."));
        var command = new ArrayList<String>();
        command.add(executable.toString());
        command.addAll(config.runArguments(target));
        command.addAll(arguments);
        var env = new HashMap<>(variables);
        env.putAll(config.runEnvironment(target));
        return new AgentRun(command, env);
    }

    /** The first executable file called {@code name} (on Windows, with one of PATHEXT's endings) on PATH. */
    static Optional<Path> find(String name, Map<String, String> variables, String osName) {
        boolean windows = osName.toLowerCase(Locale.ROOT).contains("win");
        var path = variables.get("PATH");
        if (path == null && windows) {
            path = variables.get("Path"); // Windows' own spelling, where the map is case-sensitive
        }
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        var endings = new ArrayList<String>();
        if (windows) {
            var pathext = variables.getOrDefault("PATHEXT", ".COM;.EXE;.BAT;.CMD");
            for (var ext : pathext.split(";")) {
                if (!ext.isBlank()) {
                    endings.add(ext.strip().toLowerCase(Locale.ROOT));
                }
            }
        } else {
            endings.add("");
        }
        for (var dir : path.split(windows ? ";" : File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (var ending : endings) {
                Path candidate;
                try {
                    candidate = Path.of(dir.strip(), name + ending);
                } catch (RuntimeException e) {
                    continue; // a PATH entry that is no path
                }
                if (Files.isRegularFile(candidate) && (windows || Files.isExecutable(candidate))) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** What could keep this run's variables from taking effect (see {@link AgentConfig#runNotes}). */
    public static List<String> notes(Agent agent, Locations where, Target target) {
        return AgentConfig.of(agent).runNotes(where, target);
    }

    /** Starts it with this process's terminal; returns the process. */
    public Process start() throws java.io.IOException {
        var builder = new ProcessBuilder(command).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }
}
