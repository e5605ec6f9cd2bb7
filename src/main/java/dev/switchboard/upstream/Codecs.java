package dev.switchboard.upstream;

import dev.switchboard.protocol.UpstreamCodec;
import dev.switchboard.protocol.anthropic.MessagesCodec;
import dev.switchboard.protocol.gemini.GeminiCodec;
import dev.switchboard.protocol.openai.ChatCompletionsCodec;
import dev.switchboard.protocol.responses.ResponsesCodec;
import dev.switchboard.store.ApiType;

/**
 * The codec of each wire protocol, once (DESIGN §4: N protocols, N codecs), and which one speaks to an upstream of
 * each API type. The codecs hold no state of a request: one instance of each serves every request. Here, not in
 * {@code protocol}, because that package's codecs depend on it, not it on them.
 */
public final class Codecs {
    public static final ChatCompletionsCodec CHAT = ChatCompletionsCodec.create();
    public static final MessagesCodec MESSAGES = MessagesCodec.create();
    public static final ResponsesCodec RESPONSES = ResponsesCodec.create();
    public static final GeminiCodec GEMINI = GeminiCodec.create();

    private Codecs() {
    }

    /** The codec an upstream of {@code type} speaks: Azure's deployments speak Chat Completions. */
    public static UpstreamCodec upstream(ApiType type) {
        return switch (type) {
            case OPENAI, AZURE -> CHAT;
            case ANTHROPIC -> MESSAGES;
            case RESPONSES -> RESPONSES;
            case GEMINI -> GEMINI;
        };
    }
}
