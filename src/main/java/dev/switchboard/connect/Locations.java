package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where each agent keeps its configuration, for one home folder and environment: passed in, so tests work in a
 * temporary home and never touch the real one. Each agent's own override is honoured the way the agent reads it.
 *
 * @param home      the user's home folder ({@code os.homedir()} of the Node agents: {@code HOME}, else the profile)
 * @param variables the environment ({@code CODEX_HOME}, {@code CLAUDE_CONFIG_DIR}, {@code XDG_CONFIG_HOME})
 */
public record Locations(Path home, Map<String, String> variables) {
    public Locations {
        home = home.toAbsolutePath().normalize();
        variables = Map.copyOf(variables);
    }

    /**
     * The home folder as the agents see it: {@code HOME} (Node's {@code os.homedir()} reads it first on every
     * system), else {@code USERPROFILE} (Windows), else {@code fallback} (Java's {@code user.home}).
     */
    public static Locations of(Map<String, String> variables, Path fallback) {
        var home = nonBlank(variables.get("HOME"));
        if (home == null) {
            home = nonBlank(variables.get("USERPROFILE"));
        }
        return new Locations(home != null ? Path.of(home) : fallback, variables);
    }

    /** Claude Code: {@code $CLAUDE_CONFIG_DIR}, else {@code ~/.claude}. */
    public Path claudeDir() {
        return dirOr("CLAUDE_CONFIG_DIR", home.resolve(".claude"));
    }

    /** Codex: {@code $CODEX_HOME}, else {@code ~/.codex}. */
    public Path codexHome() {
        return dirOr("CODEX_HOME", home.resolve(".codex"));
    }

    /** Gemini CLI: always {@code ~/.gemini} (it reads no variable for its user folder). */
    public Path geminiDir() {
        return home.resolve(".gemini");
    }

    /** OpenCode: {@code $XDG_CONFIG_HOME/opencode}, else {@code ~/.config/opencode}, on every system (xdg-basedir). */
    public Path openCodeDir() {
        return dirOr("XDG_CONFIG_HOME", home.resolve(".config")).resolve("opencode");
    }

    private Path dirOr(String variable, Path fallback) {
        var value = nonBlank(variables.get(variable));
        return value != null ? home.resolve(value).toAbsolutePath().normalize() : fallback;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
