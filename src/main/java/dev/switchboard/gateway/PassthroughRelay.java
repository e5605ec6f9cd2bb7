package dev.switchboard.gateway;

import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamNormalizer;
import dev.switchboard.protocol.Usage;
import dev.switchboard.store.Redaction;
import dev.switchboard.upstream.UpstreamAttempt.Event;
import dev.switchboard.upstream.UpstreamAttempt.Refused;
import dev.switchboard.upstream.UpstreamAttempt.Whole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Same protocol on both sides (DESIGN §4): the upstream's bytes go to the client unchanged, but for what the
 * client protocol's {@link Passthrough} mends; the decoded events are only watched, for the usage in the log.
 * The upstream's terminal events are held back and sent last, once the outcome is recorded, so that a client that
 * asks again at once finds the log and the entry's health up to date.
 */
final class PassthroughRelay implements Relay {
    private final ClientExchange exchange;
    private final Passthrough passthrough;
    private final StreamNormalizer watcher = new StreamNormalizer();
    private final List<SseEvent> ending = new ArrayList<>();

    PassthroughRelay(ClientExchange exchange, Passthrough passthrough) {
        this.exchange = exchange;
        this.passthrough = passthrough;
    }

    @Override
    public byte[] whole(Whole answer) {
        return answer.body();
    }

    @Override
    public void refused(Refused refusal) {
        // As the upstream wrote it, in the client's own protocol; an upstream may echo the key it was sent.
        var body = refusal.body() == null ? "" : Redaction.redact(refusal.body());
        exchange.whole(refusal.status(), refusal.contentType(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void event(Event event, boolean terminal) throws IOException {
        if (terminal) {
            ending.add(event.raw());
        } else {
            var toClient = passthrough.toClient(event.raw(), event.decoded());
            if (toClient != null) {
                exchange.write(toClient.raw());
            }
        }
        event.decoded().forEach(watcher::accept);
    }

    @Override
    public void afterEnd(SseEvent raw, List<StreamEvent> usage) {
        ending.add(raw);
        usage.forEach(watcher::accept);
    }

    @Override
    public void complete() throws IOException {
        exchange.write(ending);
        exchange.write(passthrough.closing(ending));
    }

    @Override
    public void upstreamError(byte[] raw, String message) throws IOException {
        exchange.write(raw);
    }

    @Override
    public void fail(String message) throws IOException {
        exchange.write(passthrough.failure(new StreamEvent.Error("upstream_error", "Switchboard: " + message)));
    }

    @Override
    public Usage usage() {
        return watcher.usage();
    }
}
