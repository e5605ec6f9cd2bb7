package dev.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded traffic under {@code src/test/resources/fixtures/<protocol>/} and the pipeline it goes through, shared by
 * the codec tests of every protocol (each package's {@code Fixtures} names its folder and adds its own helpers).
 */
public final class CodecFixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String folder;

    private CodecFixtures(String folder) {
        this.folder = folder;
    }

    /** The fixtures of one protocol: {@code anthropic}, {@code gemini}, {@code responses}, … */
    public static CodecFixtures in(String folder) {
        return new CodecFixtures(folder);
    }

    public byte[] bytes(String name) {
        try (var in = CodecFixtures.class.getResourceAsStream("/fixtures/" + folder + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public ObjectNode json(String name) {
        return (ObjectNode) parse(text(name));
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<SseEvent> events(byte[] sse) throws IOException {
        var reader = new SseReader(new ByteArrayInputStream(sse));
        var out = new ArrayList<SseEvent>();
        for (var e = reader.next(); e != null; e = reader.next()) {
            out.add(e);
        }
        return out;
    }

    /**
     * Upstream SSE through the decoder and the normalizer: what an encoder would be given.
     *
     * @param stopAtFinish stop reading once the decoder says the stream is over, as the gateway does
     */
    public static List<StreamEvent> normalized(byte[] sse, StreamDecoder decoder, boolean stopAtFinish)
            throws IOException {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : events(sse)) {
            if (stopAtFinish && decoder.finished()) {
                break;
            }
            for (var raw : decoder.decode(e)) {
                out.addAll(normalizer.accept(raw));
            }
        }
        out.addAll(normalizer.end());
        return out;
    }

    public static List<StreamEvent> normalized(List<StreamEvent> raw) {
        var normalizer = new StreamNormalizer();
        var out = new ArrayList<StreamEvent>();
        for (var e : raw) {
            out.addAll(normalizer.accept(e));
        }
        out.addAll(normalizer.end());
        return out;
    }

    /** A copy without the given fields anywhere in the tree: what a codec drops on purpose. */
    public static JsonNode without(JsonNode node, String... fields) {
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
