package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini CLI (checked against 0.61) takes its endpoint from {@code GOOGLE_GEMINI_BASE_URL} (no {@code /v1beta}: it
 * adds that) and its key from {@code GEMINI_API_KEY}, both of which it also loads from {@code ~/.gemini/.env}
 * (never over a variable already set). Its user settings, {@code ~/.gemini/settings.json}, say how it signs in:
 * {@code security.auth.selectedType} wins over the variables, so a person who signed in with Google would bypass
 * Switchboard; it is set to {@code gemini-api-key}, the sign-in that uses the base URL and key above. Gemini CLI
 * reads {@code ~/.gemini/.env} only in folders it trusts; {@code switchboard run gemini-cli} works in any folder.
 * No model is set: Gemini CLI replaces its own aliases before sending, and names it has no model for go through
 * {@code auto} (the {@code fallback-to-auto} setting).
 */
public final class GeminiCliConfig implements AgentConfig {
    static final String AUTH_TYPE = "gemini-api-key";

    @Override
    public Agent agent() {
        return Agent.GEMINI_CLI;
    }

    @Override
    public List<Path> files(Locations where) {
        return List.of(where.geminiDir().resolve(".env"), where.geminiDir().resolve("settings.json"));
    }

    @Override
    public String edit(Path file, String before, Target target) {
        if (file.getFileName().toString().equals(".env")) {
            var env = new DotEnvText(AgentConfig.text(before));
            runEnvironment(target).forEach(env::set);
            return env.text();
        }
        var json = JsonText.parse(file, AgentConfig.text(before));
        json.object(file, "security", "auth").put("selectedType", AUTH_TYPE);
        return json.write();
    }

    @Override
    public List<String> runNotes(Locations where, Target target) {
        var file = where.geminiDir().resolve("settings.json");
        var selected = JsonText.peek(file).path("security").path("auth").path("selectedType").asText("");
        if (selected.isEmpty() || selected.equals(AUTH_TYPE)) {
            return List.of();
        }
        return List.of(file + " selects the sign-in '" + selected + "', which wins over these variables: Gemini CLI"
                + " will not use Switchboard. `switchboard connect gemini-cli` selects the API key sign-in.");
    }

    @Override
    public Map<String, String> runEnvironment(Target target) {
        var env = new LinkedHashMap<String, String>();
        env.put("GOOGLE_GEMINI_BASE_URL", target.baseUrl());
        env.put("GEMINI_API_KEY", target.key());
        return env;
    }
}
