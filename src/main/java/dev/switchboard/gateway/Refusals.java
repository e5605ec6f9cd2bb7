package dev.switchboard.gateway;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.usage.UsageRecorder;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * Puts the requests Switchboard refuses itself into the request log, like the ones it routes (issue 12: nothing
 * happens unseen): the access guard's refusals, bodies it cannot take, paths it does not serve, requests Jetty
 * could not read. Without this a client that is refused on every call (a wrong base URL, a body field Switchboard
 * rejects, a revoked key) leaves no trace the person can find.
 *
 * <p>Recording only queues a record ({@link UsageRecorder#record}: never blocks, drops and counts when full), so a
 * flood of refused requests costs the gateway no more than its answers do. What is recorded is bounded: a refused
 * request may carry anything in its path or model, and each queued record must stay small. The redaction below is
 * the one piece of work done on the request's thread: microseconds on a bounded text, and only for a refused
 * request (a served one passes nothing through here); doing it later would mean cutting before redacting.
 *
 * <p>No secret is recorded: the reasons are Switchboard's own words, which never quote a key the caller presented
 * (right or wrong), and are redacted anyway ({@link Redaction}), as is the model the caller named.
 */
final class Refusals {
    /** Longer models and reasons are cut: nothing a person reads in a log needs more. */
    static final int MODEL_LIMIT = 200;
    static final int REASON_LIMIT = 1000;

    private final UsageRecorder usage;
    private final Clock clock;

    Refusals(UsageRecorder usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    static Refusals of(GatewayContext ctx) {
        return new Refusals(ctx.usage(), ctx.clock());
    }

    /**
     * Records a refusal of {@code request}.
     *
     * @param target the path (or target as sent) whose protocol the request spoke ({@link ClientProtocol#forPath});
     *               never logged as such
     * @param model  the model the caller asked for, when known before the refusal; else null
     * @param reason why, in plain words, starting with the error code the client received
     */
    void record(Request request, String target, String model, int status, LoggedOutcome outcome, String reason) {
        long elapsedNanos = elapsedNanos(request);
        var startedAt = clock.instant().minusNanos(elapsedNanos);
        usage.record(new UsageRecord(startedAt, ClientProtocol.forPath(target).id(), bounded(model, MODEL_LIMIT),
                false, null, null, null, status, outcome, null, elapsedNanos / 1_000_000, null,
                bounded(reason, REASON_LIMIT), List.of()));
    }

    /** Since Jetty began the request (its first byte); 0 for one that Jetty could not even begin. */
    private static long elapsedNanos(Request request) {
        long begin = request == null ? 0 : request.getBeginNanoTime();
        long elapsed = System.nanoTime() - begin;
        return begin == 0 || elapsed < 0 ? 0 : elapsed;
    }

    private static String bounded(String text, int limit) {
        if (text == null) {
            return null;
        }
        // Redact, then cut: a key cut in two may no longer look like one. The first cut, far beyond what is kept,
        // only spares the redaction a body-sized model name; masking never lengthens a text, so what is kept was
        // redacted whole.
        var head = text.length() <= 4 * limit ? text : text.substring(0, 4 * limit);
        var redacted = Redaction.redact(head);
        return redacted.length() <= limit ? redacted : redacted.substring(0, limit - 1) + "…";
    }
}
