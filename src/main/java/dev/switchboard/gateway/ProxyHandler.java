package dev.switchboard.gateway;

import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.routing.Failover.Step;
import dev.switchboard.routing.Failover.Verdict;
import dev.switchboard.routing.Failover;
import dev.switchboard.routing.KeyRing;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.Resolver;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Settings;
import dev.switchboard.upstream.Codecs;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.usage.RequestTrace;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One client protocol's generation endpoint (DESIGN §2–§4): parse the request, resolve its model to candidates,
 * fail over through them ({@link Failover}), and deliver the first answer ({@link Delivery}). Each try is one
 * {@link UpstreamAttempt}: an upstream of the client's own protocol gets the client's body with the upstream's
 * model ({@link Passthrough}); any other gets the request converted through the canonical model.
 *
 * <p>Streams are committed late: nothing reaches the client until an upstream's first meaningful event, so an
 * upstream that opens a stream and then errors, sends garbage or nothing fails over like any other failure. After
 * that first byte there is no failover. A client that hangs up stops the upstream call at once, also while it
 * waits for the first byte ({@link ClientHangups}), and no other candidate is tried for it.
 */
final class ProxyHandler {
    /** Larger request bodies are refused with 413: a chat request with several large images stays well below. */
    static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    private final GatewayContext ctx;
    private final KeyRing keys;
    private final ClientHangups hangups;
    private final ClientProtocol protocol;
    /** The bodies refused below, before any upstream sees them, go to the request log too. */
    private final Refusals refusals;
    /** The classifier of the settings last seen: the same settings object (until a change) classifies alike. */
    private final Classifiers classifiers;

    ProxyHandler(GatewayContext ctx, KeyRing keys, ClientHangups hangups, ClientProtocol protocol) {
        this.ctx = ctx;
        this.keys = keys;
        this.hangups = hangups;
        this.classifiers = new Classifiers(ctx.clock());
        this.protocol = protocol;
        this.refusals = Refusals.of(ctx);
    }

    /** @param pinned the group a {@code /g/<group>/} path pins, or null */
    void handle(Request request, Response response, Callback callback, String pinned) {
        handle(request, response, callback, null, null, pinned);
    }

    /**
     * @param pathModel  the model named in the path (Gemini's {@code /v1beta/models/{model}:…}), or null
     * @param pathStream whether the path asked for a stream, or null when the body says
     * @param pinned     the group a {@code /g/<group>/} path pins, or null
     */
    void handle(Request request, Response response, Callback callback, String pathModel, Boolean pathStream,
                String pinned) {
        var exchange = new ClientExchange(request, response, callback, protocol);
        byte[] body;
        try {
            body = RequestBodies.read(request, MAX_REQUEST_BYTES);
        } catch (RequestBodies.TooLarge e) {
            refuse(exchange, pathModel, new ApiError(413, "request_too_large",
                    RequestBodies.overLimit(MAX_REQUEST_BYTES), "request_too_large", null));
            return;
        } catch (IOException e) {
            refuse(exchange, pathModel, new ApiError(400, "invalid_request", "The request body could not be read: "
                    + e.getMessage(), "unreadable_body", null));
            return;
        }
        ClientRequest chat;
        try {
            chat = ClientRequest.parse(protocol.codec(), body, pathModel, pathStream, exchange.clientHeaders());
        } catch (ClientRequest.Invalid e) {
            refuse(exchange, e.model, new ApiError(400, "invalid_request", e.getMessage(), "invalid_request",
                    e.param));
            return;
        }
        var snapshot = ctx.health().overlay(ctx.live().current());
        var settings = snapshot.settings();
        var trace = new RequestTrace(ctx.clock(), protocol.id(), chat.model(), chat.stream());
        // Scene rules read the request as parsed above, and only as far as a rule asks (ClientTraits).
        var traits = new ClientTraits(protocol, chat.json(), chat.client());
        var resolution = Resolver.resolve(snapshot, chat.model(), traits, pinned, ctx.clock().instant());
        trace.chosenBy(resolution.chosenBy());
        if (resolution.candidates().isEmpty()) {
            var refusal = Unroutable.of(resolution);
            ctx.usage().record(trace.finish(null, null, null, refusal.error().status(), refusal.outcome(), null,
                    refusal.error().message()));
            exchange.error(refusal.error());
            return;
        }
        var failover = Failover.create(chat.model(), resolution, settings, keys, ctx.health());
        new Run(exchange, chat, failover, settings, trace).go();
    }

    /** A body refused before routing: answered, and in the request log as {@code invalid_request}. */
    private void refuse(ClientExchange exchange, String model, ApiError error) {
        var request = exchange.request();
        refusals.record(request, Request.getPathInContext(request), model, error.status(),
                LoggedOutcome.INVALID_REQUEST, error.code() + (error.param() == null ? "" : " (" + error.param() + ")")
                        + ": " + error.message());
        exchange.error(error);
    }

    /** One client request's tries, and what the client gets. */
    private final class Run {
        private final ClientExchange exchange;
        private final ClientRequest chat;
        private final Failover failover;
        private final Settings settings;
        private final RequestTrace trace;
        private final UpstreamAttempt attempts;
        private final Cancellation cancellation = new Cancellation();
        /** Built once, for the tries that pass the request through. */
        private Passthrough passthrough;

