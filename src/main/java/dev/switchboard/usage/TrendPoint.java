package dev.switchboard.usage;

import java.time.Instant;

/** One bucket of the trend, {@code [start, end)}. Tokens are input and output of the bucket's requests. */
public record TrendPoint(Instant start, Instant end, long requests, long failures, long inputTokens,
                         long outputTokens) {
    public long successes() {
        return requests - failures;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }
}
