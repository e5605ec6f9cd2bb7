package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Switchboard routes a client's request by: the model it names, whether it wants a stream, and whether it
 * asked for usage in its stream. Read by the client protocol's codec ({@link ClientCodec#head}); the request
 * itself stays JSON until an attempt needs it converted, so that a passthrough forwards what the upstream may
 * accept even where the canonical model has no room for it.
 *
 * @param decoded the request in the canonical model when the codec had to decode it to find the rest, else null
 *                (decoded when an attempt converts it)
 */
public record RequestHead(String model, boolean stream, boolean clientWantsUsage, ChatRequest decoded) {

    /** The message for a request without a usable {@code model}. */
    public static final String MODEL_REQUIRED = "`model` is required: name a model or group, or use \"auto\".";

    /** A string {@code model} in {@code body}, checked. */
    public static String textModel(ObjectNode body) throws ProtocolException {
        var model = body.get("model");
        if (model == null || model.isNull()) {
            throw new ProtocolException(MODEL_REQUIRED, "model");
        }
        if (!model.isTextual()) {
            throw new ProtocolException("`model` must be a string, such as \"auto\".", "model");
        }
        return model.asText();
    }

    /** An optional boolean {@code stream} in {@code body}, checked; false when absent. */
    public static boolean streamFlag(ObjectNode body) throws ProtocolException {
        var stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new ProtocolException("`stream` must be true or false.", "stream");
        }
        return stream != null && stream.asBoolean();
    }
}
