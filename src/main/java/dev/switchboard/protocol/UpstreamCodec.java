package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The side of a protocol Switchboard speaks to an upstream: encode requests, decode its answers. */
public interface UpstreamCodec {

    /** The request body for the upstream; {@code request.model()} is already the upstream's model name. */
    ObjectNode encodeRequest(ChatRequest request);

    /**
     * The request body for an upstream model of {@code dialect}. Only a protocol whose models differ in what they
     * take overrides this; the others write the same body for every model.
     */
    default ObjectNode encodeRequest(ChatRequest request, ModelDialect dialect) {
        return encodeRequest(request);
    }

    /** A whole answer from the upstream's response body. */
    ChatResponse decodeResponse(JsonNode body);

    /** A stream decoder for one answer: upstream SSE events in, canonical events out (not yet normalised). */
    StreamDecoder streamDecoder();

    /** The error message in an upstream error body, or null when the body is not an error. */
    String errorMessage(JsonNode body);
}
