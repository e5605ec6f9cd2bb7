package dev.switchboard.protocol;

/**
 * Token counts in one convention: {@code input} INCLUDES cached tokens (OpenAI's {@code prompt_tokens});
 * Anthropic's {@code input_tokens} excludes them, so its codec adds {@code cache_read_input_tokens} and
 * {@code cache_creation_input_tokens} when decoding and subtracts them when encoding. Null where unknown.
 *
 * @param reasoning reasoning tokens, included in {@code output} (as OpenAI and Gemini report them)
 */
public record Usage(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {
    public static final Usage NONE = new Usage(null, null, null, null, null);

    /** Fields of {@code later} that are known replace those here: streams report usage piecemeal. */
    public Usage merge(Usage later) {
        if (later == null) {
            return this;
        }
        return new Usage(pick(later.input, input), pick(later.output, output), pick(later.cacheRead, cacheRead),
                pick(later.cacheWrite, cacheWrite), pick(later.reasoning, reasoning));
    }

    /** Input tokens that were neither read from nor written to the cache (Anthropic's {@code input_tokens}). */
    public Long uncachedInput() {
        if (input == null) {
            return null;
        }
        long cached = (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
        return Math.max(0, input - cached);
    }

    private static Long pick(Long a, Long b) {
        return a != null ? a : b;
    }
}
