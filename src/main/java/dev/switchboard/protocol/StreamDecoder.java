package dev.switchboard.protocol;

import java.io.IOException;
import java.util.List;

/** An upstream's SSE events in, canonical events out. One per stream; not thread-safe. */
public interface StreamDecoder {

    /**
     * @throws IOException when the event is not what the protocol allows (malformed JSON): a broken upstream
     */
    List<StreamEvent> decode(SseEvent event) throws IOException;

    /** True once the upstream sent its own terminal event (its end or an error); events after it are ignored. */
    boolean finished();

    /**
     * True once the stream reached its protocol's end: Anthropic's {@code message_stop}, a Chat
     * {@code finish_reason}, a terminal {@code response.completed} / {@code response.incomplete}, a Gemini
     * candidate's {@code finishReason}. A stream that stops without it (the connection closed, a relay gave up) was
     * cut short, whatever came before: DESIGN §3 never lets it pass as a complete answer. A {@code [DONE]} alone
     * is not the end: it is only the framing after one.
     */
    boolean reachedEnd();
}
