package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.CodecFixtures;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent;
import java.io.IOException;
import java.util.List;

/** Recorded Anthropic traffic under {@code src/test/resources/fixtures/anthropic/}, and the plumbing around it. */
final class Fixtures {
    static final ObjectMapper JSON = CodecFixtures.JSON;
    private static final CodecFixtures FILES = CodecFixtures.in("anthropic");

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        return FILES.bytes(name);
    }

    static String text(String name) {
        return FILES.text(name);
    }

    static ObjectNode json(String name) {
        return FILES.json(name);
    }

    static JsonNode parse(String json) {
        return CodecFixtures.parse(json);
    }

    static List<SseEvent> events(byte[] sse) throws IOException {
        return CodecFixtures.events(sse);
    }

    /** Upstream SSE through the decoder and the normalizer: what an encoder would be given. */
    static List<StreamEvent> normalized(byte[] sse, StreamDecoder decoder) throws IOException {
        return CodecFixtures.normalized(sse, decoder, false);
    }

    static List<StreamEvent> normalized(List<StreamEvent> raw) {
        return CodecFixtures.normalized(raw);
    }

    /** A copy without any {@code cache_control}, which the codec drops on purpose. */
    static JsonNode withoutCacheControl(JsonNode node) {
        return CodecFixtures.without(node, "cache_control");
    }
}
