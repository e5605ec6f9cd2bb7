package dev.switchboard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON mappers Switchboard uses, each configured once (an {@link ObjectMapper} is thread-safe once set up, and
 * costly to make): every package takes its mapper from here rather than holding one of its own.
 */
public final class Mappers {
    /** Plain JSON: codecs' trees, catalogs, stored channel options, admin bodies, upstream answers. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How deep objects and arrays may nest in a request body. Jackson's own default, kept, and said in plain words
     * when it is hit ({@code gateway.BodyJsonErrors}): a chat request nests a few levels, a tool's JSON schema a few
     * dozen; a thousand is a hostile body, and reading it would cost stack.
     */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** How many digits a number in a request body may have; Jackson's own default, as above (no seed needs more). */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * Client request bodies: numbers are kept exactly as written (no double rounding of {@code 0.7} or of a huge
     * seed), so that a re-serialised body means what the client sent. No limit on the length of a string or a field
     * name, nor of the document: the gateway bounds the whole body (32 MB, 64 MB for the other OpenAI endpoints)
     * before it parses it, and within that bound a base64 image or file of any size must parse (Jackson's own
     * limit, 20 million characters, is below the gateway's 32 MB: issue 18). Nesting and numbers keep the bounds
     * above.
     */
    public static final ObjectMapper EXACT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxDocumentLength(-1)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** Indented, for what the CLI prints ({@code --json}) and exports. */
    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Mappers() {
    }
}
