package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ProtocolException;

/**
 * A client's request, checked just enough to route it. A Chat Completions request is checked here (a JSON object
 * with a string {@code model}, a {@code messages} array and, if present, a boolean {@code stream}) and decoded to
 * the canonical model only when an attempt needs conversion: a passthrough forwards what the upstream may accept
 * even where the canonical model has no room for it. Other protocols are decoded by their codec at once, which
 * refuses what is malformed.
 */
record ClientRequest(ClientProtocol protocol, ObjectNode json, String model, boolean stream, boolean clientWantsUsage,
                     dev.switchboard.protocol.ChatRequest decoded) {

    /**
     * Numbers are kept exactly as written (no double rounding of {@code 0.7} or of a huge seed), so that a
     * re-serialised body means what the client sent.
     */
    static final ObjectMapper EXACT = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

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
    static ClientRequest parse(ClientProtocol protocol, byte[] body, String pathModel, Boolean pathStream)
            throws Invalid {
        JsonNode root;
        try {
            root = EXACT.readTree(body);
        } catch (JsonProcessingException e) {
            var where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new Invalid("The request body is not valid JSON" + where + ": " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new Invalid("The request body could not be read: " + e.getMessage(), null);
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid("The request body is empty; send a JSON object with `model` and `messages`.", null);
        }
        if (!(root instanceof ObjectNode json)) {
            throw new Invalid("The request body must be a JSON object with `model` and `messages`.", null);
        }
        if (protocol == ClientProtocol.RESPONSES) {
            return responses(json);
        }
        if (protocol != ClientProtocol.CHAT) {
            return decodedAtOnce(protocol, json, pathModel, pathStream);
        }
        var model = json.get("model");
        if (model == null || model.isNull()) {
            throw new Invalid("`model` is required: name a model or group, or use \"auto\".", "model");
        }
        if (!model.isTextual()) {
            throw new Invalid("`model` must be a string, such as \"auto\".", "model");
        }
        var messages = json.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new Invalid("`messages` is required and must be an array of messages.", "messages");
        }
        var stream = json.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Invalid("`stream` must be true or false.", "stream");
        }
        var options = json.get("stream_options");
        boolean wantsUsage = options != null && options.path("include_usage").asBoolean(false);
        return new ClientRequest(protocol, json, model.asText(), stream != null && stream.asBoolean(), wantsUsage,
                null);
    }

    /**
     * A Responses request is decoded only when converted: a Responses upstream takes what the canonical model
     * cannot carry (previous_response_id, built-in tools), so a passthrough must not refuse it.
     */
    private static ClientRequest responses(ObjectNode json) throws Invalid {
        var model = json.get("model");
        if (model == null || model.isNull()) {
            throw new Invalid("`model` is required: name a model or group, or use \"auto\".", "model");
        }
        if (!model.isTextual()) {
            throw new Invalid("`model` must be a string, such as \"auto\".", "model");
        }
        if (!json.has("input")) {
            throw new Invalid("`input` is required: a string or an array of input items.", "input");
        }
        var stream = json.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Invalid("`stream` must be true or false.", "stream");
        }
        return new ClientRequest(ClientProtocol.RESPONSES, json, model.asText(), stream != null && stream.asBoolean(),
                true, null);
    }

    private static ClientRequest decodedAtOnce(ClientProtocol protocol, ObjectNode json, String pathModel,
                                               Boolean pathStream) throws Invalid {
        dev.switchboard.protocol.ChatRequest decoded;
        try {
            decoded = protocol.codec().decodeRequest(json);
        } catch (ProtocolException e) {
            throw new Invalid(e.getMessage(), e.param());
        }
        var model = pathModel != null ? pathModel : decoded.model();
        if (model == null) {
            throw new Invalid("`model` is required: name a model or group, or use \"auto\".", "model");
        }
        boolean stream = pathStream != null ? pathStream : decoded.stream();
        return new ClientRequest(protocol, json, model, stream, true, decoded.withModel(model).withStream(stream));
    }

    /**
     * The request in the canonical model, for an attempt that converts it.
     *
     * @throws ProtocolException when it cannot be expressed there (e.g. a Chat request with {@code n} > 1)
     */
    dev.switchboard.protocol.ChatRequest canonical() throws ProtocolException {
        if (decoded != null) {
            return decoded;
        }
        return protocol.codec().decodeRequest(json).withModel(model).withStream(stream);
    }

    /**
     * The body for one upstream: the client's JSON with the upstream's model name. A stream also asks for usage
     * ({@code stream_options.include_usage}), so that it can be logged; the extra chunk is not passed on to a
     * client that did not ask for it.
     */
    byte[] forUpstream(String upstreamModel) {
        if (protocol == ClientProtocol.GEMINI) {
            // Gemini names the model in the URL; its body has no `model` and refuses unknown fields.
            try {
                return EXACT.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        var copy = json.deepCopy();
        copy.put("model", upstreamModel);
        if (protocol == ClientProtocol.CHAT && stream && !clientWantsUsage) {
            var options = copy.get("stream_options") instanceof ObjectNode o ? o : copy.putObject("stream_options");
            options.put("include_usage", true);
        }
        try {
            return EXACT.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
