package dev.switchboard.connect;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenCode merges {@code config.json}, {@code opencode.json} and {@code opencode.jsonc} from its config folder
 * ({@code $XDG_CONFIG_HOME/opencode}, else {@code ~/.config/opencode}); {@code opencode.json} is the one it makes
 * itself. A custom provider is an entry under {@code provider} with {@code npm} {@code @ai-sdk/openai-compatible}
 * (Chat Completions), {@code options.baseURL} (with {@code /v1}) and {@code options.apiKey}, and the models it
 * offers under {@code models}; the root {@code model} ({@code provider/model}) makes it the default. For one run,
 * the same goes in {@code OPENCODE_CONFIG_CONTENT}, which OpenCode merges over its files.
 */
public final class OpenCodeConfig implements AgentConfig {
    static final String PROVIDER = "switchboard";
    static final String SCHEMA = "https://opencode.ai/config.json";

    @Override
    public Agent agent() {
        return Agent.OPENCODE;
    }

    @Override
    public List<Path> files(Locations where) {
        return List.of(where.openCodeDir().resolve("opencode.json"));
    }

    @Override
    public String edit(Path file, String before, Target target) {
        var json = JsonText.parse(file, AgentConfig.text(before));
        if (json.root().isEmpty()) {
            json.root().put("$schema", SCHEMA); // as OpenCode starts the file itself
        }
        fill(json.object(file, "provider", PROVIDER), target);
        json.root().put("model", PROVIDER + "/" + Target.MODEL);
        return json.write();
    }

    /** Sets Switchboard's fields in the entry; anything else the person put there stays. */
    private static void fill(ObjectNode entry, Target target) {
        entry.put("npm", "@ai-sdk/openai-compatible");
        entry.put("name", "Switchboard");
        var options = entry.get("options") instanceof ObjectNode o ? o : entry.putObject("options");
        options.put("baseURL", target.openAiBase());
        options.put("apiKey", target.key());
        var models = entry.get("models") instanceof ObjectNode m ? m : entry.putObject("models");
        if (!(models.get(Target.MODEL) instanceof ObjectNode)) {
            models.putObject(Target.MODEL).put("name", "auto (Switchboard chooses)");
        }
    }

    @Override
    public Map<String, String> runEnvironment(Target target) {
        var root = JsonMapper.builder().build().createObjectNode();
        var provider = root.putObject("provider").putObject(PROVIDER);
        fill(provider, target);
        root.put("model", PROVIDER + "/" + Target.MODEL);
        return Map.of("OPENCODE_CONFIG_CONTENT", root.toString());
    }
}
