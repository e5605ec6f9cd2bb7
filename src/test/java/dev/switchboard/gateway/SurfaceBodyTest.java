package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only the model changes: every other byte of a JSON or multipart body goes upstream as the client sent it. */
class SurfaceBodyTest {
    private static final String BOUNDARY = "----sb-7Mq";
    private static final String FORM = "multipart/form-data; boundary=" + BOUNDARY;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- JSON

    @Test
    void jsonKeepsEveryByteButTheModelsValue() throws Exception {
        // numbers Jackson would rewrite (1.0E-5, 1e400), spacing, key order, escapes, non-ASCII
        var sent = "{ \"input\" : [1.0E-5, 1e400, 3],\n  \"model\":\"my\\u0020group\", \"user\":\"ü\\n\" }";

        var body = SurfaceBody.parse("application/json", utf8(sent));

        assertEquals("my group", body.model());
        assertEquals("{ \"input\" : [1.0E-5, 1e400, 3],\n  \"model\":\"text-embedding-3-small\", \"user\":\"ü\\n\" }",
                text(body.withModel("text-embedding-3-small")));
        assertEquals("application/json", body.contentType());
    }

    @Test
    void jsonModelIsEscapedWhenWritten() throws Exception {
        var body = SurfaceBody.parse(null, utf8("{\"model\":\"x\",\"input\":\"hi\"}"));

        assertEquals("{\"model\":\"a\\\"b\\\\c\",\"input\":\"hi\"}", text(body.withModel("a\"b\\c")));
        assertEquals("application/json", body.contentType(), "no content type: JSON is assumed and named upstream");
    }

    @Test
    void jsonModelAfterLargeNestedValuesIsFound() throws Exception {
        var big = "[" + "0.125,".repeat(50_000) + "1]";
        var sent = "{\"input\":" + big + ",\"nested\":{\"model\":\"not-this\"},\"model\":\"emb\"}";

        var body = SurfaceBody.parse("application/json; charset=utf-8", utf8(sent));

        assertEquals("emb", body.model());
        assertEquals(sent.replace("\"model\":\"emb\"", "\"model\":\"up\""), text(body.withModel("up")));
    }

    @Test
    void jsonWithoutModelGetsOneFirst() throws Exception {
        assertEquals("{\"model\":\"up\",\"input\":\"hi\"}",
                text(SurfaceBody.parse("application/json", utf8("{\"input\":\"hi\"}")).withModel("up")));
        assertEquals("{\"model\":\"up\" }", text(SurfaceBody.parse("application/json", utf8("{ }")).withModel("up")));
        assertEquals("", SurfaceBody.parse("application/json", utf8("{}")).model());
    }

