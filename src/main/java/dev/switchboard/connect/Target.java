package dev.switchboard.connect;

/**
 * Where an agent reaches this Switchboard and what it sends as its key.
 *
 * @param baseUrl the bare base, e.g. {@code http://127.0.0.1:9090} (Anthropic and Gemini clients add their own path)
 * @param key     what the agent sends: any value on loopback, where Switchboard asks none, else an access key
 */
public record Target(String baseUrl, String key) {
    /** What a client sends on loopback: Switchboard asks no key there, but every agent insists on having one. */
    public static final String LOOPBACK_KEY = "switchboard";
    /** The model name that lets Switchboard choose: the {@code auto} group (DESIGN §2). */
    public static final String MODEL = "auto";

    public Target {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("the gateway's address is missing");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the key is missing");
        }
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** OpenAI-style clients (Codex, OpenCode) add {@code /responses} or {@code /chat/completions} to this. */
    public String openAiBase() {
        return baseUrl + "/v1";
    }

    /** Whether the key is a secret (an access key) that must not be printed. */
    public boolean secretKey() {
        return !key.equals(LOOPBACK_KEY);
    }

    /** The key as it may be shown: an access key by its first characters only. */
    public String shownKey() {
        if (!secretKey()) {
            return key;
        }
        return (key.length() > 8 ? key.substring(0, 4) : "") + "****";
    }

    /**
     * As the gateway computes its own address: a wildcard bind is reached on this computer through 127.0.0.1,
     * an IPv6 literal goes in brackets.
     */
    public static String baseUrl(String bind, int port) {
        var host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("0:0:0:0:0:0:0:0") ? "127.0.0.1"
                : bind;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "Target[" + baseUrl + ", key " + shownKey() + "]";
    }
}
