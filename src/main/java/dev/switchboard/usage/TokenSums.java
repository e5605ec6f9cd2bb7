package dev.switchboard.usage;

/** Token totals; what upstreams did not report counts as none. Input includes cached input (OpenAI's convention). */
public record TokenSums(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
    public static final TokenSums NONE = new TokenSums(0, 0, 0, 0, 0);

    public TokenSums plus(TokenSums o) {
        return new TokenSums(input + o.input, output + o.output, cacheRead + o.cacheRead, cacheWrite + o.cacheWrite,
                reasoning + o.reasoning);
    }
}
