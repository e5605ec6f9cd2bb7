package dev.switchboard.store;

import java.time.Instant;
import java.util.List;

/**
 * One client request as it is logged, with its attempts. Error texts must already be free of secrets.
 *
 * @param outcome  how it ended
 * @param chosenBy what chose the candidates: {@code rule:<name>}, {@code pinned:/g/<group>}, {@code tier:<tier>}
 *                 (routing's {@code Resolution.chosenBy}); null for a request refused before routing
 */
public record UsageRecord(
        Instant startedAt,
        String clientProtocol,
        String requestedModel,
        boolean stream,
        Long entryId,
        String channelName,
        String upstreamModel,
        Integer status,
        LoggedOutcome outcome,
        Long ttfbMs,
        Long totalMs,
        Tokens tokens,
        String error,
        List<Attempt> attempts,
        String chosenBy) {

    public UsageRecord {
        attempts = List.copyOf(attempts);
        tokens = tokens == null ? Tokens.NONE : tokens;
    }

    /** A request that was not routed, or whose routing is not known. */
    public UsageRecord(Instant startedAt, String clientProtocol, String requestedModel, boolean stream, Long entryId,
                       String channelName, String upstreamModel, Integer status, LoggedOutcome outcome, Long ttfbMs,
                       Long totalMs, Tokens tokens, String error, List<Attempt> attempts) {
        this(startedAt, clientProtocol, requestedModel, stream, entryId, channelName, upstreamModel, status, outcome,
                ttfbMs, totalMs, tokens, error, attempts, null);
    }

    /** This request with {@code attempts}: the log reads a request's row and its attempts' rows apart. */
    UsageRecord withAttempts(List<Attempt> attempts) {
        return new UsageRecord(startedAt, clientProtocol, requestedModel, stream, entryId, channelName, upstreamModel,
                status, outcome, ttfbMs, totalMs, tokens, error, attempts, chosenBy);
    }

    /** Token counts; null where the upstream did not say. Input includes cached tokens (OpenAI's convention). */
    public record Tokens(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {
        public static final Tokens NONE = new Tokens(null, null, null, null, null);
    }

    /** One try of one entry. */
    public record Attempt(
            Long entryId,
            String channelName,
            String upstreamModel,
            Integer keyIndex,
            Integer status,
            LoggedOutcome outcome,
            Long ttfbMs,
            Long totalMs,
            String error) {
    }
}
