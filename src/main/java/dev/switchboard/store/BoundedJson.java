package dev.switchboard.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON that a person hands over to be imported: a configuration file, the admin API's import body, a cc-switch
 * provider's settings. An export is a few kilobytes and a few levels deep, so the limits below are far beyond any
 * real one; a file past them is the wrong file or a hostile one, and is refused in plain words, naming the limit,
 * before it can take the memory or stack that parsing it would, instead of ending in Jackson's internals.
 * Malformed JSON is told by line and column. Nothing is written on any refusal: parsing comes first.
 */
final class BoundedJson {
    /** At most 16 MB (in UTF-8 bytes for a file, in characters for a text already read). */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    /** At most 64 levels of objects and arrays; an export has four. */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_BYTES)
                    .maxStringLength(MAX_BYTES)
                    .build())
            .build()).build();

    private BoundedJson() {
    }

    /**
     * Parses {@code text}; null for an empty text.
     *
     * @param what names it in a message: a file's name, "The file", "its settings"
     * @throws StoreException INVALID, saying what is wrong with {@code what} in plain words
     */
    static JsonNode parse(String text, String what) {
        if (text != null && text.length() > MAX_BYTES) {
            throw tooLarge(what, text.length());
        }
        try {
            return MAPPER.readTree(text == null ? "" : text);
        } catch (StreamConstraintsException e) {
            var message = String.valueOf(e.getOriginalMessage());
            if (message.contains("nesting depth")) {
                throw StoreException.invalid(what + " nests objects and arrays more than " + MAX_DEPTH + " levels"
                        + " deep" + at(e) + "; Switchboard reads at most " + MAX_DEPTH + " (an export has four)."
                        + " Is it the right file?");
            }
            throw StoreException.invalid(what + " holds a number or a text longer than Switchboard reads" + at(e)
                    + ". Is it the right file?");
        } catch (JsonProcessingException e) {
            throw StoreException.invalid(what + " is not valid JSON: " + plain(e.getOriginalMessage()) + at(e) + ".");
        }
    }

    /** Refuses {@code size} bytes (or characters) as more than {@link #MAX_BYTES}; a negative size is unknown. */
    static StoreException tooLarge(String what, long size) {
        return StoreException.invalid(what + " is " + (size < 0 ? "larger than " + megabytes(MAX_BYTES)
                : megabytes(size)) + "; Switchboard imports at most " + megabytes(MAX_BYTES)
                + " (an export is a few KB). Is it the right file?");
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB"
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String at(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null || where.getLineNr() < 1 ? ""
                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    /**
     * Jackson's own words without its internals: the first line, and nothing from "(for Array starting at
     * [Source: …" on, since the line and column are given once, plainly.
     */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "it cannot be read";
        }
        var m = message;
        int newline = m.indexOf('\n');
        if (newline >= 0) {
            m = m.substring(0, newline);
        }
        int source = m.indexOf("[Source:");
        if (source >= 0) {
            int open = m.lastIndexOf(" (", source);
            m = m.substring(0, open >= 0 ? open : source);
        }
        return ControlChars.escape(m.strip());
    }
}
