package dev.switchboard.usage;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to one client request, collected while it runs (on its own thread, so not synchronised) and
 * turned into a {@link UsageRecord} at the end.
 */
public final class RequestTrace {
    private final Clock clock;
    private final Instant startedAt;
    private final long startNanos;
    private final String clientProtocol;
    private final String requestedModel;
    private final boolean stream;
    private final List<UsageRecord.Attempt> attempts = new ArrayList<>();
    private Long firstByteNanos;
    private String chosenBy;

    public RequestTrace(Clock clock, String clientProtocol, String requestedModel, boolean stream) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
        this.clientProtocol = clientProtocol;
        this.requestedModel = requestedModel;
        this.stream = stream;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The first byte went to the client now. */
    public void firstByte() {
        if (firstByteNanos == null) {
            firstByteNanos = System.nanoTime();
        }
    }

    public Long ttfbMillis() {
        return firstByteNanos == null ? null : (firstByteNanos - startNanos) / 1_000_000;
    }

    /** What chose the request's candidates ({@code Resolution.chosenBy}), for the log. */
    public void chosenBy(String by) {
        this.chosenBy = by;
    }

    public void attempt(UsageRecord.Attempt attempt) {
        attempts.add(attempt);
    }

    public List<UsageRecord.Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public int attemptCount() {
        return attempts.size();
    }

    /** The record of this request, ending now. */
    public UsageRecord finish(Long entryId, String channelName, String upstreamModel, Integer status, LoggedOutcome outcome,
                              UsageRecord.Tokens tokens, String error) {
        return new UsageRecord(startedAt, clientProtocol, requestedModel, stream, entryId, channelName, upstreamModel,
                status, outcome, ttfbMillis(), elapsedMillis(), tokens, error, attempts, chosenBy);
    }

    public Clock clock() {
        return clock;
    }
}
