package dev.switchboard.gateway;

import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.routing.Candidate;
import dev.switchboard.routing.Failover;
import dev.switchboard.routing.Failover.Step;
import dev.switchboard.routing.Failover.Verdict;
import dev.switchboard.routing.KeyRing;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.routing.Resolution;
import dev.switchboard.routing.Resolver;
import dev.switchboard.routing.UpstreamResult;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Settings;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.upstream.UpstreamCall;
import dev.switchboard.usage.RequestTrace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The OpenAI endpoints besides generation ({@link Surface}: embeddings, legacy completions, moderations, images,
 * audio, Codex's compaction). They are routed by their {@code model} as generation is (DESIGN §2) and tried through
 * the same failover, key rotation, health and request log (§3), but passed through as opaque bytes: the body goes
 * upstream as the client sent it but for the model ({@link SurfaceBody}), with the client's content type, and the
 * answer comes back as the upstream sent it, with its status and content type: JSON, base64 images, audio bytes,
 * or a stream, forwarded as it arrives.
 *
 * <p>Decided here, where DESIGN speaks of generation:
 * <ul>
 *   <li>Candidates whose API type lacks the endpoint ({@link Surface#servedBy}) are not tried and their health is
 *       not touched; the client's error names them.</li>
 *   <li>No fallback to {@code auto}: a model name that matches no entry is 404. Another model's embeddings (or
 *       voice, or transcript) are not what was asked for, and a group of chat models would only be cooled down by
 *       requests they cannot serve.</li>
 *   <li>The late commit waits for the body: a JSON answer is read whole, and one that is empty, not JSON or an
 *       {@code error} fails over; an event stream waits for its first event with data, which must not be an error
 *       (nor {@code [DONE]}); other bytes (audio, text transcripts) for their first bytes.</li>
 *   <li>An opaque stream is complete when the upstream ends its body properly. One that breaks off after the first
 *       bytes is cut off for the client too, without an end: Switchboard cannot write an error into audio, and a
 *       properly ended body would pass half an answer off as whole. Its entry cools down as after any broken
 *       stream.</li>
 *   <li>Usage is read where these answers carry it: a top-level {@code usage} (or a stream event's, or a Responses
 *       event's {@code response.usage}), in OpenAI's or the Responses API's token names.</li>
 * </ul>
 */
final class SurfaceHandler {
    /**
     * Above the generation routes' 32 MB: OpenAI takes audio files up to 25 MB and several images per edit, and a
     * form's bytes are held once per request (and copied once per try, with the upstream's model).
     */
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;
    /** A whole JSON answer is read before it is passed on; ten base64 images at the largest size fit. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    /** How much of a flowing answer is read (and written and flushed) at a time. */
    private static final int CHUNK_BYTES = 16 * 1024;
    /** OpenAI's negotiation header, forwarded as a Chat or Responses passthrough forwards it. */
    private static final Set<String> NEGOTIATED = Set.of("openai-beta");

    private final GatewayContext ctx;
    private final KeyRing keys;
    private final ClientHangups hangups;
    private final Refusals refusals;
    /** The classifier of the settings last seen, as in {@link ProxyHandler}. */
    private final Classifiers classifiers;

    SurfaceHandler(GatewayContext ctx, KeyRing keys, ClientHangups hangups) {
        this.ctx = ctx;
        this.keys = keys;
        this.hangups = hangups;
        this.classifiers = new Classifiers(ctx.clock());
        this.refusals = Refusals.of(ctx);
    }

    /** A body refused before routing: answered, and in the request log as {@code invalid_request}. */
    private void refuse(ClientExchange exchange, ApiError error) {
        var request = exchange.request();
        refusals.record(request, Request.getPathInContext(request), null, error.status(),
                LoggedOutcome.INVALID_REQUEST, error.code() + ": " + error.message());
        exchange.error(error);
    }

    void handle(Request request, Response response, Callback callback, Surface surface) {
        var exchange = new ClientExchange(request, response, callback, surface.errors());
        byte[] bytes;
        try {
            bytes = RequestBodies.read(request, MAX_REQUEST_BYTES);
        } catch (RequestBodies.TooLarge e) {
            refuse(exchange, new ApiError(413, "request_too_large", RequestBodies.overLimit(MAX_REQUEST_BYTES),
                    "request_too_large", null));
            return;
        } catch (IOException e) {
            refuse(exchange, new ApiError(400, "invalid_request", "The request body could not be read: "
                    + e.getMessage(), "unreadable_body", null));
            return;
        }
        SurfaceBody body;
        try {
            body = SurfaceBody.parse(request.getHeaders().get(HttpHeader.CONTENT_TYPE), bytes);
        } catch (SurfaceBody.Invalid e) {
            refuse(exchange, new ApiError(400, "invalid_request", e.getMessage(), "invalid_request", null));
            return;
        }
        var snapshot = ctx.health().overlay(ctx.live().current());
        var settings = snapshot.settings();
        var resolution = Resolver.resolve(snapshot, body.model(), ctx.clock().instant());
        var requested = resolution.requested();
        var trace = new RequestTrace(ctx.clock(), surface.id(), requested, body.stream());
        trace.chosenBy(resolution.chosenBy());
        if (resolution.candidates().isEmpty() && resolution.tier() != Resolution.Tier.FALLBACK
                && resolution.tier() != Resolution.Tier.NONE) {
            // The name means something that cannot serve now: said as on the generation routes.
            var refusal = Unroutable.of(resolution);
            ctx.usage().record(trace.finish(null, null, null, refusal.error().status(), refusal.outcome(), null,
                    refusal.error().message()));
            exchange.error(refusal.error());
            return;
        }
        var servable = new ArrayList<Candidate>();
        var skipped = new ArrayList<String>();
        if (resolution.tier() != Resolution.Tier.FALLBACK) {
            for (var c : resolution.candidates()) {
                if (surface.servedBy(c.channel().type())) {
                    servable.add(c);
                } else {
                    skipped.add(c.entry().ref() + " (" + c.channel().type().id() + ")");
                }
            }
        }
        if (servable.isEmpty()) {
            var message = skipped.isEmpty()
                    ? "No enabled model answers to '" + requested + "'. GET /v1/models lists what does"
                            + (resolution.tier() == Resolution.Tier.FALLBACK ? "; /v1" + surface.path()
                            + " does not fall back to auto, as another model's answer is not the one asked for." : ".")
                    : "'" + requested + "' resolves to " + String.join(", ", skipped) + " only, and " + notServed(surface);
            ctx.usage().record(trace.finish(null, null, null, 404, LoggedOutcome.NO_CANDIDATE, null, message));
            exchange.error(new ApiError(404, "not_found", message, "model_not_found", null));
            return;
        }
        var failover = Failover.create(requested, new Resolution(requested, resolution.tier(), servable,
                resolution.held()), settings, keys, ctx.health());
        new Run(exchange, surface, body, failover, settings, trace, skipped).go();
    }

    private static String notServed(Surface surface) {
        return "/v1" + surface.path() + " is served by " + surface.servedByText() + " channels only.";
    }

    /** One client request's tries, and what the client gets. */
    private final class Run {
        private final ClientExchange exchange;
        private final Surface surface;
        private final SurfaceBody body;
        private final Failover failover;
        private final Settings settings;
        private final RequestTrace trace;
        private final List<String> skipped;
        private final UpstreamAttempt attempts;
        private final OutcomeClassifier classifier;
        private final Cancellation cancellation = new Cancellation();
        /** Content negotiation is the client's: speech may be asked for as one audio type or another. */
        private final String accept;
        private final Map<String, String> forwarded;
        private final String query;

        Run(ClientExchange exchange, Surface surface, SurfaceBody body, Failover failover, Settings settings,
            RequestTrace trace, List<String> skipped) {
            this.exchange = exchange;
            this.surface = surface;
            this.body = body;
            this.failover = failover;
            this.settings = settings;
            this.trace = trace;
            this.skipped = skipped;
            this.classifier = classifiers.of(settings);
            this.attempts = new UpstreamAttempt(ctx.upstream(), classifier);
            var a = exchange.request().getHeaders().get(HttpHeader.ACCEPT);
            this.accept = a == null || a.isBlank() ? "*/*" : a;
            var client = exchange.clientHeaders();
            this.forwarded = Passthrough.forwarded(client, NEGOTIATED);
            this.query = Passthrough.forwardedQuery(client);
        }

        void go() {
            var request = exchange.request();
            // As in ProxyHandler: Jetty reports failed writes and resets here, the watch a silent hang-up, and the
            // upstream timeouts (not the connector's idle timeout) bound the wait for an answer.
            request.addFailureListener(cancellation::cancel);
            request.addIdleTimeoutListener(t -> false);
            Verdict<SurfaceDelivery.Answer> verdict;
            var watch = hangups.watch(request,
                    () -> cancellation.cancel(new EofException("the client closed the connection")));
            try {
                verdict = failover.run(this::attempt);
                if (verdict instanceof Verdict.Answered<SurfaceDelivery.Answer> answered) {
                    new SurfaceDelivery(exchange, trace, ctx.usage(), failover, cancellation)
                            .deliver(answered.by(), answered.answer());
                    return;
                }
            } finally {
                watch.close();
            }
            if (verdict instanceof Verdict.Exhausted<SurfaceDelivery.Answer> exhausted) {
                var message = exhausted.message() + (skipped.isEmpty() ? ""
                        : " Not tried: " + String.join(", ", skipped) + "; " + notServed(surface));
                ctx.usage().record(trace.finish(null, null, null, exhausted.status(), LoggedOutcome.ALL_FAILED, null,
                        message));
                exchange.error(exhausted.rateLimited()
                        ? new ApiError(429, "rate_limit", message, "rate_limited", null)
                        : new ApiError(502, "upstream_error", message, "upstream_unavailable", null));
                return;
            }
            ctx.usage().record(trace.finish(null, null, null, null, LoggedOutcome.CANCELLED, null,
                    "the client went away before the answer"));
            exchange.abandon(cancellation.cause());
        }

        /** One try: the body with this upstream's model, sent, and read as far as the late commit. */
        private Step<SurfaceDelivery.Answer> attempt(Failover.Try t) {
            if (cancellation.cancelled()) {
                return new Step.Cancelled<>();
            }
            long started = System.nanoTime();
            var channel = t.candidate().channel();
            var model = t.candidate().entry().model();
            // Always a passthrough to the same protocol: the client's OpenAI-Beta, User-Agent and query go on
            // (docs/PASSTHROUGH.md), never its key.
            var target = new UpstreamAttempt.Target(channel, model, t.keyIndex(), body.withModel(model),
                    body.stream(), forwarded, query);
            var request = UpstreamAttempt.request(target, Endpoints.surface(channel, model, surface.path()),
                    body.contentType(), accept, settings, null);
            var opening = attempts.openOpaque(request, cancellation::follow);
            if (opening instanceof UpstreamAttempt.Failed failed) {
                return failed(t, started, failed);
            }
            if (opening instanceof UpstreamAttempt.Refused refused) {
                cancellation.release();
                trace.firstByte();
                trace.attempt(Delivery.attemptOf(t, started, refused.status(), LoggedOutcome.CLIENT_ERROR, null,
                        null));
                return new Step.Answered<>(new SurfaceDelivery.Refusal(refused), refused.outcome(), null);
            }
            return commit(t, started, (UpstreamAttempt.Opaque) opening);
        }

        private Step<SurfaceDelivery.Answer> failed(Failover.Try t, long started, UpstreamAttempt.Failed failed) {
            cancellation.release();
            if (cancellation.cancelled()) {
                trace.attempt(Delivery.attemptOf(t, started, null, LoggedOutcome.CANCELLED, "the client went away",
                        null));
                return new Step.Cancelled<>();
            }
            var outcome = failed.outcome();
            trace.attempt(Delivery.attemptOf(t, started, failed.status() == 0 ? null : failed.status(),
                    outcome.logged(), outcome.reason(), null));
            return new Step.Failed<>(outcome, failed.status());
        }

        /** A 2xx read as far as the late commit (see the class comment): an answer, or a failure to fail over. */
        private Step<SurfaceDelivery.Answer> commit(Failover.Try t, long started, UpstreamAttempt.Opaque opaque) {
            var call = opaque.call();
            int status = opaque.status();
            var type = call.header("content-type");
            var lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            boolean handedOver = false;
            try {
                if (lower.contains("json")) {
                    byte[] bytes;
                    try {
                        bytes = call.readBody(MAX_ANSWER_BYTES);
                    } catch (IOException e) {
                        return failed(t, started, broke(call, status, e));
                    }
                    var read = SurfaceJson.read(bytes);
                    if (!read.good()) {
                        return failed(t, started, new UpstreamAttempt.Failed(classifier.classify(
                                UpstreamResult.emptyOrErrorEvent(status, read.problem())), status, null));
                    }
                    cancellation.release();
                    trace.firstByte();
                    trace.attempt(Delivery.attemptOf(t, started, status, LoggedOutcome.SUCCESS, null, null));
                    return new Step.Answered<>(new SurfaceDelivery.Whole(status, type, bytes, read.tokens()), new Outcome.Success(),
                            msSince(started));
                }
                var held = new ArrayList<SurfaceDelivery.Chunk>();
                SurfaceDelivery.Chunks rest;
                if (lower.contains("event-stream")) {
                    var reader = new SseReader(call.body());
                    call.armFirstEventDeadline();
                    try {
                        while (true) {
                            var event = reader.next();
                            if (event == null || event.isDone()) {
                                return failed(t, started, new UpstreamAttempt.Failed(classifier.classify(
                                        UpstreamResult.emptyOrErrorEvent(status, null)), status, null));
                            }
                            held.add(new SurfaceDelivery.Chunk(event.raw(), event.data()));
                            if (!event.hasData()) {
                                continue; // a keep-alive comment
                            }
                            var error = SurfaceJson.errorIn(event.data());
                            if (error != null) {
                                return failed(t, started, new UpstreamAttempt.Failed(classifier.classify(
                                        UpstreamResult.emptyOrErrorEvent(status, error)), status, null));
                            }
                            break;
                        }
                    } catch (IOException e) {
                        return failed(t, started, broke(call, status, e));
                    } finally {
                        call.disarm();
                    }
                    rest = () -> {
                        var event = reader.next();
                        return event == null ? null : new SurfaceDelivery.Chunk(event.raw(), event.data());
                    };
                } else {
                    var in = call.body();
                    var first = new byte[CHUNK_BYTES];
                    int n;
                    try {
                        n = in.read(first);
                    } catch (IOException e) {
                        return failed(t, started, broke(call, status, e));
                    }
                    if (n < 0) {
                        return failed(t, started, new UpstreamAttempt.Failed(classifier.classify(
                                UpstreamResult.emptyOrErrorEvent(status, null)), status, null));
                    }
                    held.add(new SurfaceDelivery.Chunk(Arrays.copyOf(first, n), null));
                    rest = () -> {
                        var buffer = new byte[CHUNK_BYTES];
                        int k = in.read(buffer);
                        return k < 0 ? null : new SurfaceDelivery.Chunk(Arrays.copyOf(buffer, k), null);
                    };
                }
                handedOver = true;
                // Its try is logged when it ends, which may still fail.
                return new Step.Answered<>(new SurfaceDelivery.Flowing(status, type, call, List.copyOf(held), rest, started),
                        new Outcome.Success(), msSince(started));
            } finally {
                if (!handedOver) {
                    call.close();
                }
            }
        }

        private UpstreamAttempt.Failed broke(UpstreamCall call, int status, IOException e) {
            return new UpstreamAttempt.Failed(classifier.classify(UpstreamResult.transportFailure(e,
                    call.describe(e))), status, e);
        }
    }

    private static long msSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

}
