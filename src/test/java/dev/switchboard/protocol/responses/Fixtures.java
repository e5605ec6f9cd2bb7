package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamNormalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Recorded Responses traffic under {@code fixtures/responses/}, and the pipeline it goes through. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (var in = Fixtures.class.getResourceAsStream("/fixtures/responses/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    static ObjectNode json(String path) {
        return (ObjectNode) parse(text(path));
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

    /** Upstream SSE through the decoder and the normalizer, as the gateway runs it. */
    static List<StreamEvent> normalized(byte[] sse, StreamDecoder decoder) throws IOException {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : events(sse)) {
            if (decoder.finished()) {
                break;
            }
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

    static List<StreamEvent> normalized(StreamEvent... raw) {
        return normalized(List.of(raw));
    }
}
