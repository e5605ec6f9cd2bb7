package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamNormalizer;
import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.protocol.Usage;
import dev.switchboard.store.Redaction;
import dev.switchboard.upstream.UpstreamAttempt.Event;
import dev.switchboard.upstream.UpstreamAttempt.Refused;
import dev.switchboard.upstream.UpstreamAttempt.Whole;
import java.io.IOException;
import java.util.List;

/**
 * Another protocol upstream (DESIGN §4): the upstream's events, decoded to the canonical stream, are normalised
 * ({@link StreamNormalizer}: every block closed, none interleaved) and encoded in the client's protocol. Also what
 * makes up a stream for a client that asked for one from an upstream that answered with plain JSON.
 */
final class ConversionRelay implements Relay {
    private final ClientExchange exchange;
    private final ClientRequest chat;
    private final UpstreamCodec upstreamCodec;
    private final StreamNormalizer normalizer = new StreamNormalizer();
    private final StreamEncoder encoder;

    /** @param upstreamCodec the upstream's codec, which reads its error bodies */
    ConversionRelay(ClientExchange exchange, ClientRequest chat, UpstreamCodec upstreamCodec) {
        this.exchange = exchange;
        this.chat = chat;
        this.upstreamCodec = upstreamCodec;
        this.encoder = chat.codec().streamEncoder(chat.model());
    }

    @Override
    public byte[] whole(Whole answer) {
        try {
            return Mappers.EXACT.writeValueAsBytes(chat.codec().encodeResponse(answer.decoded(), chat.model()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The upstream's message, in the client protocol's error shape and with the upstream's status. */
    @Override
    public void refused(Refused refusal) {
        var body = refusal.body();
        JsonNode json = null;
        if (body != null) {
            try {
                json = Mappers.EXACT.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        var message = json != null && json.isObject() ? upstreamCodec.errorMessage(json) : null;
        if (message == null) {
            message = body == null || body.isBlank() ? "HTTP " + refusal.status() : body;
        }
        int status = refusal.status();
        var type = switch (status) {
            case 401 -> "authentication";
            case 403 -> "permission";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit";
            default -> status >= 500 ? "upstream_error" : "invalid_request";
        };
        exchange.error(new ApiError(status, type, Delivery.cut(Redaction.redact(message))));
    }

    @Override
    public void event(Event event, boolean terminal) throws IOException {
        for (var e : event.decoded()) {
            emit(e);
        }
    }

    @Override
    public void afterEnd(SseEvent raw, List<StreamEvent> usage) throws IOException {
        for (var e : usage) {
            emit(e);
        }
    }

    /** One canonical event, normalised and encoded for the client. */
    void emit(StreamEvent event) throws IOException {
        send(normalizer.accept(event));
    }

    @Override
    public void complete() throws IOException {
        send(normalizer.end());
        exchange.write(encoder.end());
    }

    @Override
    public void upstreamError(byte[] raw, String message) throws IOException {
        fail(message);
    }

    @Override
    public void fail(String message) throws IOException {
        send(normalizer.accept(new StreamEvent.Error("upstream_error", "Switchboard: " + message)));
        exchange.write(encoder.end());
    }

    @Override
    public Usage usage() {
        return normalizer.usage();
    }

    /**
     * Switchboard asked a Chat upstream for usage for its log; a Chat client that did not ask does not get it
     * (every other protocol reports usage in its stream anyway).
     */
    private void send(List<StreamEvent> events) throws IOException {
        for (var e : events) {
            if (e instanceof StreamEvent.Usage && !chat.head().clientWantsUsage()) {
                continue;
            }
            exchange.write(encoder.encode(e));
        }
    }
}
