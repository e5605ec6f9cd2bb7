package dev.switchboard.gateway;

import dev.switchboard.routing.Failover;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.upstream.UpstreamCall;
import dev.switchboard.usage.RequestTrace;
import dev.switchboard.usage.UsageRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.io.EofException;

/**
 * Gives the client the answer of the {@link Surface} try that answered, as the upstream sent it (status, content
 * type, bytes), and records how it went through the same request trace and usage log as generation
 * ({@link Delivery}): the outcome reaches the entry's health and the log before the client gets its last bytes.
 * A flowing answer (audio, an event stream) is written and flushed chunk by chunk as it arrives; one that breaks
 * off is cut off for the client too, without an end, and its entry cools down ({@link Failover#brokeOff}).
 */
final class SurfaceDelivery {
    private static final System.Logger LOG = System.getLogger(SurfaceDelivery.class.getName());

    /** What the try that answered gives the client. */
    sealed interface Answer {
    }

    /** The upstream refused the request itself: the client gets its answer. */
    record Refusal(UpstreamAttempt.Refused refused) implements Answer {
    }

    /** A JSON answer, read whole. */
    record Whole(int status, String contentType, byte[] body, UsageRecord.Tokens tokens) implements Answer {
    }

    /**
     * An answer past its late commit, passed on as it arrives: what was read so far ({@code held}) and the rest,
     * from a call the delivery closes.
     */
    record Flowing(int status, String contentType, UpstreamCall call, List<Chunk> held, Chunks rest,
                   long startedNanos) implements Answer {
    }

    /** Bytes as they came; for an event stream, one event and its data (null for a comment or for raw bytes). */
    record Chunk(byte[] raw, String data) {
    }

    /** The next chunk of a flowing answer, or null at its proper end. */
    @FunctionalInterface
    interface Chunks {
        Chunk next() throws IOException;
    }

    private final ClientExchange exchange;
    private final RequestTrace trace;
    private final UsageRecorder usage;
    private final Failover failover;
    private final Cancellation cancellation;

    SurfaceDelivery(ClientExchange exchange, RequestTrace trace, UsageRecorder usage, Failover failover,
                    Cancellation cancellation) {
        this.exchange = exchange;
        this.trace = trace;
        this.usage = usage;
        this.failover = failover;
        this.cancellation = cancellation;
    }

    void deliver(Failover.Try by, Answer answer) {
        if (answer instanceof Refusal refusal) {
            // As the upstream wrote it; an upstream may echo the key it was sent.
            var refused = refusal.refused();
            var text = refused.body() == null ? "" : Redaction.redact(refused.body());
            finish(by, refused.status(), LoggedOutcome.CLIENT_ERROR, null, Delivery.cut(text));
            exchange.whole(refused.status(), refused.contentType(), text.getBytes(StandardCharsets.UTF_8));
        } else if (answer instanceof Whole whole) {
            finish(by, whole.status(), LoggedOutcome.SUCCESS, whole.tokens(), null);
            exchange.whole(whole.status(), whole.contentType(), whole.body());
        } else {
            flow(by, (Flowing) answer);
        }
    }

    /** Passes a flowing answer on as it arrives; the outcome is recorded before the client gets its end. */
    private void flow(Failover.Try by, Flowing answer) {
        var call = answer.call();
        var tap = new SurfaceJson.UsageTap();
        String broken = null;
        Long firstByteMs = null;
        try {
            exchange.commit(answer.status(), answer.contentType());
            for (var chunk : answer.held()) {
                exchange.write(chunk.raw());
                tap.tap(chunk.data());
            }
            trace.firstByte();
            firstByteMs = msSince(answer.startedNanos());
            while (true) {
                Chunk chunk;
                try {
                    chunk = answer.rest().next();
                } catch (IOException e) {
                    if (cancellation.cancelled()) {
                        throw e; // aborted because the client left: a cancellation, below
                    }
                    broken = "the upstream's answer broke off before it was complete: "
                            + Delivery.cut(Redaction.redact(call.describe(e)));
                    break;
                }
                if (chunk == null) {
                    break;
                }
                tap.tap(chunk.data());
                exchange.write(chunk.raw());
            }
        } catch (IOException e) {
            // The client went away: a failed write, or its hang-up aborted the upstream read.
            var why = cancellation.cause() == null ? e : cancellation.cause();
            cancellation.cancel(why);
            var message = "the client went away mid-answer";
            trace.attempt(Delivery.attemptOf(by, answer.startedNanos(), answer.status(), LoggedOutcome.CANCELLED,
                    message, firstByteMs));
            finish(by, answer.status(), LoggedOutcome.CANCELLED, tap.tokens(), message);
            exchange.abandon(why);
            return;
        } finally {
            call.close();
            cancellation.release();
        }
        if (broken != null) {
            failover.brokeOff(by, broken);
            LOG.log(System.Logger.Level.WARNING, by.candidate().entry().ref() + ": " + broken);
            trace.attempt(Delivery.attemptOf(by, answer.startedNanos(), answer.status(), LoggedOutcome.TRANSIENT,
                    broken, firstByteMs));
            finish(by, answer.status(), LoggedOutcome.FAILED_MID_STREAM, tap.tokens(), broken);
            exchange.abandon(new EofException(broken));
            return;
        }
        trace.attempt(Delivery.attemptOf(by, answer.startedNanos(), answer.status(), LoggedOutcome.SUCCESS, null,
                firstByteMs));
        finish(by, answer.status(), LoggedOutcome.SUCCESS, tap.tokens(), null);
        exchange.end();
    }

    private void finish(Failover.Try by, int status, LoggedOutcome outcome, UsageRecord.Tokens tokens,
                        String error) {
        var e = by.candidate().entry();
        usage.record(trace.finish(e.id(), e.channelName(), e.model(), status, outcome, tokens, error));
    }

    private static long msSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
