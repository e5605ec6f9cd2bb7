package dev.switchboard.connect;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The coding agents whose own configuration {@link Connector} can point at this Switchboard. */
public enum Agent {
    CLAUDE_CODE("claude-code", "Claude Code", "claude"),
    CODEX("codex", "Codex CLI", "codex"),
    GEMINI_CLI("gemini-cli", "Gemini CLI", "gemini"),
    OPENCODE("opencode", "OpenCode", "opencode");

    private final String id;
    private final String displayName;
    private final String executable;

    Agent(String id, String displayName, String executable) {
        this.id = id;
        this.displayName = displayName;
        this.executable = executable;
    }

    /** What the command line calls it ({@code claude-code}); also the backup's file name. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The command that starts it, looked up on PATH by {@link AgentRun}. */
    public String executable() {
        return executable;
    }

    public static Optional<Agent> byId(String id) {
        var wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