        Run(ClientExchange exchange, ClientRequest chat, Failover failover, Settings settings, RequestTrace trace) {
            this.exchange = exchange;
            this.chat = chat;
            this.failover = failover;
            this.settings = settings;
            this.trace = trace;
            this.attempts = new UpstreamAttempt(ctx.upstream(), classifiers.of(settings));
        }

        void go() {
            var request = exchange.request();
            // Jetty reports a failed write or a reset stream here; a hang-up while nothing is written is noticed
            // by the watch below.
            request.addFailureListener(cancellation::cancel);
            // Jetty fails a request whose connection was silent for the connector's idle timeout (30 s) even while
            // this handler waits, and a reasoning model may think for minutes before its first byte. The upstream
            // timeouts (first byte, idle) bound that wait instead; a pending write still times out as usual.
            request.addIdleTimeoutListener(t -> false);
            Verdict<Delivery.Answer> verdict;
            var watch = hangups.watch(request,
                    () -> cancellation.cancel(new EofException("the client closed the connection")));
            try {
                verdict = failover.run(this::attempt);
                if (verdict instanceof Verdict.Answered<Delivery.Answer> answered) {
                    new Delivery(exchange, chat, trace, ctx.usage(), failover, cancellation)
                            .deliver(answered.by(), answered.answer());
                    return;
                }
            } finally {
                watch.close(); // a finished exchange's connection is Jetty's again
            }
            if (verdict instanceof Verdict.Exhausted<Delivery.Answer> exhausted) {
                ctx.usage().record(trace.finish(null, null, null, exhausted.status(), LoggedOutcome.ALL_FAILED, null,
                        exhausted.message()));
                exchange.error(exhausted.rateLimited()
                        ? new ApiError(429, "rate_limit", exhausted.message(), "rate_limited", null)
                        : new ApiError(502, "upstream_error", exhausted.message(), "upstream_unavailable", null));
                return;
            }
            ctx.usage().record(trace.finish(null, null, null, null, LoggedOutcome.CANCELLED, null,
                    "the client went away before the answer"));
            exchange.abandon(cancellation.cause());
        }

        /** One try: the body for this upstream, sent, and read as far as the late commit. */
        private Step<Delivery.Answer> attempt(Failover.Try t) {
            if (cancellation.cancelled()) {
                return new Step.Cancelled<>();
            }
            long started = System.nanoTime();
            var channel = t.candidate().channel();
            var model = t.candidate().entry().model();
            var codec = Codecs.upstream(channel.type());
            // What this model takes beyond its protocol's standard form: OpenAI's reasoning models refuse
            // max_tokens and sampling, whichever path the request takes to them.
            var dialect = ctx.dialects().of(channel, model);
            byte[] body;
            var forwarded = Map.<String, String>of();
            String query = null;
            if (protocol.passesThroughTo(channel.type())) {
                passthrough = passthrough != null ? passthrough : chat.passthrough();
                body = passthrough.body(model, dialect);
                forwarded = passthrough.headers();
                query = passthrough.query();
            } else {
                try {
                    body = Mappers.EXACT.writeValueAsBytes(codec.encodeRequest(
                            chat.canonical().withModel(model), dialect));
                } catch (ProtocolException e) {
                    // Something the canonical model cannot carry: no upstream of another protocol can take it,
                    // and trying the next one would not change that.
                    var message = "This request cannot be converted for " + channel.type() + " upstreams: "
                            + e.getMessage();
                    trace.attempt(Delivery.attemptOf(t, started, 400, LoggedOutcome.CLIENT_ERROR, message, null));
                    return new Step.Answered<>(new Delivery.Own(new ApiError(400, "invalid_request", message,
                            "unsupported", e.param())), new Outcome.ClientError(400), null);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            var target = new UpstreamAttempt.Target(channel, model, t.keyIndex(), body, chat.stream(), forwarded,
                    query);
            var opening = attempts.open(UpstreamAttempt.request(target, settings, null), codec, chat.stream(),
                    cancellation::follow);
            var answer = new Delivery.FromUpstream(opening, started);
            if (opening instanceof UpstreamAttempt.Failed failed) {
                cancellation.release();
                if (cancellation.cancelled()) {
                    trace.attempt(Delivery.attemptOf(t, started, null, LoggedOutcome.CANCELLED, "the client went away", null));
                    return new Step.Cancelled<>();
                }
                var outcome = failed.outcome();
                trace.attempt(Delivery.attemptOf(t, started, failed.status() == 0 ? null : failed.status(),
                        outcome.logged(), outcome.reason(), null));
                return new Step.Failed<>(outcome, failed.status());
            }
            if (opening instanceof UpstreamAttempt.Refused refused) {
                cancellation.release();
                trace.firstByte();
                trace.attempt(Delivery.attemptOf(t, started, refused.status(), LoggedOutcome.CLIENT_ERROR, null, null));
                return new Step.Answered<>(answer, refused.outcome(), null);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (opening instanceof UpstreamAttempt.Whole whole) {
                cancellation.release();
                trace.firstByte();
                trace.attempt(Delivery.attemptOf(t, started, whole.status(), LoggedOutcome.SUCCESS, null, null));
            }
            // A stream's try is logged when its stream ends, which may still fail.
            return new Step.Answered<>(answer, new Outcome.Success(), ms);
        }
    }
}
