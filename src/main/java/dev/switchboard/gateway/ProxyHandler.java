package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamNormalizer;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.routing.Candidate;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.routing.Resolution;
import dev.switchboard.routing.Resolver;
import dev.switchboard.routing.UpstreamResult;
import dev.switchboard.store.ApiType;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.upstream.Endpoints;
import dev.switchboard.upstream.UpstreamCall;
import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import dev.switchboard.upstream.UpstreamRequest;
import dev.switchboard.usage.RequestTrace;
import org.eclipse.jetty.io.EofException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One client protocol's generation endpoint (DESIGN §2–§4): resolve the model to candidates, try them in order,
 * and give the client the first good answer. An upstream of the client's own protocol gets a passthrough (bytes
 * unchanged but for the model, the stream watched through the upstream's decoder); any other is spoken to through
 * the codecs (decode, {@link StreamNormalizer}, encode).
 *
 * <p>Streams are committed late: nothing reaches the client until an upstream's first meaningful event (text,
 * reasoning, a tool call or a finish reason), so an upstream that opens a stream and then errors, sends garbage or
 * nothing fails over like any other failure. After that first byte there is no failover: a failure ends the
 * client's stream with an error in its own protocol.
 *
 * <p>The request's outcome reaches the entry's health and the request log before the client gets its last byte
 * (the end of a body, a stream's {@code [DONE]} or error): a client that has its whole answer, and sends its next
 * request at once, finds the failed entry already cooled down and the request already logged.
 *
 * <p>Upstream error texts that reach the client or the log are redacted ({@link Redaction}): an upstream may echo
 * the channel's key in its error message.
 */
final class ProxyHandler {
    /** Larger request bodies are refused with 413: a chat request with several large images stays well below. */
    static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_ERROR_BYTES = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(ProxyHandler.class.getName());
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final GatewayContext ctx;
    private final KeyRing keys;
    private final ClientHangups hangups;
    private final ClientProtocol protocol;

    ProxyHandler(GatewayContext ctx, KeyRing keys, ClientHangups hangups, ClientProtocol protocol) {
        this.ctx = ctx;
        this.keys = keys;
        this.hangups = hangups;
        this.protocol = protocol;
    }

    void handle(Request request, Response response, Callback callback) {
        handle(request, response, callback, null, null);
    }

    /**
     * @param pathModel  the model named in the path (Gemini's {@code /v1beta/models/{model}:…}), or null
     * @param pathStream whether the path asked for a stream, or null when the body says
     */
    void handle(Request request, Response response, Callback callback, String pathModel, Boolean pathStream) {
        byte[] body;
        try {
            body = RequestBodies.read(request, MAX_REQUEST_BYTES);
        } catch (RequestBodies.TooLarge e) {
            sendError(response, callback, new ApiError(413, "request_too_large", "The request body is larger than "
                    + MAX_REQUEST_BYTES / (1024 * 1024) + " MB."), "invalid_request_error", "request_too_large", null);
            return;
        } catch (IOException e) {
            sendError(response, callback, new ApiError(400, "invalid_request", "The request body could not be read: "
                    + e.getMessage()), "invalid_request_error", "unreadable_body", null);
            return;
        }
        ClientRequest chat;
        try {
            chat = ClientRequest.parse(protocol, body, pathModel, pathStream);
        } catch (ClientRequest.Invalid e) {
            sendError(response, callback, new ApiError(400, "invalid_request", e.getMessage()),
                    "invalid_request_error", "invalid_request", e.param);
            return;
        }
        var snapshot = ctx.health().overlay(ctx.live().current());
        var settings = snapshot.settings();
        var trace = new RequestTrace(ctx.clock(), protocol.id(), chat.model(), chat.stream());
        var resolution = Resolver.resolve(snapshot, chat.model(), ctx.clock().instant());
        if (resolution.candidates().isEmpty()) {
            var message = "No enabled model answers to '" + chat.model() + "'. GET /v1/models lists what does"
                    + (settings.fallbackToAuto() ? "." : "; or turn fallback-to-auto on.");
            ctx.usage().record(trace.finish(null, null, null, 404, "no_candidate", null, message));
            sendError(response, callback, new ApiError(404, "not_found", message), "invalid_request_error",
                    "model_not_found", null);
            return;
        }
        new Run(request, response, callback, chat, resolution, settings, trace).go();
    }

    /**
     * Counts the end of a wait as activity on the client's connection, just before the first bytes are written.
     * While an upstream thinks, the connection's idle timeouts are ignored (see {@code go()}) but its idle clock
     * keeps running; a write that is still pending at the next idle check would otherwise be failed at once, as
     * idle since the request arrived, and the client would see its stream cut after the headers.
     */
    private static void awake(Response response) {
        if (response.getRequest().getConnectionMetaData().getConnection().getEndPoint() instanceof IdleTimeout t) {
            t.notIdle();
        }
    }

    /**
     * An error of Switchboard's own in the client's protocol. Chat clients get the codes this gateway has always
     * used ({@code model_not_found}, {@code request_too_large}, …) and the request field at fault.
     */
    private void sendError(Response response, Callback callback, ApiError error, String chatType, String chatCode,
                           String param) {
        awake(response);
        if (protocol == ClientProtocol.CHAT) {
            var body = OpenAiErrors.error(error.message(), chatType, chatCode);
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("error")).put("param", param);
            Router.send(response, callback, error.status(), body);
        } else {
            Router.send(response, callback, error.status(), protocol.error(error));
        }
    }

    /** One client request's attempts. */
    private final class Run {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ClientRequest chat;
        private final Resolution resolution;
        private final Settings settings;
        private final RequestTrace trace;
        private final OutcomeClassifier classifier;
        private final AtomicReference<UpstreamCall> current = new AtomicReference<>();
        private volatile Throwable clientGone;
        private final List<String> failures = new ArrayList<>();
        private boolean all429 = true;
        /** Candidates were left when the max-attempts bound was reached. */
        private boolean untried;

        Run(Request request, Response response, Callback callback, ClientRequest chat, Resolution resolution,
            Settings settings, RequestTrace trace) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.chat = chat;
            this.resolution = resolution;
            this.settings = settings;
            this.trace = trace;
            this.classifier = new OutcomeClassifier(settings, ctx.clock());
        }

        void go() {
            // The client hung up: close the upstream connection at once so no tokens are paid for nothing. Jetty
            // reports a failed write or a stream reset here; a hang-up while nothing is written is noticed by the
            // watch below.
            request.addFailureListener(this::clientLeft);
            // Jetty fails a request whose connection was silent for the connector's idle timeout (30 s) even while
            // this handler waits, and a reasoning model may think for minutes before its first byte. The upstream
            // timeouts (first byte, idle) bound that wait instead; a pending write still times out as usual.
            request.addIdleTimeoutListener(t -> false);
            Done done;
            var watch = hangups.watch(request, () -> clientLeft(new EofException("the client closed the connection")));
            try {
                done = tryCandidates();
            } finally {
                watch.close(); // before the last bytes: a finished exchange's connection is Jetty's again
            }
            if (done != null) {
                done.reply().run();
                return;
            }
            if (clientGone != null) {
                ctx.usage().record(trace.finish(null, null, null, null, "cancelled", null,
                        "the client went away before the answer"));
                callback.failed(clientGone);
                return;
            }
            allFailed();
        }

        /** The client hung up (or its connection failed): abort the upstream call at once; try no other. */
        private void clientLeft(Throwable why) {
            if (clientGone == null) {
                clientGone = why;
            }
            var call = current.get();
            if (call != null) {
                call.abort(why);
            }
        }

        /** The candidates in order, each with its keys, until one answers; null when none did. */
        private Done tryCandidates() {
            int max = settings.maxAttempts();
            for (var candidate : resolution.candidates()) {
                if (clientGone != null) {
                    return null;
                }
                if (trace.attemptCount() >= max) {
                    untried = true;
                    return null;
                }
                var type = candidate.channel().type();
                if (!protocol.passesThroughTo(type) && ClientProtocol.upstreamCodec(type) == null) {
                    // No codec speaks this API type yet: passed over without counting against it.
                    failures.add(candidate.entry().ref() + ": " + type + " channels cannot be spoken to yet");
                    continue;
                }
                var order = keys.order(candidate.channel());
                for (int k = 0; k < order.size() && trace.attemptCount() < max; k++) {
                    var result = attempt(candidate, order.get(k));
                    if (result instanceof Done done) {
                        finish(candidate, done);
                        return done;
                    }
                    if (result instanceof Cancelled) {
                        return null; // the client left: its entry did nothing wrong, and nobody waits for another
                    }
                    var failed = (Failed) result;
                    var outcome = failed.outcome();
                    // A multi-key channel tries its next key on a rejected key or a rate limit (DESIGN §3); the
                    // entry itself is only marked once every key has had its turn.
                    boolean rotate = k + 1 < order.size()
                            && (outcome instanceof Outcome.Credential || failed.status() == 429);
                    if (rotate) {
                        keys.rest(candidate.channel(), order.get(k), settings.cooldown());
                        continue;
                    }
                    ctx.health().record(candidate, outcome, null, settings);
                    break;
                }
            }
            return null;
        }

        private void finish(Candidate candidate, Done done) {
            var entry = candidate.entry();
            ctx.usage().record(trace.finish(entry.id(), entry.channelName(), entry.model(), done.status(),
                    done.outcome(), done.tokens(), done.error()));
        }

        private void allFailed() {
            var message = new StringBuilder();
            if (failures.isEmpty()) {
                message.append("No attempt could be made for '").append(chat.model()).append("'.");
            } else {
                // "Every candidate" would blame entries that the max-attempts bound left untried.
                message.append(untried
                                ? "The " + trace.attemptCount() + " attempts allowed (max-attempts) for '"
                                : "Every candidate for '")
                        .append(chat.model()).append("' failed: ")
                        .append(String.join("; ", failures)).append(". Switchboard cooled them down; see the"
                                + " request log for details.");
            }
            int status = all429 && !failures.isEmpty() ? 429 : 502;
            var code = status == 429 ? "rate_limited" : "upstream_unavailable";
            ctx.usage().record(trace.finish(null, null, null, status, "all_failed", null, message.toString()));
            sendError(response, callback, new ApiError(status, status == 429 ? "rate_limit" : "upstream_error",
                    message.toString()), status == 429 ? "rate_limit_error" : "upstream_error", code, null);
        }

        /** One try of one entry with one key. */
        private Attempted attempt(Candidate candidate, int keyIndex) {
            if (!protocol.passesThroughTo(candidate.channel().type())) {
                return convert(candidate, keyIndex);
            }
            return viaCodecs(candidate, keyIndex, chat.forUpstream(candidate.entry().model()), true);
        }

        /** The upstream call for one attempt: the API type's URL and auth, the channel's headers and proxy. */
        private UpstreamRequest upstreamRequest(Candidate candidate, int keyIndex, byte[] body) {
            var channel = candidate.channel();
            var headers = new LinkedHashMap<String, String>();
            headers.put("Content-Type", "application/json");
            headers.put("Accept", chat.stream() ? "text/event-stream" : "application/json");
            headers.putAll(Endpoints.auth(channel.type(), channel.keys().get(keyIndex).reveal()));
            headers.putAll(channel.headers());
            var proxy = channel.proxy() != null ? channel.proxy()
                    : settings.outboundProxy().isEmpty() ? null : settings.outboundProxy();
            return new UpstreamRequest("POST", Endpoints.generate(channel, candidate.entry().model(), chat.stream()),
                    headers, body, proxy, settings.connectTimeout(), settings.firstByteTimeout(),
                    settings.idleTimeout());
        }

        /** An attempt on an upstream of another protocol: the canonical request, encoded for it. */
        private Attempted convert(Candidate candidate, int keyIndex) {
            var upstreamCodec = ClientProtocol.upstreamCodec(candidate.channel().type());
            byte[] body;
            try {
                var canonical = chat.canonical().withModel(candidate.entry().model());
                body = ClientRequest.EXACT.writeValueAsBytes(upstreamCodec.encodeRequest(canonical));
            } catch (ProtocolException e) {
                // The request has something the canonical model cannot carry: no upstream of another protocol can
                // take it, and trying the next one would not change that.
                var message = "This request cannot be converted for " + candidate.channel().type() + " upstreams: "
                        + e.getMessage();
                record(candidate, keyIndex, System.nanoTime(), 400, "client_error", message);
                return new Done(400, "client_error", null, message, () -> sendError(response, callback,
                        new ApiError(400, "invalid_request", message), "invalid_request_error", "unsupported", e.param()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return viaCodecs(candidate, keyIndex, body, false);
        }

        /**
         * An attempt read through the upstream's codec: a conversion ({@code raw} false: decoded, normalised and
         * encoded for the client), or a same-protocol passthrough ({@code raw} true: the upstream's bytes go to the
         * client unchanged, the decoder only watches them for errors, the first meaningful event and usage).
         */
        private Attempted viaCodecs(Candidate candidate, int keyIndex, byte[] body, boolean raw) {
            var upstreamCodec = ClientProtocol.upstreamCodec(candidate.channel().type());
            long started = System.nanoTime();
            // Sent, and abortable from now on: a client that hangs up while this connects or waits stops it.
            var call = ctx.upstream().send(upstreamRequest(candidate, keyIndex, body));
            current.set(call);
            if (clientGone != null) {
                call.abort(clientGone);
            }
            try {
                try {
                    call.awaitHeaders();
                } catch (UpstreamException e) {
                    if (clientGone != null) {
                        return cancelled(candidate, keyIndex, started);
                    }
                    return failed(candidate, keyIndex, started,
                            UpstreamResult.transportFailure(e, call.describe(e)), 0);
                }
                int status = call.status();
                var contentType = call.header("content-type");
                if (status < 200 || status > 299) {
                    var errorBody = readQuietly(call, MAX_ERROR_BYTES);
                    if (clientGone != null) {
                        return cancelled(candidate, keyIndex, started);
                    }
                    var outcome = classifier.classify(UpstreamResult.http(status, call.headers(), errorBody));
                    if (outcome instanceof Outcome.ClientError) {
                        record(candidate, keyIndex, started, status, "client_error", null);
                        trace.firstByte();
                        Runnable reply = raw ? () -> sendUpstreamError(status, contentType, errorBody)
                                : () -> sendConvertedError(status, upstreamCodec, errorBody);
                        return new Done(status, "client_error", null, errorBody == null ? null : redact(errorBody),
                                reply);
                    }
                    return failedWith(candidate, keyIndex, started, outcome, status);
                }
                boolean eventStream = contentType != null
                        && contentType.toLowerCase(java.util.Locale.ROOT).contains("event-stream");
                if (!chat.stream() || !eventStream) {
                    // A whole answer arrives with its headers or after them: its body is bounded by the idle
                    // timeout, as a long generation may take longer than the first-byte timeout to finish.
                    call.disarm();
                    return wholeViaCodecs(candidate, keyIndex, started, call, upstreamCodec, raw);
                }
                var reader = new SseReader(call.body());
                var decoder = upstreamCodec.streamDecoder();
                var held = new ArrayList<Decoded>();
                // The first-byte deadline armed at send still runs: it bounds the headers and the first
                // meaningful event together, as the setting says, not each of them in turn.
                try {
                    while (true) {
                        var event = reader.next();
                        if (event == null || decoder.finished()) {
                            return failed(candidate, keyIndex, started, UpstreamResult.emptyOrErrorEvent(status,
                                    event == null && !held.isEmpty()
                                            ? "the stream ended before any answer (no " + endOf(candidate) + ")"
                                            : null), status);
                        }
                        List<StreamEvent> events;
                        try {
                            events = decoder.decode(event);
                        } catch (IOException e) {
                            return failed(candidate, keyIndex, started, UpstreamResult.emptyOrErrorEvent(status,
                                    "malformed stream event: " + redact(String.valueOf(event.data()))), status);
                        }
                        var error = firstError(events);
                        if (error != null) {
                            return failed(candidate, keyIndex, started,
                                    UpstreamResult.emptyOrErrorEvent(status, error.message()), status);
                        }
                        held.add(new Decoded(event, events));
                        if (meaningful(events)) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    if (clientGone != null) {
                        return cancelled(candidate, keyIndex, started);
                    }
                    return failed(candidate, keyIndex, started,
                            UpstreamResult.transportFailure(e, call.describe(e)), status);
                } finally {
                    call.disarm();
                }
                return relay(candidate, keyIndex, started, call, reader, decoder, held, raw);
            } finally {
                current.set(null);
                call.close();
            }
        }

        /** A whole answer through the codecs; a streaming request answered with plain JSON gets its stream made up. */
        private Attempted wholeViaCodecs(Candidate candidate, int keyIndex, long started, UpstreamCall call,
                                         UpstreamCodec upstreamCodec, boolean raw) {
            int status = call.status();
            byte[] bytes;
            try {
                bytes = call.readBody(MAX_RESPONSE_BYTES);
            } catch (IOException e) {
                if (clientGone != null) {
                    return cancelled(candidate, keyIndex, started);
                }
                return failed(candidate, keyIndex, started, UpstreamResult.transportFailure(e, call.describe(e)),
                        status);
            }
            var text = new String(bytes, StandardCharsets.UTF_8);
            var json = parseQuietly(text);
            ChatResponse decoded = null;
            if (json != null && upstreamCodec.errorMessage(json) == null) {
                try {
                    decoded = upstreamCodec.decodeResponse(json);
                } catch (IllegalArgumentException e) {
                    decoded = null;
                }
            }
            // Nothing said and no reason to stop early (a `{}` from a broken relay): an empty answer fails over.
            if (decoded == null || (decoded.parts().isEmpty() && decoded.stopReason() == StopReason.END_TURN)) {
                return failed(candidate, keyIndex, started,
                        UpstreamResult.emptyOrErrorEvent(status, text.isBlank() ? null : text), status);
            }
            var tokens = tokensOf(decoded.usage());
            trace.firstByte();
            succeeded(candidate, keyIndex, started, status);
            if (!chat.stream()) {
                var out = raw ? bytes : toBytes(protocol.codec().encodeResponse(decoded, chat.model()));
                return new Done(status, "success", tokens, null, () -> {
                    awake(response);
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.write(true, ByteBuffer.wrap(out), callback);
                });
            }
            var events = Streams.fromResponse(decoded);
            return new Done(200, "success", tokens, null, () -> {
                commitStream();
                var encoder = new ClientStream();
                try {
                    for (var e : events) {
                        encoder.emit(e);
                    }
                    encoder.finish();
                    Content.Sink.write(response, true, null);
                    callback.succeeded();
                } catch (IOException e) {
                    callback.failed(e);
                }
            });
        }

        /**
         * Commits the client's stream and relays the upstream's events as they arrive: raw, or converted. The end
         * of the client's stream (its terminal events, or an error) is the reply, sent once the outcome is recorded.
         */
        private Attempted relay(Candidate candidate, int keyIndex, long started, UpstreamCall call, SseReader reader,
                                StreamDecoder decoder, List<Decoded> held, boolean raw) {
            commitStream();
            var client = new ClientStream();
            String midStreamError = null;
            byte[] upstreamErrorEvent = null;
            // A passthrough's terminal events ([DONE], message_stop, …) are the reply: sent once the outcome is
            // recorded, so a client that asks again at once finds the log and the entry's health up to date.
            var ending = new ArrayList<SseEvent>();
            long firstByteMs;
            try {
                for (var h : held) {
                    if (raw) {
                        writeRaw(h);
                        h.events().forEach(client::watch);
                    } else {
                        for (var e : h.events()) {
                            client.emit(e);
                        }
                    }
                }
                trace.firstByte();
                firstByteMs = committed(candidate, keyIndex, started);
                while (true) {
                    SseEvent event;
                    try {
                        event = reader.next();
                    } catch (IOException e) {
                        if (clientGone != null) {
                            throw e; // aborted because the client left: handled below as a cancellation
                        }
                        if (!decoder.reachedEnd()) {
                            midStreamError = "the upstream's stream broke off before the answer was complete: "
                                    + redact(call.describe(e));
                        }
                        break;
                    }
                    if (event == null) {
                        if (!decoder.reachedEnd()) {
                            // DESIGN §3: only the protocol's end makes a stream complete. Without it the answer was
                            // cut short, and a made-up finish would pass half an answer off as a whole one.
                            midStreamError = "the upstream's stream stopped before the answer was complete (no "
                                    + endOf(candidate) + " came); the answer is incomplete";
                        }
                        break;
                    }
                    if (decoder.finished()) {
                        // Read to the end so the connection is reused. Only usage may follow the terminal event:
                        // Gemini sends its final usageMetadata in a chunk of its own after the finishReason (the
                        // other decoders give nothing after their end). Dropping it under-counted the output for the
                        // client and the request log, and cut that chunk from a Gemini client's passthrough.
                        lateUsage(event, decoder, client, raw, ending);
                        continue;
                    }
                    List<StreamEvent> events;
                    try {
                        events = decoder.decode(event);
                    } catch (IOException e) {
                        midStreamError = "the upstream sent a malformed event";
                        break;
                    }
                    var error = firstError(events);
                    if (error != null) {
                        midStreamError = "the upstream reported an error mid-stream: " + redact(error.message());
                        if (raw) {
                            upstreamErrorEvent = Redaction.redact(new String(event.raw(), StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8);
                        }
                        break;
                    }
                    if (raw) {
                        if (decoder.finished()) {
                            ending.add(event);
                        } else {
                            writeRaw(new Decoded(event, events));
                        }
                        events.forEach(client::watch);
                    } else {
                        for (var e : events) {
                            client.emit(e);
                        }
                    }
                }
            } catch (IOException e) {
                // The client went away mid-stream: a failed write, or its hang-up aborted the upstream read.
                var why = clientGone == null ? e : clientGone;
                clientLeft(why);
                record(candidate, keyIndex, started, 200, "cancelled", "the client went away mid-stream", null);
                return new Done(200, "cancelled", tokensOf(client.usage()), "the client went away mid-stream",
                        () -> callback.failed(why));
            }
            var failure = midStreamError;
            var upstreamEnding = upstreamErrorEvent;
            var tokens = tokensOf(client.usage());
            Runnable reply = () -> {
                try {
                    if (upstreamEnding != null) {
                        write(upstreamEnding);
                    } else if (failure != null) {
                        client.fail(failure, raw);
                    } else if (raw) {
                        for (var e : ending) {
                            writeRaw(new Decoded(e, List.of()));
                        }
                        if (protocol == ClientProtocol.CHAT && ending.stream().noneMatch(SseEvent::isDone)) {
                            // The answer reached its finish_reason; only the framing is missing.
                            write(DONE);
                        }
                    } else {
                        client.finish();
                    }
                    Content.Sink.write(response, true, null);
                    callback.succeeded();
                } catch (IOException e) {
                    callback.failed(e);
                }
            };
            if (midStreamError != null) {
                ctx.health().record(candidate, new Outcome.Transient(midStreamError, null), null, settings);
                LOG.log(System.Logger.Level.WARNING, candidate.entry().ref() + ": " + midStreamError);
                record(candidate, keyIndex, started, 200, "transient", midStreamError, firstByteMs);
                return new Done(200, "failed_mid_stream", tokens, midStreamError, reply);
            }
            record(candidate, keyIndex, started, 200, "success", null, firstByteMs);
            return new Done(200, "success", tokens, null, reply);
        }

        /** An event after the upstream's terminal one: its usage reaches the client; anything else is dropped. */
        private void lateUsage(SseEvent event, StreamDecoder decoder, ClientStream client, boolean raw,
                               List<SseEvent> ending) throws IOException {
            List<StreamEvent> usage;
            try {
                usage = decoder.decode(event).stream().filter(StreamEvent.Usage.class::isInstance).toList();
            } catch (IOException e) {
                return; // what follows the end cannot spoil an answer already given
            }
            if (usage.isEmpty()) {
                return;
            }
            if (raw) {
                ending.add(event);
                usage.forEach(client::watch);
            } else {
                for (var e : usage) {
                    client.emit(e);
                }
            }
        }

        /**
         * Writes a passthrough event as the upstream sent it, with two mendings for Chat clients: the usage chunk
         * Switchboard asked for is not passed to a client that did not ask, and a usage chunk with
         * {@code "choices": null} (some relays) gets an empty array, which the OpenAI SDKs require.
         */
        private void writeRaw(Decoded d) throws IOException {
            var event = d.raw();
            if (protocol == ClientProtocol.CHAT && event.hasData() && !event.isDone() && usageOnly(d.events())) {
                if (!chat.clientWantsUsage()) {
                    return;
                }
                var json = parseQuietly(event.data());
                if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.path("choices").isArray()) {
                    o.putArray("choices");
                    event = SseEvent.of(event.event(), o.toString());
                }
            }
            write(event.raw());
        }

        private void commitStream() {
            awake(response);
            response.setStatus(200);
            var h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            h.put(HttpHeader.CACHE_CONTROL, "no-cache");
            h.put("X-Accel-Buffering", "no");
        }

        /** An upstream's 4xx, converted: its message, in the client's protocol's error shape. */
        private void sendConvertedError(int status, UpstreamCodec upstreamCodec, String errorBody) {
            var json = errorBody == null ? null : parseQuietly(errorBody);
            var message = json != null ? upstreamCodec.errorMessage(json) : null;
            if (message == null) {
                message = errorBody == null || errorBody.isBlank() ? "HTTP " + status : errorBody;
            }
            var type = switch (status) {
                case 401 -> "authentication";
                case 403 -> "permission";
                case 404 -> "not_found";
                case 413 -> "request_too_large";
                case 429 -> "rate_limit";
                default -> status >= 500 ? "upstream_error" : "invalid_request";
            };
            awake(response);
            Router.send(response, callback, status, protocol.error(new ApiError(status, type, redact(message))));
        }

        /** The client's side of a stream through the codecs: normalised, encoded in the client's protocol. */
        private final class ClientStream {
            private final StreamNormalizer normalizer = new StreamNormalizer();
            private final StreamEncoder encoder = protocol.codec().streamEncoder(chat.model());
            /** Switchboard asked a Chat upstream for usage for its log; a client that did not ask does not get it. */
            private final boolean hideUsage = protocol == ClientProtocol.CHAT && !chat.clientWantsUsage();
            private final StreamNormalizer watcher = new StreamNormalizer();

            void emit(StreamEvent event) throws IOException {
                send(normalizer.accept(event));
            }

            /** A passthrough: the event went to the client as bytes; only its usage is noted. */
            void watch(StreamEvent event) {
                watcher.accept(event);
            }

            void finish() throws IOException {
                send(normalizer.end());
                for (var e : encoder.end()) {
                    write(e.raw());
                }
            }

            /**
             * Ends the client's stream with an error in its protocol. A passthrough's stream was never seen by this
             * encoder, so the error alone is encoded, without a start of its own in the middle of the upstream's.
             */
            void fail(String message, boolean raw) throws IOException {
                var error = new StreamEvent.Error("upstream_error", "Switchboard: " + message);
                if (raw) {
                    if (protocol == ClientProtocol.CHAT) {
                        write(errorChunk(message));
                        return;
                    }
                    for (var e : encoder.encode(error)) {
                        write(e.raw());
                    }
                    return;
                }
                send(normalizer.accept(error));
                for (var e : encoder.end()) {
                    write(e.raw());
                }
            }

            dev.switchboard.protocol.Usage usage() {
                return normalizer.usage().merge(watcher.usage());
            }

            private void send(List<StreamEvent> events) throws IOException {
                for (var e : events) {
                    if (hideUsage && e instanceof StreamEvent.Usage) {
                        continue;
                    }
                    for (var sse : encoder.encode(e)) {
                        write(sse.raw());
                    }
                }
            }
        }

        private void write(byte[] bytes) throws IOException {
            Content.Sink.write(response, false, ByteBuffer.wrap(bytes));
        }

        private void sendUpstreamError(int status, String contentType, String body) {
            awake(response);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType == null ? "application/json" : contentType);
            var text = body == null ? "" : Redaction.redact(body); // an upstream may echo the key it was sent
            response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        }

        /** A whole answer came: the entry is healthy, and this attempt is done. */
        private void succeeded(Candidate candidate, int keyIndex, long started, int status) {
            committed(candidate, keyIndex, started);
            record(candidate, keyIndex, started, status, "success", null);
        }

        /**
         * A stream was committed: the key and the entry answered, with this time to the first event. The attempt
         * itself is recorded when its stream ends, which may still fail.
         */
        private long committed(Candidate candidate, int keyIndex, long started) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            keys.succeeded(candidate.channel(), keyIndex);
            ctx.health().record(candidate, new Outcome.Success(), ms, settings);
            return ms;
        }

        /** The client left during this attempt: nothing is held against the entry. */
        private Cancelled cancelled(Candidate candidate, int keyIndex, long started) {
            record(candidate, keyIndex, started, null, "cancelled", "the client went away");
            return new Cancelled();
        }

        private Failed failed(Candidate candidate, int keyIndex, long started, UpstreamResult result, int status) {
            return failedWith(candidate, keyIndex, started, classifier.classify(result), status);
        }

        private Failed failedWith(Candidate candidate, int keyIndex, long started, Outcome outcome, int status) {
            var reason = reasonOf(outcome);
            if (status != 429) {
                all429 = false;
            }
            failures.add(candidate.entry().ref() + " → " + reason);
            record(candidate, keyIndex, started, status == 0 ? null : status, outcomeName(outcome), reason);
            return new Failed(outcome, status);
        }

        private void record(Candidate candidate, int keyIndex, long started, Integer status, String outcome, String error) {
            record(candidate, keyIndex, started, status, outcome, error, null);
        }

        private void record(Candidate candidate, int keyIndex, long started, Integer status, String outcome,
                            String error, Long firstByteMs) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            var e = candidate.entry();
            trace.attempt(new UsageRecord.Attempt(e.id(), e.channelName(), e.model(), keyIndex, status, outcome,
                    firstByteMs, ms, error == null ? null : redact(error)));
        }

        /** What ends a complete stream of this candidate's API type, for a person reading why one was cut. */
        private String endOf(Candidate candidate) {
            return switch (candidate.channel().type()) {
                case ANTHROPIC -> "message_stop";
                case RESPONSES -> "response.completed";
                case GEMINI -> "finishReason";
                case OPENAI, AZURE -> "finish_reason";
            };
        }
    }

    private sealed interface Attempted permits Done, Failed, Cancelled {
    }

    /** The client went away during the attempt: stop, and hold nothing against the entry. */
    private record Cancelled() implements Attempted {
    }

    /**
     * The client got an answer (or went away): nothing more to try. {@code reply} sends the answer's last bytes
     * (or fails the exchange); it runs after the outcome is recorded.
     */
    private record Done(int status, String outcome, UsageRecord.Tokens tokens, String error, Runnable reply)
            implements Attempted {
    }

    /** This try failed in a way that moves on to the next key or candidate. */
    private record Failed(Outcome outcome, int status) implements Attempted {
    }

    static String outcomeName(Outcome o) {
        if (o instanceof Outcome.Transient) {
            return "transient";
        } else if (o instanceof Outcome.Credential) {
            return "credential";
        } else if (o instanceof Outcome.MissingModel) {
            return "missing_model";
        } else if (o instanceof Outcome.ClientError) {
            return "client_error";
        }
        return "success";
    }

    static String reasonOf(Outcome o) {
        if (o instanceof Outcome.Transient t) {
            return t.reason();
        } else if (o instanceof Outcome.Credential c) {
            return c.reason();
        } else if (o instanceof Outcome.MissingModel m) {
            return m.reason();
        } else if (o instanceof Outcome.ClientError c) {
            return "HTTP " + c.status();
        }
        return "ok";
    }



    /** An upstream stream event and what its decoder made of it. */
    private record Decoded(SseEvent raw, List<StreamEvent> events) {
    }

    static boolean usageOnly(List<StreamEvent> events) {
        return !events.isEmpty() && events.stream().allMatch(StreamEvent.Usage.class::isInstance);
    }

    /** A content delta, a tool call, or the finish: what a stream is committed for. */
    static boolean meaningful(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.TextDelta || e instanceof StreamEvent.ThinkingDelta
                    || e instanceof StreamEvent.ToolArgumentsDelta || e instanceof StreamEvent.SignatureDelta
                    || e instanceof StreamEvent.Finish) {
                return true;
            }
            if (e instanceof StreamEvent.BlockStart b && (b.kind() == StreamEvent.BlockKind.TOOL_CALL
                    || b.kind() == StreamEvent.BlockKind.REDACTED_THINKING)) {
                return true;
            }
        }
        return false;
    }

    static StreamEvent.Error firstError(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.Error error) {
                return error;
            }
        }
        return null;
    }

    static UsageRecord.Tokens tokensOf(dev.switchboard.protocol.Usage u) {
        if (u == null) {
            return UsageRecord.Tokens.NONE;
        }
        return new UsageRecord.Tokens(u.input(), u.output(), u.cacheRead(), u.cacheWrite(), u.reasoning());
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return ClientRequest.EXACT.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parseQuietly(String text) {
        try {
            var node = ClientRequest.EXACT.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String readQuietly(UpstreamCall call, int max) {
        try {
            return new String(call.readBody(max), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] errorChunk(String message) {
        var error = OpenAiErrors.error("Switchboard: " + message, "upstream_error", "stream_interrupted");
        try {
            return ("data: " + Router.JSON.writeValueAsString(error) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String redact(String s) {
        return cut(Redaction.redact(s));
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

}
