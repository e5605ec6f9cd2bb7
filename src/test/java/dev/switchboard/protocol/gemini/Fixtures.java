package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamNormalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Recorded Gemini traffic under {@code src/test/resources/fixtures/gemini/}, and the plumbing around it. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (var in = Fixtures.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static ObjectNode json(String name) {
        return (ObjectNode) parse(text(name));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SseEvent> events(byte[] sse) throws IOException {
        var reader = new SseReader(new ByteArrayInputStream(sse));
        var out = new ArrayList<SseEvent>();
        for (var e = reader.next(); e != null; e = reader.next()) {
            out.add(e);
        }
        return out;
    }

    /** Upstream SSE through the decoder and the normalizer: what an encoder would be given. */
    static List<StreamEvent> normalized(byte[] sse, StreamDecoder decoder) throws IOException {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : events(sse)) {
            for (var raw : decoder.decode(e)) {
                out.addAll(normalizer.accept(raw));
            }
        }
        out.addAll(normalizer.end());
        return out;
    }

    static List<StreamEvent> normalized(List<StreamEvent> raw) {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : raw) {
            out.addAll(normalizer.accept(e));
        }
        out.addAll(normalizer.end());
        return out;
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
        var copy = node.deepCopy();
        strip(copy, List.of(fields));
        return copy;
    }

    private static void strip(JsonNode node, List<String> fields) {
        if (node instanceof ObjectNode o) {
            o.remove(fields);
        }
        node.forEach(child -> strip(child, fields));
    }
}
