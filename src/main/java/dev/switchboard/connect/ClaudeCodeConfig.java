package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claude Code reads an {@code env} object from its user settings, {@code settings.json} in its config folder
 * ({@code $CLAUDE_CONFIG_DIR} or {@code ~/.claude}), and applies it to every session. The base URL has no
 * {@code /v1}: Claude Code adds {@code /v1/messages}. {@code ANTHROPIC_AUTH_TOKEN} travels as
 * {@code Authorization: Bearer}, which Switchboard accepts; {@code ANTHROPIC_MODEL} {@code auto} lets it choose.
 */
public final class ClaudeCodeConfig implements AgentConfig {
    @Override
    public Agent agent() {
        return Agent.CLAUDE_CODE;
    }

    @Override
    public List<Path> files(Locations where) {
        return List.of(where.claudeDir().resolve("settings.json"));
    }

    @Override
    public String edit(Path file, String before, Target target) {
        var json = JsonText.parse(file, AgentConfig.text(before));
        var env = json.object(file, "env");
        runEnvironment(target).forEach(env::put);
        return json.write();
    }

    @Override
    public List<String> runNotes(Locations where, Target target) {
        var file = where.claudeDir().resolve("settings.json");
        var set = JsonText.peek(file).path("env").path("ANTHROPIC_BASE_URL").asText("");
        return set.isEmpty() || set.equals(target.baseUrl()) ? List.of() : List.of(file + " sets ANTHROPIC_BASE_URL to " + set + " for every"
                + " session, which wins over this run's variables.");
    }

    @Override
    public Map<String, String> runEnvironment(Target target) {
        var env = new LinkedHashMap<String, String>();
        env.put("ANTHROPIC_BASE_URL", target.baseUrl());
        env.put("ANTHROPIC_AUTH_TOKEN", target.key());
        env.put("ANTHROPIC_MODEL", Target.MODEL);
        return env;
    }
}
