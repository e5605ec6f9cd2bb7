package dev.switchboard.protocol;

import java.io.IOException;
import java.util.List;

/** An upstream's SSE events in, canonical events out. One per stream; not thread-safe. */
public interface StreamDecoder {

    /**
     * @throws IOException when the event is not what the protocol allows (malformed JSON): a broken upstream
     */
    List<StreamEvent> decode(SseEvent event) throws IOException;

    /** True once the upstream sent its own terminal event; events after it are ignored. */
    boolean finished();
}
