package dev.switchboard.gateway;

import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.Usage;
import dev.switchboard.upstream.UpstreamAttempt.Event;
import dev.switchboard.upstream.UpstreamAttempt.Refused;
import dev.switchboard.upstream.UpstreamAttempt.Whole;
import java.io.IOException;
import java.util.List;

/**
 * How an upstream's answer reaches the client (DESIGN §4): as the upstream sent it, when both speak the same
 * protocol ({@link PassthroughRelay}), or converted through the canonical model ({@link ConversionRelay}).
 * {@link Delivery} drives either through the same steps; nothing here decides an outcome.
 */
sealed interface Relay permits PassthroughRelay, ConversionRelay {

    /** A whole answer as the client's response body. */
    byte[] whole(Whole answer);

    /** The upstream refused the request itself: the client gets its answer, in the client's protocol. */
    void refused(Refused refusal);

    /**
     * An upstream event while the stream runs. {@code terminal} says it is the upstream's own end ({@code
     * message_stop}, {@code [DONE]}, …), which a passthrough holds back until the outcome is recorded.
     */
    void event(Event event, boolean terminal) throws IOException;

    /** An event after the upstream's terminal one: only its usage ({@code usage}, never empty) counts. */
    void afterEnd(SseEvent raw, List<StreamEvent> usage) throws IOException;

    /** The stream reached its protocol's end: what ends the client's stream. */
    void complete() throws IOException;

    /**
     * The upstream's own error event mid-stream ({@code raw}, redacted, and what it said), as the client's
     * stream's last word.
     */
    void upstreamError(byte[] raw, String message) throws IOException;

    /** Switchboard breaks the stream off: an error in the client's protocol, never a made-up finish. */
    void fail(String message) throws IOException;

    /** The usage reported so far, for the request log. */
    Usage usage();
}
