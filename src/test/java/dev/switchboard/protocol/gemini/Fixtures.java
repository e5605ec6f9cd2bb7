package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.CodecFixtures;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Recorded Gemini traffic under {@code src/test/resources/fixtures/gemini/}, and the plumbing around it. */
final class Fixtures {
    static final ObjectMapper JSON = CodecFixtures.JSON;
    private static final CodecFixtures FILES = CodecFixtures.in("gemini");

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

    /** Canonical events through an encoder, as a client receives them. */
    static List<SseEvent> encode(List<StreamEvent> canonical, StreamEncoder encoder) {
        var out = new ArrayList<SseEvent>();
        for (var e : canonical) {
            out.addAll(encoder.encode(e));
        }
        out.addAll(encoder.end());
        return out;
    }

    /** The bytes a client receives for these events. */
    static byte[] wire(List<SseEvent> events) {
        var out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(e.raw()));
        return out.toByteArray();
    }

    /** A copy without the given fields anywhere in the tree: what the codec drops on purpose. */
    static JsonNode without(JsonNode node, String... fields) {
        return CodecFixtures.without(node, fields);
    }
}
