package dev.switchboard.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's fixture files under {@code src/test/resources/dev/switchboard/agents/}: scripted answers per
 * protocol and the tool call per CLI, with {@code {{NAME}}} placeholders (see the README there).
 */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private Fixtures() {
    }

    static String text(String name) {
        try (var in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture dev/switchboard/agents/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code template} with every placeholder replaced; an unknown placeholder is a broken fixture. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {{" + m.group(1) + "}} in a fixture");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The answer {@code answers/<protocol>/<kind>.<sse|json>}, filled; a stream split into its events. */
    static List<String> answer(String protocol, String kind, boolean stream, Map<String, String> values) {
        var filled = fill(text("answers/" + protocol + "/" + kind + (stream ? ".sse" : ".json")), values);
        if (!stream) {
            return List.of(filled.strip());
        }
        var events = new ArrayList<String>();
        for (var block : filled.split("\n\\s*\n")) {
            if (!block.isBlank()) {
                events.add(block.strip());
            }
        }
        return events;
    }

    /** {@code s} as the content of a JSON string (escaped, without the quotes). */
    static String escaped(String s) {
        try {
            var quoted = JSON.writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("broken fixture JSON: " + e.getOriginalMessage(), e);
        }
    }
}
