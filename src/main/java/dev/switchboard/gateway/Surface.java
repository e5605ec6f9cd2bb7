package dev.switchboard.gateway;

import dev.switchboard.store.ApiType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The OpenAI endpoints besides generation that people route through Switchboard (embeddings, legacy completions,
 * moderations, images, audio, Codex's compaction), served by {@link SurfaceHandler}: each is a passthrough of the
 * client's body, but for its model, to the channels whose API type has the endpoint.
 *
 * <p>Which types have which: {@code openai} channels (OpenAI and the relays that copy its API) have them all but
 * compaction; {@code azure} deployments take the same bodies for embeddings, completions, image generations and
 * audio, but have no moderations and no image variations, and image edits only in preview API versions, so those
 * are not sent there; compaction belongs to the Responses API, so only {@code responses} channels get it. Anthropic
 * and Gemini have none of them.
 */
enum Surface {
    EMBEDDINGS("/embeddings", ApiType.OPENAI, ApiType.AZURE),
    COMPLETIONS("/completions", ApiType.OPENAI, ApiType.AZURE),
    MODERATIONS("/moderations", ApiType.OPENAI),
    IMAGE_GENERATIONS("/images/generations", ApiType.OPENAI, ApiType.AZURE),
    IMAGE_EDITS("/images/edits", ApiType.OPENAI),
    IMAGE_VARIATIONS("/images/variations", ApiType.OPENAI),
    TRANSCRIPTIONS("/audio/transcriptions", ApiType.OPENAI, ApiType.AZURE),
    TRANSLATIONS("/audio/translations", ApiType.OPENAI, ApiType.AZURE),
    SPEECH("/audio/speech", ApiType.OPENAI, ApiType.AZURE),
    COMPACT("/responses/compact", ApiType.RESPONSES);

    private final String path;
    private final Set<ApiType> servedBy;
    private final String id;

    Surface(String path, ApiType first, ApiType... rest) {
        this.path = path;
        this.servedBy = EnumSet.of(first, rest);
        this.id = "openai" + path.replace('/', '-');
    }

    /** The endpoint at {@code path}, with or without {@code /v1} (clients differ), or null. */
    static Surface of(String path) {
        var p = path.startsWith("/v1/") ? path.substring(3) : path;
        for (var s : values()) {
            if (s.path.equals(p)) {
                return s;
            }
        }
        return null;
    }

    /** The path below {@code /v1}, as OpenAI names it and as it is called upstream. */
    String path() {
        return path;
    }

    /** Whether channels of {@code type} have this endpoint. */
    boolean servedBy(ApiType type) {
        return servedBy.contains(type);
    }

    /** The API types that have it, for a person: {@code openai and azure}. */
    String servedByText() {
        return String.join(" and ", servedBy.stream().map(ApiType::id).toList());
    }

    /** The name in the request log: {@code openai-embeddings}, {@code openai-audio-speech}, … */
    String id() {
        return id;
    }

    /** Whose error shape its callers read: compaction's are Responses clients (Codex), the others OpenAI's. */
    ClientProtocol errors() {
        return this == COMPACT ? ClientProtocol.RESPONSES : ClientProtocol.CHAT;
    }
}
