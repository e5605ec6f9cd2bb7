package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One request's passthrough to an upstream of its own protocol (DESIGN §4): the client's body goes on with only
 * the model changed, and the upstream's events come back as they were sent. What a protocol must mend on the way
 * is its own business, kept with its codec (Chat's usage chunk and {@code [DONE]}, Gemini's model-less body), so
 * that the gateway relays every protocol alike.
 */
public interface Passthrough {

    /** The request body for an upstream of the same protocol, naming {@code upstreamModel}. */
    byte[] body(String upstreamModel);

    /**
     * The request body for an upstream model of {@code dialect}: as {@link #body(String)}, mended where the model
     * refuses what the client wrote for a model of the standard form (Chat's OpenAI reasoning models).
     */
    default byte[] body(String upstreamModel, ModelDialect dialect) {
        return body(upstreamModel);
    }

    /** An upstream event as this client gets it: as sent, mended, or null when it is not for this client. */
    default SseEvent toClient(SseEvent event, List<StreamEvent> decoded) {
        return event;
    }

    /** What ends the client's stream after the upstream's own terminal events, which it got as they were sent. */
    default List<SseEvent> closing(List<SseEvent> upstreamEnding) {
        return List.of();
    }

    /**
     * The events that end a stream Switchboard breaks off mid-answer, in this protocol: its error event alone,
     * with no start of its own in the middle of the upstream's stream.
     */
    List<SseEvent> failure(StreamEvent.Error error);

    /**
     * The passthrough of a protocol with nothing to mend: the body with the upstream's model, errors encoded by
     * the client's own stream encoder.
     */
    static Passthrough plain(ObjectNode body, ClientCodec codec, String requestedModel, ObjectMapper mapper) {
        return new Passthrough() {
            @Override
            public byte[] body(String upstreamModel) {
                var copy = body.deepCopy();
                copy.put("model", upstreamModel);
                return write(mapper, copy);
            }

            @Override
            public List<SseEvent> failure(StreamEvent.Error error) {
                return codec.streamEncoder(requestedModel).encode(error);
            }
        };
    }

    /** JSON to bytes; a tree that cannot be written is a bug, not a request's fault. */
    static byte[] write(ObjectMapper mapper, Object json) {
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
