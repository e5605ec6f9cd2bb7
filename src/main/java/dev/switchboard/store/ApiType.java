package dev.switchboard.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An upstream's wire protocol (DESIGN §1). The id is what the database, CLI and admin API use. */
public enum ApiType {
    /** Chat Completions: OpenAI itself and every OpenAI-compatible relay. */
    OPENAI("openai"),
    /** The OpenAI Responses API. */
    RESPONSES("responses"),
    /** Anthropic Messages. */
    ANTHROPIC("anthropic"),
    /** Gemini's native generateContent. */
    GEMINI("gemini"),
    /** Azure OpenAI: deployments in the path, {@code api-key} header. */
    AZURE("azure");

    private final String id;

    ApiType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ApiType of(String id) {
        var wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (var t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        throw StoreException.invalid("Unknown API type '" + id + "'. Use one of: " + ids() + ".");
    }

    public static String ids() {
        return Arrays.stream(values()).map(ApiType::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
