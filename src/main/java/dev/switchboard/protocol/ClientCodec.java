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

    /**
     * What the gateway routes a request by, checked just enough for that: a passthrough forwards the rest as the
     * client wrote it. Protocols whose model or stream flag can sit in the path (Gemini) take them from there.
     *
     * @param pathModel  the model named in the path, or null
     * @param pathStream whether the path asked for a stream, or null when the body says
     * @throws ProtocolException when the body is not a request of this protocol, naming the field at fault
     */
    RequestHead head(ObjectNode body, String pathModel, Boolean pathStream) throws ProtocolException;

    /** The passthrough of one request of this protocol to an upstream of the same protocol. */
    Passthrough passthrough(ObjectNode body, RequestHead head, ClientHeaders client);

    /** How a request of this protocol looks, for an error about a body that is empty or not an object. */
    String bodyHint();
}
