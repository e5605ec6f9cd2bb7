package dev.switchboard.protocol;

/**
 * Which form of its protocol an upstream model takes, where models of one protocol differ in what they refuse:
 * what an upstream codec is told about the model beyond its name. The gateway's attempt decides it per entry
 * ({@code upstream.Dialects}: the model catalog and the channel's options); a codec whose requests are the same
 * for every model ignores it.
 */
public enum ModelDialect {
    /** The protocol as its reference documents it: what every relay and local server takes. */
    STANDARD,
    /**
     * An OpenAI reasoning model (o-series, GPT-5 family, their Azure deployments and relays of them): Chat
     * Completions takes {@code max_completion_tokens} and {@code reasoning_effort}, and refuses {@code max_tokens},
     * {@code temperature}, {@code top_p} and {@code stop}.
     */
    OPENAI_REASONING
}
