package dev.switchboard.connect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codex reads {@code config.toml} in {@code $CODEX_HOME} (default {@code ~/.codex}): a provider under
 * {@code [model_providers.<id>]} with {@code base_url} (with {@code /v1}; Codex adds {@code /responses}) and
 * {@code wire_api = "responses"} (the only value recent versions accept), chosen by the root key
 * {@code model_provider}; {@code model} names the model. The key goes in the provider's
 * {@code experimental_bearer_token}, so the file works on its own, without a variable set in every terminal; an
 * {@code env_key} there is removed, since Codex fails when the variable it names is missing. For one run, the same
 * provider is given with {@code -c} overrides and its key in a variable of the child only (never on the command
 * line, where other users' {@code ps} would see it).
 */
public final class CodexConfig implements AgentConfig {
    static final String PROVIDER = "switchboard";
    static final String TABLE = "model_providers." + PROVIDER;
    static final String KEY_VARIABLE = "SWITCHBOARD_API_KEY";

    @Override
    public Agent agent() {
        return Agent.CODEX;
    }

    @Override
    public List<Path> files(Locations where) {
        return List.of(where.codexHome().resolve("config.toml"));
    }

    @Override
    public String edit(Path file, String before, Target target) {
        var toml = new TomlText(file, AgentConfig.text(before));
        toml.requireOnlyAsTable(TABLE);
        toml.setRoot("model_provider", PROVIDER);
        toml.setRoot("model", Target.MODEL);
        toml.setInTable(TABLE, "name", "Switchboard");
        toml.setInTable(TABLE, "base_url", target.openAiBase());
        toml.setInTable(TABLE, "wire_api", "responses");
        toml.removeInTable(TABLE, "env_key");
        toml.setInTable(TABLE, "experimental_bearer_token", target.key());
        return toml.text();
    }

    @Override
    public Map<String, String> runEnvironment(Target target) {
        return Map.of(KEY_VARIABLE, target.key());
    }

    @Override
    public List<String> runArguments(Target target) {
        var provider = new LinkedHashMap<String, String>();
        provider.put("name", "Switchboard");
        provider.put("base_url", target.openAiBase());
        provider.put("wire_api", "responses");
        provider.put("env_key", KEY_VARIABLE);
        var inline = new StringBuilder("{ ");
        provider.forEach((k, v) -> inline.append(inline.length() > 2 ? ", " : "").append(k).append(" = ")
                .append(TomlText.quote(v)));
        inline.append(" }");
        return List.of("-c", "model_provider=" + TomlText.quote(PROVIDER),
                "-c", "model=" + TomlText.quote(Target.MODEL),
                "-c", TABLE + "=" + inline);
    }
}
