package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.json.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MultiPart;

/**
 * The body of a {@link Surface} request, kept as the client sent it, and where its model is: each try sends these
 * bytes with only the model's value replaced by the upstream's model name. Nothing else is re-encoded, so a JSON
 * body keeps its numbers, key order and spacing, and a multipart body keeps every other part's bytes, its boundary
 * and its content types (an audio file or an image goes upstream bit for bit).
 *
 * <ul>
 *   <li>JSON (any {@code application/json}, or no content type): the top-level {@code "model"} string; a body
 *       without one gets {@code "model"} as its first member. A body that names the model twice is refused: the
 *       upstream would read the one Switchboard did not route by.</li>
 *   <li>{@code multipart/form-data}: the content of the part named {@code model}; a body without one gets a
 *       {@code model} part before its first. Two model parts are refused, as above.</li>
 * </ul>
 */
final class SurfaceBody {
    private final byte[] bytes;
    private final String contentType;
    private final String model;
    private final boolean stream;
    /** The model's value in {@link #bytes}: {@code [start, end)}, empty where one is to be inserted. */
    private final int start;
    private final int end;
    /** The upstream's model name as the bytes that take the place of {@code [start, end)}. */
    private final Function<String, byte[]> encode;

    /** A body Switchboard cannot route: 400 in the client's error shape. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private SurfaceBody(byte[] bytes, String contentType, String model, boolean stream, int start, int end,
                        Function<String, byte[]> encode) {
        this.bytes = bytes;
        this.contentType = contentType;
        this.model = model;
        this.stream = stream;
        this.start = start;
        this.end = end;
        this.encode = encode;
    }

    /** Reads where the model is in {@code bytes}, sent as {@code contentType} (null when the client said none). */
    static SurfaceBody parse(String contentType, byte[] bytes) throws Invalid {
        var type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith("multipart/form-data")) {
            return multipart(contentType, bytes);
        }
        if (type.isEmpty() || type.contains("json")) {
            return json(contentType == null ? "application/json" : contentType, bytes);
        }
        throw new Invalid("The request body is " + AccessGuard.shown(contentType)
                + "; send JSON (application/json) or a form (multipart/form-data).");
    }

    /** The model the client asked for, "" when it named none. */
    String model() {
        return model;
    }

    /** Whether the client asked for a stream ({@code "stream": true}, a form's {@code stream=true}, SSE speech). */
    boolean stream() {
        return stream;
    }

    /** As the client sent it: for a form, with its boundary. */
    String contentType() {
        return contentType;
    }

    /** The body for an upstream that knows the model as {@code upstreamModel}. */
    byte[] withModel(String upstreamModel) {
        var value = encode.apply(upstreamModel);
        var out = new byte[bytes.length - (end - start) + value.length];
        System.arraycopy(bytes, 0, out, 0, start);
        System.arraycopy(value, 0, out, start, value.length);
        System.arraycopy(bytes, end, out, start + value.length, bytes.length - end);
        return out;
    }

    // ---- JSON

    private static SurfaceBody json(String contentType, byte[] bytes) throws Invalid {
        // A streaming read: a body of embeddings input or base64 images is walked, never built into a tree.
        try (var p = Mappers.EXACT.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Invalid("The request body must be a JSON object.");
            }
            int open = offset(p.currentTokenLocation().getByteOffset());
            String model = null;
            int start = -1;
            int end = -1;
            boolean stream = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                var value = p.nextToken();
                switch (name) {
                    case "model" -> {
                        if (model != null) {
                            throw new Invalid("The request body names `model` twice.");
                        }
                        if (value != JsonToken.VALUE_STRING) {
                            throw new Invalid("`model` must be a string.");
                        }
                        start = offset(p.currentTokenLocation().getByteOffset());
                        model = p.getText(); // reads the whole string: the location is now past its closing quote
                        end = offset(p.currentLocation().getByteOffset());
                    }
                    case "stream" -> stream |= value == JsonToken.VALUE_TRUE;
                    // Speech streams server-sent events when asked; its audio bytes flow as they come anyway.
                    case "stream_format" -> stream |= value == JsonToken.VALUE_STRING && "sse".equals(p.getText());
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new Invalid("The request body has more after its JSON object.");
            }
            if (model == null) {
                boolean empty = isEmptyObject(bytes, open);
                return new SurfaceBody(bytes, contentType, "", stream, open + 1, open + 1,
                        m -> concat(utf8("\"model\":"), quoted(m), utf8(empty ? "" : ",")));
            }
            if (start < 0 || end <= start || bytes[start] != '"' || bytes[end - 1] != '"') {
                // Not expected from Jackson's byte locations; refusing is better than sending a corrupt body.
                throw new IllegalStateException("model value not located in the request body");
            }
            return new SurfaceBody(bytes, contentType, model, stream, start, end, SurfaceBody::quoted);
        } catch (JsonProcessingException e) {
            throw new Invalid(BodyJsonErrors.describe(e));
        } catch (IOException e) {
            throw new Invalid("The request body could not be read: " + e.getMessage());
        }
    }

    private static boolean isEmptyObject(byte[] bytes, int open) {
        for (int i = open + 1; i < bytes.length; i++) {
            if (bytes[i] == '}') {
                return true;
            }
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r' && bytes[i] != '\n') {
                return false;
            }
        }
        return false;
    }

    private static byte[] quoted(String s) {
        return concat(utf8("\""), JsonStringEncoder.getInstance().quoteAsUTF8(s), utf8("\""));
    }

    private static int offset(long byteOffset) {
        if (byteOffset < 0 || byteOffset > Integer.MAX_VALUE) {
            throw new IllegalStateException("no byte offset for a JSON token: " + byteOffset);
        }
        return (int) byteOffset;
    }

    // ---- multipart/form-data (RFC 7578, delimiters as in RFC 2046 §5.1.1)

    private static final byte[] CRLF = {'\r', '\n'};

    private static SurfaceBody multipart(String contentType, byte[] bytes) throws Invalid {
        var boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new Invalid("The multipart/form-data body has no boundary in its Content-Type.");
        }
        var dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        var delimiter = concat(CRLF, dash);
        // The first boundary opens the body or follows a preamble's line break.
        int first = startsWith(bytes, 0, dash) ? 0 : indexOf(bytes, delimiter, 0);
        if (first < 0) {
            throw new Invalid("The multipart/form-data body does not contain its boundary.");
        }
        int at = first == 0 ? 0 : first + CRLF.length;
        String model = null;
        int start = -1;
        int end = -1;
        boolean stream = false;
        while (true) {
            int line = at + dash.length;
            if (startsWith(bytes, line, new byte[] {'-', '-'})) {
                break; // the closing boundary
            }
            int headers = indexOf(bytes, CRLF, line); // the rest of the boundary line is padding
            if (headers < 0) {
                throw truncated();
            }
            headers += CRLF.length;
            int content;
            if (startsWith(bytes, headers, CRLF)) {
                content = headers + CRLF.length; // a part without headers
            } else {
                int blank = indexOf(bytes, new byte[] {'\r', '\n', '\r', '\n'}, headers);
                if (blank < 0) {
                    throw truncated();
                }
                content = blank + 4;
            }
            int next = indexOf(bytes, delimiter, content);
            if (next < 0) {
                throw truncated();
            }
            var name = fieldName(new String(bytes, headers, content - headers, StandardCharsets.UTF_8));
            if ("model".equals(name)) {
                if (model != null) {
                    throw new Invalid("The form has two `model` fields.");
                }
                model = new String(bytes, content, next - content, StandardCharsets.UTF_8);
                start = content;
                end = next;
            } else if ("stream".equals(name)) {
                stream = "true".equalsIgnoreCase(new String(bytes, content, next - content,
                        StandardCharsets.UTF_8).strip());
            }
            at = next + CRLF.length;
        }
        if (model == null) {
            // a part of its own, with the body's boundary, in front of the first
            int before = first == 0 ? 0 : first + CRLF.length;
            return new SurfaceBody(bytes, contentType, "", stream, before, before, m -> concat(dash,
                    utf8("\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"), utf8(m), CRLF));
        }
        return new SurfaceBody(bytes, contentType, model, stream, start, end, SurfaceBody::utf8);
    }

    private static Invalid truncated() {
        return new Invalid("The multipart/form-data body ends before its closing boundary.");
    }

    /** The {@code name} of a part's {@code Content-Disposition: form-data; name="…"}, or null. */
    private static String fieldName(String headers) {
        for (var line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                var params = new HashMap<String, String>();
                HttpField.getValueParameters(line.substring(colon + 1).strip(), params);
                return params.get("name");
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
        if (from < 0 || from + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        for (int i = Math.max(0, from); i + needle.length <= bytes.length; i++) {
            if (bytes[i] == needle[0] && startsWith(bytes, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (var p : parts) {
            n += p.length;
        }
        var out = new byte[n];
        int at = 0;
        for (var p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
