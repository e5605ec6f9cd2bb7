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

        Invalid(String message, String param) {
            super(message, null, false, false);
            this.param = param;
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
            var where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new Invalid("The request body is not valid JSON" + where + ": " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new Invalid("The request body could not be read: " + e.getMessage(), null);
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid("The request body is empty; send " + codec.bodyHint() + ".", null);
        }
        if (!(root instanceof ObjectNode json)) {
            throw new Invalid("The request body must be " + codec.bodyHint() + ".", null);
        }
        try {
            return new ClientRequest(json, codec.head(json, pathModel, pathStream), codec, client);
        } catch (ProtocolException e) {
            throw new Invalid(e.getMessage(), e.param());
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
