package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What pointing one agent at Switchboard means in that agent's own configuration: which of its files, what goes
 * in them, and, for {@code switchboard run}, which variables or arguments do the same for one run without files.
 * Each implementation says which of the agent's sources or documents its format follows.
 */
public sealed interface AgentConfig permits ClaudeCodeConfig, CodexConfig, GeminiCliConfig, OpenCodeConfig {
    Agent agent();

    /** The files changed, in order. */
    List<Path> files(Locations where);

    /**
     * The file's new text.
     *
     * @param before its text now, or null when it does not exist
     * @throws ConnectException when the file cannot be changed without losing something of the person's
     */
    String edit(Path file, String before, Target target);

    /** Variables for one run of the agent ({@code switchboard run}); the child process gets them, no file does. */
    Map<String, String> runEnvironment(Target target);

    /** Arguments put before the person's own for one run. */
    default List<String> runArguments(Target target) {
        return List.of();
    }

    /**
     * What could keep a run's variables from taking effect, found in the agent's files (a setting that wins
     * over them); said before the run, never changed.
     */
    default List<String> runNotes(Locations where, Target target) {
        return List.of();
    }

    static AgentConfig of(Agent agent) {
        return switch (agent) {
            case CLAUDE_CODE -> new ClaudeCodeConfig();
            case CODEX -> new CodexConfig();
            case GEMINI_CLI -> new GeminiCliConfig();
            case OPENCODE -> new OpenCodeConfig();
        };
    }

    static String text(String before) {
        return before == null ? "" : before;
    }
}
