package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ClientCodec;
import dev.switchboard.store.ApiType;
import dev.switchboard.upstream.Codecs;
import java.util.EnumSet;
import java.util.Set;

/**
 * A protocol clients speak to Switchboard, known from the path they called (DESIGN §1), with the codec that
 * reads and answers it and the upstream API types that speak it too (those get a byte passthrough, DESIGN §4).
 */
enum ClientProtocol {
    CHAT("openai-chat", Codecs.CHAT, EnumSet.of(ApiType.OPENAI, ApiType.AZURE)),
    MESSAGES("anthropic-messages", Codecs.MESSAGES, EnumSet.of(ApiType.ANTHROPIC)),
    RESPONSES("openai-responses", Codecs.RESPONSES, EnumSet.of(ApiType.RESPONSES)),
    GEMINI("gemini", Codecs.GEMINI, EnumSet.of(ApiType.GEMINI));

    private final String id;
    private final ClientCodec codec;
    private final Set<ApiType> passthrough;

    ClientProtocol(String id, ClientCodec codec, Set<ApiType> passthrough) {
        this.id = id;
        this.codec = codec;
        this.passthrough = passthrough;
    }

    /** The protocol the request log names {@code id}, or null. */
    static ClientProtocol ofId(String id) {
        for (var p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
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

    /**
     * The protocol whose error shape a caller of {@code target} reads: the request target as sent, raw or
     * decoded, even one Switchboard refuses ({@code /v1/messages/%2e%2e}, {@code //v1/messages}). This only picks
     * the shape of an error, never a route, so it is lenient: a scheme and authority (absolute form), the query,
     * repeated slashes and backslashes do not change the answer. A path of no client protocol (the admin API,
     * {@code /v1/models}, an unknown or unreadable path) gets OpenAI's shape, which most clients and scripts read.
     */
    static ClientProtocol forPath(String target) {
        var path = target == null ? "" : target;
        int scheme = path.indexOf("://");
        if (scheme > 0 && !path.startsWith("/")) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        for (var stop : new char[] {'?', '#'}) {
            int i = path.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        path = PinnedPath.inner(path.substring(0, end).replace('\\', '/').replaceAll("/{2,}", "/"));
        if (path.equals("/v1beta") || path.startsWith("/v1beta/")
                || path.startsWith("/v1/models/") && path.indexOf(':') >= 0) {
            return GEMINI;
        }
        if (path.startsWith("/v1/messages") || path.startsWith("/messages")) {
            return MESSAGES;
        }
        if (path.startsWith("/v1/responses") || path.startsWith("/responses")) {
            return RESPONSES;
        }
        return CHAT;
    }

}
