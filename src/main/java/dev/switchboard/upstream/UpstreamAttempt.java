package dev.switchboard.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ChatResponse;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Streams;
import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.routing.Outcome;
import dev.switchboard.routing.OutcomeClassifier;
import dev.switchboard.routing.UpstreamResult;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Settings;
import dev.switchboard.upstream.UpstreamClient.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One try of one entry with one of its channel's keys, as the gateway and the speed check both make it (DESIGN
 * §3): the call built from the channel, the upstream's model name, the key and the settings; sent; a non-2xx
 * answer read and classified; a whole answer read and decoded; a stream held until its first meaningful event
 * (the late commit, {@link Streams#meaningful}), so that an upstream that opens a stream and then errors, sends
 * garbage or nothing fails like any other failure. What follows from the {@link Opening} (failover, health, the
 * client) is the caller's.
 */
public final class UpstreamAttempt {
    private static final int MAX_ERROR_BYTES = 256 * 1024;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final UpstreamClient client;
    private final OutcomeClassifier classifier;

    public UpstreamAttempt(UpstreamClient client, OutcomeClassifier classifier) {
        this.client = client;
        this.classifier = classifier;
    }

    /**
     * Where one try goes: the channel and the index of its key, the upstream's model, the body in its protocol;
     * for a passthrough, the client's headers and query that go on with it (never a credential).
     */
    public record Target(Channel channel, String model, int keyIndex, byte[] body, boolean stream,
                         Map<String, String> clientHeaders, String clientQuery) {
        public Target {
            clientHeaders = Map.copyOf(clientHeaders);
        }

        /** A try with nothing of the client's but its body (a conversion, a speed check). */
        public Target(Channel channel, String model, int keyIndex, byte[] body, boolean stream) {
            this(channel, model, keyIndex, body, stream, Map.of(), null);
        }
    }

    /** An upstream stream event and what its decoder made of it. */
    public record Event(SseEvent raw, List<StreamEvent> decoded) {
    }

    /** How far a try got. */
    public sealed interface Opening {
    }

    /**
     * No answer to give: the next key or candidate. {@code status} is the HTTP status (0 when none came);
     * {@code cause} the transport failure when that is what it was, else null.
     */
    public record Failed(Outcome outcome, int status, Throwable cause) implements Opening {
    }

    /**
     * The upstream refused the request itself (400, 413, 422): it would fail everywhere, so the client gets this
     * answer. {@code body} is as the upstream sent it, which may quote a key: redact before showing it.
     */
    public record Refused(int status, String contentType, String body, Outcome.ClientError outcome)
            implements Opening {
    }

    /** A whole answer: as the upstream sent it (for a passthrough) and decoded. */
    public record Whole(int status, byte[] body, ChatResponse decoded) implements Opening {
    }

    /**
     * A stream at its first meaningful event: the events so far, and the rest still to read. The caller owns the
     * call from here and closes it.
     */
    public record Streaming(UpstreamCall call, SseReader reader, StreamDecoder decoder, List<Event> held)
            implements Opening {
    }

    /**
     * The call for {@code target} (docs/PASSTHROUGH.md): the API type's URL and auth; for a passthrough, the client's
     * negotiation headers (its {@code anthropic-version} replacing Switchboard's default) and query; then the
     * channel's own headers, which the person set and which win, but for {@code anthropic-beta}, a list, where the
     * client's betas and the channel's are both kept; the channel's proxy (or the outbound proxy setting); the
     * settings' timeouts, each no longer than {@code bound} when one is given.
     */
    public static UpstreamRequest request(Target target, Settings settings, Duration bound) {
        var channel = target.channel();
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        headers.put("Accept", target.stream() ? "text/event-stream" : "application/json");
        headers.putAll(Endpoints.auth(channel.type(), channel.keys().get(target.keyIndex()).reveal()));
        headers.putAll(target.clientHeaders());
        channel.headers().forEach((name, value) -> headers.merge(name, value,
                (client, own) -> name.equalsIgnoreCase("anthropic-beta") ? joinList(client, own) : own));
        var proxy = channel.proxy() != null ? channel.proxy()
                : settings.outboundProxy().isEmpty() ? null : settings.outboundProxy();
        var uri = Endpoints.generate(channel, target.model(), target.stream());
        var query = clientQuery(target.clientQuery(), uri.getRawQuery());
        if (query != null) {
            uri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
        }
        return new UpstreamRequest("POST", uri, new LinkedHashMap<>(headers), target.body(), proxy,
                shorter(settings.connectTimeout(), bound), shorter(settings.firstByteTimeout(), bound),
                shorter(settings.idleTimeout(), bound));
    }

    /** The client's parameters but those the endpoint sets itself (Azure's {@code api-version}); null if none. */
    private static String clientQuery(String client, String own) {
        if (client == null || client.isBlank()) {
            return null;
        }
        var taken = new HashSet<String>();
        if (own != null) {
            for (var p : own.split("&")) {
                taken.add(p.split("=", 2)[0]);
            }
        }
        var kept = Arrays.stream(client.split("&")).filter(p -> !taken.contains(p.split("=", 2)[0]))
                .toList();
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    /** Two comma-separated lists as one, each item once, in order. */
    private static String joinList(String a, String b) {
        var items = new LinkedHashSet<String>();
        for (var part : (a + "," + b).split(",")) {
            if (!part.isBlank()) {
                items.add(part.strip());
            }
        }
        return String.join(",", items);
    }

    /**
     * Sends {@code request} and reads its answer as far as the late commit.
     *
     * @param codec  the upstream's codec
     * @param stream whether a stream was asked for
     * @param sent   told of the call the moment it is sent, so that the caller can abort it (its client hung up)
     */
    public Opening open(UpstreamRequest request, UpstreamCodec codec, boolean stream, Consumer<UpstreamCall> sent) {
        var call = client.send(request);
        sent.accept(call);
        boolean handedOver = false;
        try {
            try {
                call.awaitHeaders();
            } catch (UpstreamException e) {
                return new Failed(classifier.classify(UpstreamResult.transportFailure(e, call.describe(e))), 0, e);
            }
            int status = call.status();
            if (status < 200 || status > 299) {
                var body = readQuietly(call, MAX_ERROR_BYTES);
                var outcome = classifier.classify(UpstreamResult.http(status, call.headers(), body));
                return outcome instanceof Outcome.ClientError refused
                        ? new Refused(status, call.header("content-type"), body, refused)
                        : new Failed(outcome, status, null);
            }
            var type = call.header("content-type");
            boolean eventStream = type != null && type.toLowerCase(Locale.ROOT).contains("event-stream");
            if (!stream || !eventStream) {
                // A whole answer arrives with its headers or after them: its body is bounded by the idle timeout,
                // as a long generation may take longer than the first-byte timeout to finish.
                return whole(call, codec, status);
            }
            call.armFirstEventDeadline();
            var opened = firstEvent(call, codec, status);
            handedOver = opened instanceof Streaming;
            return opened;
        } finally {
            if (!handedOver) {
                call.close();
            }
        }
    }

    private Opening whole(UpstreamCall call, UpstreamCodec codec, int status) {
        byte[] bytes;
        try {
            bytes = call.readBody(MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            return new Failed(classifier.classify(UpstreamResult.transportFailure(e, call.describe(e))), status, e);
        }
        var text = new String(bytes, StandardCharsets.UTF_8);
        var json = parseQuietly(text);
        ChatResponse decoded = null;
        if (json != null && codec.errorMessage(json) == null) {
            try {
                decoded = codec.decodeResponse(json);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        // Nothing said and no reason to stop early (a `{}` from a broken relay): an empty answer fails over.
        if (decoded == null || (decoded.parts().isEmpty() && decoded.stopReason() == StopReason.END_TURN)) {
            return new Failed(classifier.classify(UpstreamResult.emptyOrErrorEvent(status,
                    text.isBlank() ? null : text)), status, null);
        }
        return new Whole(status, bytes, decoded);
    }

    /**
     * Reads the stream up to its first meaningful event, within what is left of the first-byte timeout: it bounds
     * the headers and the first meaningful event together, as the setting says.
     */
    private Opening firstEvent(UpstreamCall call, UpstreamCodec codec, int status) {
        var reader = new SseReader(call.body());
        var decoder = codec.streamDecoder();
        var held = new ArrayList<Event>();
        try {
            while (true) {
                var event = reader.next();
                if (event == null || decoder.finished()) {
                    return new Failed(classifier.classify(UpstreamResult.emptyOrErrorEvent(status,
                            event == null && !held.isEmpty() ? "the stream ended before any answer" : null)),
                            status, null);
                }
                List<StreamEvent> events;
                try {
                    events = decoder.decode(event);
                } catch (IOException e) {
                    return new Failed(classifier.classify(UpstreamResult.emptyOrErrorEvent(status,
                            "malformed stream event: " + cut(Redaction.redact(String.valueOf(event.data()))))),
                            status, null);
                }
                var error = Streams.firstError(events);
                if (error != null) {
                    return new Failed(classifier.classify(UpstreamResult.emptyOrErrorEvent(status,
                            error.message())), status, null);
                }
                held.add(new Event(event, events));
                if (Streams.meaningful(events)) {
                    return new Streaming(call, reader, decoder, List.copyOf(held));
                }
            }
        } catch (IOException e) {
            return new Failed(classifier.classify(UpstreamResult.transportFailure(e, call.describe(e))), status, e);
        } finally {
            call.disarm();
        }
    }

    private static JsonNode parseQuietly(String text) {
        try {
            var node = Mappers.JSON.readTree(text);
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

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static Duration shorter(Duration a, Duration bound) {
        return bound == null || a.compareTo(bound) <= 0 ? a : bound;
    }
}
