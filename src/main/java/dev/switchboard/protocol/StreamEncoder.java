package dev.switchboard.protocol;

import java.util.List;

/** Canonical events in, this protocol's SSE events out. One per stream; not thread-safe. */
public interface StreamEncoder {

    List<SseEvent> encode(StreamEvent event);

    /** After the last event: what the protocol needs to end the stream (e.g. {@code data: [DONE]}). */
    List<SseEvent> end();
}