    @Test
    void jsonStreamIsRead() throws Exception {
        assertTrue(SurfaceBody.parse(null, utf8("{\"model\":\"m\",\"stream\":true}")).stream());
        assertTrue(SurfaceBody.parse(null, utf8("{\"model\":\"m\",\"stream_format\":\"sse\"}")).stream());
        assertFalse(SurfaceBody.parse(null, utf8("{\"model\":\"m\",\"stream_format\":\"audio\"}")).stream());
        assertFalse(SurfaceBody.parse(null, utf8("{\"model\":\"m\"}")).stream());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":\"a\",\"model\":\"b\"}", "{\"model\":7}", "[1]", "{\"model\":\"a\"", "{} {}",
            "", "not json"})
    void jsonThatCannotBeRoutedIsRefused(String sent) {
        assertThrows(SurfaceBody.Invalid.class, () -> SurfaceBody.parse("application/json", utf8(sent)));
    }

    @Test
    void otherContentTypesAreRefused() {
        var e = assertThrows(SurfaceBody.Invalid.class,
                () -> SurfaceBody.parse("application/x-www-form-urlencoded", utf8("model=x")));
        assertTrue(e.getMessage().contains("multipart/form-data"), e.getMessage());
    }

    // ---- multipart/form-data

    /** A form as OkHttp writes it: the file's bytes hold CR, LF and dashes, as audio does. */
    static byte[] form(String boundary, String preamble, String... fieldsThenFile) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(utf8(preamble));
        for (int i = 0; i + 1 < fieldsThenFile.length; i += 2) {
            out.write(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fieldsThenFile[i]
                    + "\"\r\nContent-Length: " + fieldsThenFile[i + 1].length() + "\r\n\r\n" + fieldsThenFile[i + 1]
                    + "\r\n"));
        }
        out.write(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n"));
        out.write(audio());
        out.write(utf8("\r\n--" + boundary + "--\r\n"));
        return out.toByteArray();
    }

    static byte[] audio() {
        return new byte[] {'R', 'I', 'F', 'F', '\r', '\n', '-', '-', 0, (byte) 0xff, '\r', '\n', '\r', '\n', '-', '-',
                '-', '-', 's', 'b', '\r', '\n', 'x'};
    }

    @Test
    void multipartReplacesOnlyTheModelPartsContent() throws Exception {
        var sent = form(BOUNDARY, "", "model", "whisper-group", "language", "en");

        var body = SurfaceBody.parse(FORM, sent);

        assertEquals("whisper-group", body.model());
        assertEquals(FORM, body.contentType());
        assertArrayEquals(swap(sent, "\r\n\r\nwhisper-group\r\n", "\r\n\r\nwhisper-1\r\n"),
                body.withModel("whisper-1"));
    }

    /** {@code bytes} with the first {@code from} replaced by {@code to}, bytes compared, not decoded. */
    private static byte[] swap(byte[] bytes, String from, String to) {
        var f = utf8(from);
        for (int i = 0; i + f.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) {
                match = bytes[i + j] == f[j];
            }
            if (match) {
                var out = new ByteArrayOutputStream();
                out.write(bytes, 0, i);
                out.writeBytes(utf8(to));
                out.write(bytes, i + f.length, bytes.length - i - f.length);
                return out.toByteArray();
            }
        }
        throw new AssertionError(from + " not in the body");
    }

    @Test
    void multipartModelMayComeLastAndTheBoundaryQuoted() throws Exception {
        var sent = form(BOUNDARY, "a preamble\r\n", "response_format", "json", "model", "w");

        var body = SurfaceBody.parse("multipart/form-data; boundary=\"" + BOUNDARY + "\"", sent);

        assertEquals("w", body.model());
        assertArrayEquals(swap(sent, "\r\n\r\nw\r\n", "\r\n\r\nwhisper-1\r\n"), body.withModel("whisper-1"));
    }

    @Test
    void multipartWithoutModelGetsAModelPartFirst() throws Exception {
        var sent = form(BOUNDARY, "", "language", "en");

        var body = SurfaceBody.parse(FORM, sent);

        assertEquals("", body.model());
        var expected = new ByteArrayOutputStream();
        expected.writeBytes(utf8("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + "whisper-1\r\n"));
        expected.writeBytes(sent);
        assertArrayEquals(expected.toByteArray(), body.withModel("whisper-1"));
    }

    @Test
    void multipartStreamFieldIsRead() throws Exception {
        assertTrue(SurfaceBody.parse(FORM, form(BOUNDARY, "", "model", "m", "stream", "true")).stream());
        assertFalse(SurfaceBody.parse(FORM, form(BOUNDARY, "", "model", "m")).stream());
    }

    @Test
    void multipartThatCannotBeRoutedIsRefused() throws Exception {
        var twice = form(BOUNDARY, "", "model", "a", "model", "b");
        assertThrows(SurfaceBody.Invalid.class, () -> SurfaceBody.parse(FORM, twice));

        var whole = form(BOUNDARY, "", "model", "a");
        var cut = java.util.Arrays.copyOf(whole, whole.length - 20);
        assertThrows(SurfaceBody.Invalid.class, () -> SurfaceBody.parse(FORM, cut));

        assertThrows(SurfaceBody.Invalid.class, () -> SurfaceBody.parse("multipart/form-data", whole));
        assertThrows(SurfaceBody.Invalid.class,
                () -> SurfaceBody.parse("multipart/form-data; boundary=other", whole));
    }
}
