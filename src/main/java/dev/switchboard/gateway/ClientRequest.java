package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.ClientCodec;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.protocol.Passthrough;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.RequestHead;

/**
 * A client's request, checked just enough to route it by its protocol's codec ({@link ClientCodec#head}), and
 * kept as JSON: decoded to the canonical model only when an attempt converts it, passed on as the client wrote
 * it when an attempt passes it through.
 */
record ClientRequest(ObjectNode json, RequestHead head, ClientCodec codec, ClientHeaders client) {
    /** Thrown for a request that is wrong before any upstream sees it: 400 in the client's error shape. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String param;
        /** The model the request asked for, when it could be read before the fault; else null. For the log. */
        final String model;

        Invalid(String message, String param, String model) {
            super(message, null, false, false);
            this.param = param;
            this.model = model;
        }
    }

    /**
     * @param pathModel  the model named in the path (Gemini), or null
     * @param pathStream whether the path asked for a stream (Gemini), or null
     */
    static ClientRequest parse(ClientCodec codec, byte[] body, String pathModel, Boolean pathStream,
                               ClientHeaders client) throws Invalid {
        JsonNode root;
        try {
            root = Mappers.EXACT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid(BodyJsonErrors.describe(e), null, pathModel);
        } catch (java.io.IOException e) {
            throw new Invalid("The request body could not be read: " + e.getMessage(), null, pathModel);
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid("The request body is empty; send " + codec.bodyHint() + ".", null, pathModel);
        }
        if (!(root instanceof ObjectNode json)) {
            throw new Invalid("The request body must be " + codec.bodyHint() + ".", null, pathModel);
        }
        try {
            return new ClientRequest(json, codec.head(json, pathModel, pathStream), codec, client);
        } catch (ProtocolException e) {
            // The path's model (Gemini), else the body's, as the protocols that carry it there name it.
            var model = pathModel != null ? pathModel
                    : json.path("model").isTextual() ? json.get("model").asText() : null;
            throw new Invalid(e.getMessage(), e.param(), model);
        }
    }

    String model() {
        return head.model();
    }

    boolean stream() {
        return head.stream();
    }

    /**
     * The request in the canonical model, for an attempt that converts it.
     *
     * @throws ProtocolException when it cannot be expressed there (e.g. a Chat request with {@code n} > 1)
     */
    ChatRequest canonical() throws ProtocolException {
        if (head.decoded() != null) {
            return head.decoded();
        }
        return codec.decodeRequest(json).withModel(head.model()).withStream(head.stream());
    }

    /** This request's passthrough to an upstream of its own protocol. */
    Passthrough passthrough() {
        return codec.passthrough(json, head, client);
    }
}
