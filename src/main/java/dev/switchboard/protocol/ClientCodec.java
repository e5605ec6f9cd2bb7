package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The side of a protocol a client speaks to Switchboard: decode its requests, encode answers for it. */
public interface ClientCodec {

    /** @throws ProtocolException when the body is not a valid request of this protocol */
    ChatRequest decodeRequest(ObjectNode body) throws ProtocolException;

    /** A whole answer, as this protocol's response body. {@code model} is the name the client asked for. */
    JsonNode encodeResponse(ChatResponse response, String model);

    /** A stream encoder for one answer; it receives a well-formed stream ({@link StreamNormalizer}). */
    StreamEncoder streamEncoder(String model);

    /** An error body in this protocol's shape. */
    JsonNode encodeError(ApiError error);
}
