package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.PATH;
import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.Health;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that are wrong before any upstream sees them: refused in the OpenAI error shape, no upstream called,
 * and nothing counted against an entry.
 */
class ChatCompletionsBadInputTest {
    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = GatewayFixture.withChannels(dataDir, 1);
        answers(gw.upstream("c1"));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** {"error":{"message","type","param","code"}} with a useful message; returns the error object. */
    private static JsonNode assertOpenAiError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        var error = GatewayFixture.json(response.body()).get("error");
        assertTrue(error != null && error.isObject(), response.body());
        assertTrue(error.get("message").isTextual() && !error.get("message").asText().isBlank(), response.body());
        assertEquals("invalid_request_error", error.get("type").asText(), response.body());
        assertTrue(error.has("param"), response.body());
        assertTrue(error.get("code").isTextual(), response.body());
        return error;
    }

    private void assertNothingReachedAnUpstream() {
        assertEquals(0, calls(gw.upstream("c1")));
        assertEquals(Health.fresh(gw.entryId("c1")), gw.health("c1"));
        assertEquals(Health.fresh(gw.entryId("c1")), gw.storedHealth("c1"));
        assertTrue(gw.usage().stream().allMatch(r -> r.attempts().isEmpty()), "no attempt was logged");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"model\":\"auto\",\"messages\":[", null),
                Arguments.of("not json at all", null),
                Arguments.of("", null),
                Arguments.of("[{\"model\":\"auto\"}]", null),
                Arguments.of("{\"messages\":[]}", "model"),
                Arguments.of("{\"model\":null,\"messages\":[]}", "model"),
                Arguments.of("{\"model\":42,\"messages\":[]}", "model"),
                Arguments.of("{\"model\":{\"name\":\"auto\"},\"messages\":[]}", "model"),
                Arguments.of("{\"model\":\"auto\"}", "messages"),
                Arguments.of("{\"model\":\"auto\",\"messages\":\"hello\"}", "messages"),
                Arguments.of("{\"model\":\"auto\",\"messages\":[],\"stream\":\"yes\"}", "stream"),
                Arguments.of("{\"model\":\"auto\",\"messages\":[],\"stream\":1}", "stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesABadBodyWith400InTheOpenAiShape(String body, String param) {
        var error = assertOpenAiError(gw.post(body), 400);

        if (param == null) {
            assertTrue(error.get("param").isNull(), error.toString());
        } else {
            assertEquals(param, error.get("param").asText());
            assertTrue(error.get("message").asText().contains(param), error.toString());
        }
        assertNothingReachedAnUpstream();
    }

    @Test
    void refusesADeclaredBodyOver32MbWith413BeforeReadingIt() throws IOException {
        String answer;
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            var out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (32L * 1024 * 1024 + 1)
                    + "\r\n\r\n{\"model\":\"auto\",\"messages\":[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = readResponse(socket.getInputStream());
        }

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        var body = answer.substring(answer.indexOf("{"), answer.lastIndexOf("}") + 1);
        var error = GatewayFixture.json(body).get("error");
        assertEquals("request_too_large", error.get("code").asText(), body);
        assertEquals("invalid_request_error", error.get("type").asText(), body);
        assertTrue(error.has("param") && error.has("message"), body);
        assertNothingReachedAnUpstream();
    }

    /** The head and a Content-Length body of one HTTP/1.1 response. */
    private static String readResponse(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        var text = head.toString(StandardCharsets.US_ASCII);
        var m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text);
        var body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
        return text + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void refusesAStreamedBodyOver32MbWith413() {
        // No Content-Length: the gateway has to count what it reads.
        var big = new byte[32 * 1024 * 1024 + 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        var request = gw.request(PATH).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big))).build();

        var error = assertOpenAiError(gw.send(request), 413);

        assertEquals("request_too_large", error.get("code").asText());
        assertNothingReachedAnUpstream();
    }

    @Test
    void answers405ToAGet() {
        var response = gw.send(gw.request(PATH).GET().build());

        var error = assertOpenAiError(response, 405);

        assertEquals("POST", response.headers().firstValue("allow").orElse(""));
        assertFalse(error.get("message").asText().isBlank());
        assertNothingReachedAnUpstream();
    }
}
