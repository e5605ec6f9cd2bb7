package dev.switchboard.gateway;

import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.Usage;
import dev.switchboard.routing.Failover;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.upstream.Codecs;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.upstream.UpstreamAttempt.Event;
import dev.switchboard.upstream.UpstreamAttempt.Streaming;
import dev.switchboard.usage.RequestTrace;
import dev.switchboard.usage.UsageRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Gives the client the answer of the try that answered, through the {@link Relay} for its pair of protocols, and
 * records how it went (DESIGN §3):
 * <ul>
 *   <li>a stream is relayed event by event as it arrives, and is complete only when its protocol's end arrives
 *       ({@link dev.switchboard.protocol.StreamDecoder#reachedEnd}); one that stops without it, breaks off, goes
 *       quiet past the idle timeout or reports an error ends the client's stream with an error in the client's
 *       protocol, never a made-up finish, and its entry cools down ({@link Failover#brokeOff});</li>
 *   <li>the outcome reaches the entry's health and the request log before the client gets its last bytes (a
 *       stream's terminal events, the end of a body), so that a client that asks again at once finds both up to
 *       date;</li>
 *   <li>a client that goes away mid-stream stops the upstream call, and the request is logged as cancelled.</li>
 * </ul>
 */
final class Delivery {
    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    /** What the try that answered gives the client. */
    sealed interface Answer {
    }

    /** The upstream's answer, from a try started at {@code startedNanos}. */
    record FromUpstream(UpstreamAttempt.Opening opening, long startedNanos) implements Answer {
    }

    /** Switchboard's own refusal of the request for this upstream (it cannot be converted for it). */
    record Own(ApiError error) implements Answer {
    }

    private final ClientExchange exchange;
    private final ClientRequest chat;
    private final RequestTrace trace;
    private final UsageRecorder usage;
    private final Failover failover;
    private final Cancellation cancellation;

    Delivery(ClientExchange exchange, ClientRequest chat, RequestTrace trace, UsageRecorder usage, Failover failover,
             Cancellation cancellation) {
        this.exchange = exchange;
        this.chat = chat;
        this.trace = trace;
        this.usage = usage;
        this.failover = failover;
        this.cancellation = cancellation;
    }

    void deliver(Failover.Try by, Answer answer) {
        if (answer instanceof Own own) {
            finish(by, own.error().status(), LoggedOutcome.CLIENT_ERROR, null, own.error().message());
            exchange.error(own.error());
            return;
        }
        var upstream = (FromUpstream) answer;
        var relay = relayFor(by.candidate().channel().type());
        if (upstream.opening() instanceof UpstreamAttempt.Refused refused) {
            finish(by, refused.status(), LoggedOutcome.CLIENT_ERROR, null,
                    refused.body() == null ? null : cut(Redaction.redact(refused.body())));
            relay.refused(refused);
        } else if (upstream.opening() instanceof UpstreamAttempt.Whole whole) {
            finish(by, whole.status(), LoggedOutcome.SUCCESS, tokensOf(whole.decoded().usage()), null);
            if (chat.stream()) {
                madeUpStream(whole, by.candidate().channel().type());
            } else {
                exchange.whole(200, "application/json", relay.whole(whole));
            }
        } else {
            stream(by, (Streaming) upstream.opening(), relay, upstream.startedNanos());
        }
    }

    private Relay relayFor(ApiType type) {
        return exchange.protocol().passesThroughTo(type) ? new PassthroughRelay(exchange, chat.passthrough())
                : new ConversionRelay(exchange, chat, Codecs.upstream(type));
    }

    /** A stream asked for, plain JSON answered: the client still gets the stream it asked for. */
    private void madeUpStream(UpstreamAttempt.Whole whole, ApiType type) {
        exchange.commitStream();
        var relay = new ConversionRelay(exchange, chat, Codecs.upstream(type));
        try {
            for (var e : Streams.fromResponse(whole.decoded())) {
                relay.emit(e);
            }
            relay.complete();
            exchange.end();
        } catch (IOException e) {
            exchange.abandon(e);
        }
    }

    private void stream(Failover.Try by, Streaming s, Relay relay, long started) {
        var call = s.call();
        var decoder = s.decoder();
        String broken = null;
        byte[] upstreamError = null;
        long firstByteMs;
        try {
            exchange.commitStream();
            for (var held : s.held()) {
                relay.event(held, false);
            }
            trace.firstByte();
            firstByteMs = msSince(started);
            while (true) {
                SseEvent event;
                try {
                    event = s.reader().next();
                } catch (IOException e) {
                    if (cancellation.cancelled()) {
                        throw e; // aborted because the client left: a cancellation, below
                    }
                    if (!decoder.reachedEnd()) {
                        broken = "the upstream's stream broke off before the answer was complete: "
                                + cut(Redaction.redact(call.describe(e)));
                    }
                    break;
                }
                if (event == null) {
                    if (!decoder.reachedEnd()) {
                        // DESIGN §3: only the protocol's end makes a stream complete. Without it the answer was cut
                        // short, and a made-up finish would pass half an answer off as a whole one.
                        broken = "the upstream's stream stopped before the answer was complete (no "
                                + endOf(by.candidate().channel().type()) + " came); the answer is incomplete";
                    }
                    break;
                }
                if (decoder.finished()) {
                    // Read to the end so the connection is reused. Only usage may follow the terminal event:
                    // Gemini sends its final usageMetadata in a chunk of its own after the finishReason.
                    afterEnd(relay, decoder, event);
                    continue;
                }
                List<StreamEvent> events;
                try {
                    events = decoder.decode(event);
                } catch (IOException e) {
                    broken = "the upstream sent a malformed event";
                    break;
                }
                var error = Streams.firstError(events);
                if (error != null) {
                    broken = "the upstream reported an error mid-stream: " + cut(Redaction.redact(error.message()));
                    upstreamError = utf8(Redaction.redact(new String(event.raw(), StandardCharsets.UTF_8)));
                    break;
                }
                relay.event(new Event(event, events), decoder.finished());
            }
        } catch (IOException e) {
            // The client went away mid-stream: a failed write, or its hang-up aborted the upstream read.
            var why = cancellation.cause() == null ? e : cancellation.cause();
            cancellation.cancel(why);
            tried(by, started, 200, LoggedOutcome.CANCELLED, "the client went away mid-stream", null);
            finish(by, 200, LoggedOutcome.CANCELLED, tokensOf(relay.usage()), "the client went away mid-stream");
            exchange.abandon(why);
            return;
        } finally {
            call.close();
            cancellation.release();
        }
        var tokens = tokensOf(relay.usage());
        if (broken != null) {
            failover.brokeOff(by, broken);
            LOG.log(System.Logger.Level.WARNING, by.candidate().entry().ref() + ": " + broken);
            tried(by, started, 200, LoggedOutcome.TRANSIENT, broken, firstByteMs);
            finish(by, 200, LoggedOutcome.FAILED_MID_STREAM, tokens, broken);
        } else {
            tried(by, started, 200, LoggedOutcome.SUCCESS, null, firstByteMs);
            finish(by, 200, LoggedOutcome.SUCCESS, tokens, null);
        }
        // The outcome is recorded: now the last bytes.
        try {
            if (upstreamError != null) {
                relay.upstreamError(upstreamError, broken);
            } else if (broken != null) {
                relay.fail(broken);
            } else {
                relay.complete();
            }
            exchange.end();
        } catch (IOException e) {
            exchange.abandon(e);
        }
    }

    /** An event after the upstream's terminal one: its usage reaches the client; anything else is dropped. */
    private static void afterEnd(Relay relay, dev.switchboard.protocol.StreamDecoder decoder, SseEvent event)
            throws IOException {
        List<StreamEvent> usage;
        try {
            usage = decoder.decode(event).stream().filter(StreamEvent.Usage.class::isInstance).toList();
        } catch (IOException e) {
            return; // what follows the end cannot spoil an answer already given
        }
        if (!usage.isEmpty()) {
            relay.afterEnd(event, usage);
        }
    }

    private void finish(Failover.Try by, int status, LoggedOutcome outcome, UsageRecord.Tokens tokens, String error) {
        var e = by.candidate().entry();
        usage.record(trace.finish(e.id(), e.channelName(), e.model(), status, outcome, tokens, error));
    }

    private void tried(Failover.Try by, long started, Integer status, LoggedOutcome outcome, String error, Long firstByteMs) {
        trace.attempt(attemptOf(by, started, status, outcome, error, firstByteMs));
    }

    /** One try as the attempt log keeps it; the error redacted and cut. */
    static UsageRecord.Attempt attemptOf(Failover.Try t, long startedNanos, Integer status, LoggedOutcome outcome,
                                         String error, Long firstByteMs) {
        var e = t.candidate().entry();
        return new UsageRecord.Attempt(e.id(), e.channelName(), e.model(), t.keyIndex(), status, outcome,
                firstByteMs, msSince(startedNanos), error == null ? null : cut(Redaction.redact(error)));
    }

    /** What ends a complete stream of this API type, for a person reading why one was cut. */
    private static String endOf(ApiType type) {
        return switch (type) {
            case ANTHROPIC -> "message_stop";
            case RESPONSES -> "response.completed";
            case GEMINI -> "finishReason";
            case OPENAI, AZURE -> "finish_reason";
        };
    }

    static UsageRecord.Tokens tokensOf(Usage u) {
        if (u == null) {
            return UsageRecord.Tokens.NONE;
        }
        return new UsageRecord.Tokens(u.input(), u.output(), u.cacheRead(), u.cacheWrite(), u.reasoning());
    }

    static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static long msSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
