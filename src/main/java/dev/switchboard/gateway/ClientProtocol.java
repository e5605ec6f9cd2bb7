package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ClientCodec;
import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.protocol.anthropic.MessagesCodec;
import dev.switchboard.protocol.gemini.GeminiCodec;
import dev.switchboard.protocol.openai.ChatCompletionsCodec;
import dev.switchboard.protocol.responses.ResponsesCodec;
import dev.switchboard.store.ApiType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A protocol clients speak to Switchboard, known from the path they called (DESIGN §1), with the codec that
 * reads and answers it and the upstream API types that speak it too (those get a byte passthrough, DESIGN §4).
 */
enum ClientProtocol {
    CHAT("openai-chat", ChatCompletionsCodec.create(), EnumSet.of(ApiType.OPENAI, ApiType.AZURE)),
    MESSAGES("anthropic-messages", MessagesCodec.create(), EnumSet.of(ApiType.ANTHROPIC)),
    RESPONSES("openai-responses", ResponsesCodec.create(), EnumSet.of(ApiType.RESPONSES)),
    GEMINI("gemini", GeminiCodec.create(), EnumSet.of(ApiType.GEMINI));

    private final String id;
    private final ClientCodec codec;
    private final Set<ApiType> passthrough;

    ClientProtocol(String id, ClientCodec codec, Set<ApiType> passthrough) {
        this.id = id;
        this.codec = codec;
        this.passthrough = passthrough;
    }

    /** The name in the request log. */
    String id() {
        return id;
    }

    ClientCodec codec() {
        return codec;
    }

    /** Same protocol on both sides: bytes pass through unchanged but for the model. */
    boolean passesThroughTo(ApiType type) {
        return passthrough.contains(type);
    }

    /** An error in this protocol's shape. */
    JsonNode error(ApiError error) {
        return codec.encodeError(error);
    }

    /** The codec for talking to an upstream of {@code type}. */
    static UpstreamCodec upstreamCodec(ApiType type) {
        return switch (type) {
            case OPENAI, AZURE -> (UpstreamCodec) CHAT.codec;
            case ANTHROPIC -> (UpstreamCodec) MESSAGES.codec;
            case RESPONSES -> (UpstreamCodec) RESPONSES.codec;
            case GEMINI -> (UpstreamCodec) GEMINI.codec;
        };
    }
}
