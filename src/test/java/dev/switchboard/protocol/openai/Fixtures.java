package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Recorded requests, responses and streams under {@code fixtures/openai/}, and the pipeline they go through. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static ObjectNode json(String path) {
        try (var in = open(path)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SseEvent> sse(String path) throws IOException {
        try (var in = open(path)) {
            var reader = new SseReader(in);
            var out = new ArrayList<SseEvent>();
            for (var e = reader.next(); e != null; e = reader.next()) {
                out.add(e);
            }
            return out;
        }
    }

    /** A recorded upstream stream through the decoder and the normalizer, as the gateway runs it. */
    static List<StreamEvent> decodeStream(String path) throws IOException {
        StreamDecoder decoder = ChatCompletionsCodec.create().streamDecoder();
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var event : sse(path)) {
            if (decoder.finished()) {
                break;
            }
            for (var e : decoder.decode(event)) {
                out.addAll(normalizer.accept(e));
            }
        }
        out.addAll(normalizer.end());
        return out;
    }

    static List<StreamEvent> normalize(StreamEvent... events) {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : events) {
            out.addAll(normalizer.accept(e));
        }
        out.addAll(normalizer.end());
        return out;
    }

    private static InputStream open(String path) throws IOException {
        var in = Fixtures.class.getResourceAsStream("/fixtures/openai/" + path);
        if (in == null) {
            throw new IOException("no fixture " + path);
        }
        return in;
    }
}
