package dev.switchboard.connect;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A JSON settings file read into an {@link ObjectNode}, which keeps its keys in their order, and written back in
 * the file's own indentation and line ends, as {@code JSON.stringify(value, null, indent)} writes it (which is
 * how the agents write these files themselves). A file with comments or trailing commas (JSONC) is refused
 * rather than rewritten: writing it back would drop the person's comments.
 */
final class JsonText {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a repeated key would silently lose one value
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // 1.50 stays 1.50
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Pattern INDENT = Pattern.compile("\\R([ \\t]+)\\S");

    private final ObjectNode root;
    private final String indent;
    private final String eol;
    private final boolean finalNewline;

    private JsonText(ObjectNode root, String indent, String eol, boolean finalNewline) {
        this.root = root;
        this.indent = indent;
        this.eol = eol;
        this.finalNewline = finalNewline;
    }

    /** An empty object (for a file that does not exist yet), written with two spaces like the agents write. */
    static JsonText empty() {
        return new JsonText(STRICT.createObjectNode(), "  ", "\n", true);
    }

    /** Parses {@code text} (the content of {@code file}, for messages); empty or blank text is an empty object. */
    static JsonText parse(Path file, String text) {
        if (text.isBlank()) {
            return empty();
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            if (parses(text)) {
                throw new ConnectException(file + " has comments or trailing commas; Switchboard does not rewrite"
                        + " it, since that would lose them. Nothing was changed. Add the settings by hand, or remove"
                        + " the comments and try again.");
            }
            throw new ConnectException(file + " is not valid JSON (" + e.getOriginalMessage() + "), so"
                    + " Switchboard leaves it alone. Nothing was changed. Fix or remove it and try again.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ConnectException(file + " does not hold a JSON object, so Switchboard leaves it alone."
                    + " Nothing was changed.");
        }
        var m = INDENT.matcher(text);
        var indent = m.find() ? m.group(1) : "  ";
        var eol = text.contains("\r\n") ? "\r\n" : "\n";
        return new JsonText(object, indent, eol, text.endsWith("\n"));
    }

    private static boolean parses(String text) {
        try {
            LENIENT.readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The file's object, comments allowed, for a look only; empty when it is missing or unreadable. */
    static ObjectNode peek(Path file) {
        try {
            return java.nio.file.Files.exists(file) && LENIENT.readTree(file.toFile()) instanceof ObjectNode o
                    ? o : LENIENT.createObjectNode();
        } catch (java.io.IOException e) {
            return LENIENT.createObjectNode();
        }
    }

    ObjectNode root() {
        return root;
    }

    /**
     * The object at {@code path} under the root, made (at the end, as JavaScript would add it) where missing.
     *
     * @throws ConnectException when something that is not an object is in the way: it is the person's, and
     *                          replacing it would lose it
     */
    ObjectNode object(Path file, String... path) {
        var node = root;
        var where = new StringBuilder();
        for (var name : path) {
            where.append(where.length() == 0 ? "" : ".").append(name);
            var child = node.get(name);
            if (child == null || child.isNull()) {
                node = node.putObject(name);
            } else if (child instanceof ObjectNode o) {
                node = o;
            } else {
                throw new ConnectException(file + ": \"" + where + "\" is a " + child.getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT) + ", not an object, so Switchboard cannot add"
                        + " its settings there. Nothing was changed.");
            }
        }
        return node;
    }

    String write() {
        var indenter = new DefaultIndenter(indent, eol);
        var printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            var text = STRICT.writer(printer).writeValueAsString(root);
            return finalNewline ? text + eol : text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
