package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
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
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamAttempt;
import dev.switchboard.upstream.UpstreamCall;
import dev.switchboard.usage.RequestTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    private static final System.Logger LOG = System.getLogger(SurfaceHandler.class.getName());
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
    /** The classifier of the settings last seen, as in {@link ProxyHandler}. */
    private volatile Classifying classifying;

    private record Classifying(Settings settings, OutcomeClassifier classifier) {
    }

    SurfaceHandler(GatewayContext ctx, KeyRing keys, ClientHangups hangups) {
        this.ctx = ctx;
        this.keys = keys;
        this.hangups = hangups;
    }

    void handle(Request request, Response response, Callback callback, Surface surface) {
        var exchange = new ClientExchange(request, response, callback, surface.errors());
        byte[] bytes;
        try {
            bytes = RequestBodies.read(request, MAX_REQUEST_BYTES);
        } catch (RequestBodies.TooLarge e) {
            exchange.error(new ApiError(413, "request_too_large", "The request body is larger than "
                    + MAX_REQUEST_BYTES / (1024 * 1024) + " MB.", "request_too_large", null));
            return;
        } catch (IOException e) {
            exchange.error(new ApiError(400, "invalid_request", "The request body could not be read: "
                    + e.getMessage(), "unreadable_body", null));
            return;
        }
        SurfaceBody body;
        try {
            body = SurfaceBody.parse(request.getHeaders().get(HttpHeader.CONTENT_TYPE), bytes);
        } catch (SurfaceBody.Invalid e) {
            exchange.error(new ApiError(400, "invalid_request", e.getMessage(), "invalid_request", null));
            return;
        }
        var snapshot = ctx.health().overlay(ctx.live().current());
        var settings = snapshot.settings();
        var resolution = Resolver.resolve(snapshot, body.model(), ctx.clock().instant());
        var requested = resolution.requested();
        var trace = new RequestTrace(ctx.clock(), surface.id(), requested, body.stream());
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
        var failover = Failover.create(requested, new Resolution(requested, resolution.tier(), servable), settings,
                keys, ctx.health());
        new Run(exchange, surface, body, failover, settings, trace, skipped).go();
    }

    private static String notServed(Surface surface) {
        return "/v1" + surface.path() + " is served by " + surface.servedByText() + " channels only.";
    }

    private OutcomeClassifier classifier(Settings settings) {
        var c = classifying;
        if (c == null || c.settings() != settings) {
            c = new Classifying(settings, new OutcomeClassifier(settings, ctx.clock()));
            classifying = c;
        }
        return c.classifier();
    }

    /** What the try that answered gives the client. */
    private sealed interface Answer {
    }

    /** The upstream refused the request itself: the client gets its answer. */
    private record Refusal(UpstreamAttempt.Refused refused) implements Answer {
    }

    /** A JSON answer, read whole. */
    private record Whole(int status, String contentType, byte[] body, UsageRecord.Tokens tokens) implements Answer {
    }

    /**
     * An answer past its late commit, passed on as it arrives: what was read so far ({@code held}) and the rest,
     * from a call the delivery closes.
     */
    private record Flowing(int status, String contentType, UpstreamCall call, List<Chunk> held, Chunks rest,
                           long startedNanos) implements Answer {
    }

    /** Bytes as they came; for an event stream, one event and its data (null for a comment or for raw bytes). */
    private record Chunk(byte[] raw, String data) {
    }

    /** The next chunk of a flowing answer, or null at its proper end. */
    @FunctionalInterface
    private interface Chunks {
        Chunk next() throws IOException;
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
            this.classifier = classifier(settings);
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
            Verdict<Answer> verdict;
            var watch = hangups.watch(request,
                    () -> cancellation.cancel(new EofException("the client closed the connection")));
            try {
                verdict = failover.run(this::attempt);
                if (verdict instanceof Verdict.Answered<Answer> answered) {
                    deliver(answered.by(), answered.answer());
                    return;
                }
            } finally {
                watch.close();
            }
            if (verdict instanceof Verdict.Exhausted<Answer> exhausted) {
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
        private Step<Answer> attempt(Failover.Try t) {
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
                return new Step.Answered<>(new Refusal(refused), refused.outcome(), null);
            }
            return commit(t, started, (UpstreamAttempt.Opaque) opening);
        }

        private Step<Answer> failed(Failover.Try t, long started, UpstreamAttempt.Failed failed) {
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
        private Step<Answer> commit(Failover.Try t, long started, UpstreamAttempt.Opaque opaque) {
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
                    var read = JsonAnswer.read(bytes);
                    if (!read.good()) {
                        return failed(t, started, new UpstreamAttempt.Failed(classifier.classify(
                                UpstreamResult.emptyOrErrorEvent(status, read.problem())), status, null));
                    }
                    cancellation.release();
                    trace.firstByte();
                    trace.attempt(Delivery.attemptOf(t, started, status, LoggedOutcome.SUCCESS, null, null));
                    return new Step.Answered<>(new Whole(status, type, bytes, read.tokens()), new Outcome.Success(),
                            msSince(started));
                }
                var held = new ArrayList<Chunk>();
                Chunks rest;
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
                            held.add(new Chunk(event.raw(), event.data()));
                            if (!event.hasData()) {
                                continue; // a keep-alive comment
                            }
                            var error = JsonAnswer.errorIn(event.data());
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
                        return event == null ? null : new Chunk(event.raw(), event.data());
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
                    held.add(new Chunk(Arrays.copyOf(first, n), null));
                    rest = () -> {
                        var buffer = new byte[CHUNK_BYTES];
                        int k = in.read(buffer);
                        return k < 0 ? null : new Chunk(Arrays.copyOf(buffer, k), null);
                    };
                }
                handedOver = true;
                // Its try is logged when it ends, which may still fail.
                return new Step.Answered<>(new Flowing(status, type, call, List.copyOf(held), rest, started),
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

        private void deliver(Failover.Try by, Answer answer) {
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
            var usage = new UsageTap();
            String broken = null;
            Long firstByteMs = null;
            try {
                exchange.commit(answer.status(), answer.contentType());
                for (var chunk : answer.held()) {
                    exchange.write(chunk.raw());
                    usage.tap(chunk.data());
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
                    usage.tap(chunk.data());
                    exchange.write(chunk.raw());
                }
            } catch (IOException e) {
                // The client went away: a failed write, or its hang-up aborted the upstream read.
                var why = cancellation.cause() == null ? e : cancellation.cause();
                cancellation.cancel(why);
                var message = "the client went away mid-answer";
                trace.attempt(Delivery.attemptOf(by, answer.startedNanos(), answer.status(), LoggedOutcome.CANCELLED,
                        message, firstByteMs));
                finish(by, answer.status(), LoggedOutcome.CANCELLED, usage.tokens(), message);
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
                finish(by, answer.status(), LoggedOutcome.FAILED_MID_STREAM, usage.tokens(), broken);
                exchange.abandon(new EofException(broken));
                return;
            }
            trace.attempt(Delivery.attemptOf(by, answer.startedNanos(), answer.status(), LoggedOutcome.SUCCESS, null,
                    firstByteMs));
            finish(by, answer.status(), LoggedOutcome.SUCCESS, usage.tokens(), null);
            exchange.end();
        }

        private void finish(Failover.Try by, int status, LoggedOutcome outcome, UsageRecord.Tokens tokens,
                            String error) {
            var e = by.candidate().entry();
            ctx.usage().record(trace.finish(e.id(), e.channelName(), e.model(), status, outcome, tokens, error));
        }
    }

    private static long msSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The usage of a flowing answer: the last an event reported. */
    private static final class UsageTap {
        private UsageRecord.Tokens tokens = UsageRecord.Tokens.NONE;

        void tap(String data) {
            // Only events that mention usage are parsed: audio deltas and text deltas pass untouched.
            if (data == null || !data.contains("\"usage\"")) {
                return;
            }
            try {
                var found = JsonAnswer.tokensOf(Mappers.JSON.readTree(data));
                if (found != null) {
                    tokens = found;
                }
            } catch (IOException e) {
                // not JSON: nothing to count
            }
        }

        UsageRecord.Tokens tokens() {
            return tokens;
        }
    }

    /**
     * What a JSON answer says about itself: whether it is an answer (an object, not an {@code error}), and its
     * usage. Read as a stream, so that megabytes of base64 images are skipped, not built into a tree.
     */
    record JsonAnswer(boolean good, String problem, UsageRecord.Tokens tokens) {
        /** How much of an error answer the classifier and the log see. */
        private static final int PROBLEM_CHARS = 2048;

        static JsonAnswer read(byte[] bytes) {
            try (var p = Mappers.EXACT.getFactory().createParser(bytes)) {
                var first = p.nextToken();
                if (first == null) {
                    return new JsonAnswer(false, null, null); // empty: fails over as an empty answer
                }
                if (first != JsonToken.START_OBJECT) {
                    return new JsonAnswer(false, "not a JSON object: " + head(bytes), null);
                }
                var tokens = UsageRecord.Tokens.NONE;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    var name = p.currentName();
                    var value = p.nextToken();
                    if (name.equals("error") && value != JsonToken.VALUE_NULL) {
                        return new JsonAnswer(false, head(bytes), null);
                    } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
                        JsonNode usage = p.readValueAsTree();
                        var found = tokensOf(Mappers.JSON.createObjectNode().set("usage", usage));
                        tokens = found == null ? tokens : found;
                    } else {
                        p.skipChildren();
                    }
                }
                return new JsonAnswer(true, null, tokens);
            } catch (IOException e) {
                return new JsonAnswer(false, "not valid JSON: " + head(bytes), null);
            }
        }

        /** The event's data when it reports an error ({@code {"error": …}}, {@code {"type": "error"}}), else null. */
        static String errorIn(String data) {
            if (!data.contains("error")) {
                return null;
            }
            try {
                var json = Mappers.JSON.readTree(data);
                if (json != null && json.isObject() && (json.hasNonNull("error")
                        || "error".equals(json.path("type").asText()))) {
                    return data.length() > PROBLEM_CHARS ? data.substring(0, PROBLEM_CHARS) : data;
                }
            } catch (IOException e) {
                // not JSON: not an error report either
            }
            return null;
        }

        /**
         * The tokens of {@code json}'s {@code usage} (or a Responses event's {@code response.usage}): OpenAI's
         * {@code prompt_tokens} / {@code completion_tokens} or the Responses API's {@code input_tokens} /
         * {@code output_tokens}, with cached and reasoning tokens where given; null when it has none.
         */
        static UsageRecord.Tokens tokensOf(JsonNode json) {
            var usage = json.path("usage");
            if (!usage.isObject()) {
                usage = json.path("response").path("usage");
            }
            if (!usage.isObject()) {
                return null;
            }
            return new UsageRecord.Tokens(
                    number(usage, "prompt_tokens", "input_tokens"),
                    number(usage, "completion_tokens", "output_tokens"),
                    number(usage.has("prompt_tokens_details") ? usage.path("prompt_tokens_details")
                            : usage.path("input_tokens_details"), "cached_tokens", "cached_tokens"),
                    null,
                    number(usage.has("completion_tokens_details") ? usage.path("completion_tokens_details")
                            : usage.path("output_tokens_details"), "reasoning_tokens", "reasoning_tokens"));
        }

        private static Long number(JsonNode node, String name, String otherName) {
            var v = node.path(name);
            if (!v.isNumber()) {
                v = node.path(otherName);
            }
            return v.isNumber() ? v.asLong() : null;
        }

        private static String head(byte[] bytes) {
            var text = new String(bytes, 0, Math.min(bytes.length, PROBLEM_CHARS * 2), StandardCharsets.UTF_8);
            return text.length() > PROBLEM_CHARS ? text.substring(0, PROBLEM_CHARS) + "…" : text;
        }
    }
}
