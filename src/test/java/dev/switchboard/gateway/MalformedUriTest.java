package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Odd, malformed and hostile requests, sent byte for byte over a socket (HTTP clients and SDKs normalise paths
 * before they send them), get JSON in the error shape of the client protocol their path belongs to, never
 * Jetty's HTML page: a client SDK cannot parse HTML. Jetty still refuses what it refused (ambiguous paths stay
 * 400); only the form of the refusal is Switchboard's.
 */
class MalformedUriTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The error types of Anthropic's API, which its SDKs map to exception classes. */
    private static final Set<String> ANTHROPIC_TYPES = Set.of("invalid_request_error", "authentication_error",
            "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
            "overloaded_error");

    /** The error shapes a client reads. */
    enum Shape { OPENAI, ANTHROPIC, GEMINI }

    /** A family of routes, by one of its paths, and the shape its clients read. */
    enum Route {
        CHAT("/v1/chat/completions", Shape.OPENAI),
        RESPONSES("/v1/responses", Shape.OPENAI),
        MESSAGES("/v1/messages", Shape.ANTHROPIC),
        GEMINI("/v1beta/models/x:generateContent", Shape.GEMINI),
        MODELS("/v1/models", Shape.OPENAI),
        ADMIN("/admin/channels", Shape.OPENAI),
        ROUTING("/v1/routing/status", Shape.OPENAI);

        final String path;
        final Shape shape;

        Route(String path, Shape shape) {
            this.path = path;
            this.shape = shape;
        }
    }

    /** Ways to spoil a route's path; each is refused with 400 whatever the route. */
    private static final List<String> SUFFIXES = List.of(
            "/%2e%2e/x",      // an encoded dot segment
            "/%2E%2E%2Fx",    // ... with an encoded separator
            "/a%2Fb",         // an encoded '/'
            "//x",            // an empty segment
            "/%00",           // an encoded NUL
            "\\..\\x",        // backslashes
            "/%zz",           // not a %-escape at all
            "/%2",            // a cut-off %-escape
            "/%25",           // an encoded '%'
            "/%u002e",        // IIS's %u escape
            "/%c0%ae");       // an overlong UTF-8 dot

    @TempDir
    static Path dataDir;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC()).start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Stream<Arguments> oddPaths() {
        var all = new ArrayList<Arguments>();
        for (var route : Route.values()) {
            for (var suffix : SUFFIXES) {
                // Under a model path an encoded '/' is part of the model id (EncodedSlashes): not odd there.
                if (!(suffix.equals("/a%2Fb") && ModelPath.parse(route.path + suffix) != null)) {
                    all.add(Arguments.of(route, route.path + suffix));
                }
            }
            all.add(Arguments.of(route, "/" + route.path)); // a leading empty segment
            all.add(Arguments.of(route, "http://127.0.0.1" + route.path + "/%2e%2e/x")); // absolute form
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oddPaths")
    void anOddPathIsRefusedInTheShapeOfItsRoute(Route route, String path) throws Exception {
        for (var method : List.of("POST", "GET")) {
            var reply = RawHttp.exchange(gw.port(), method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

            var error = assertError(reply, 400, route.shape);
            assertTrue(message(error).contains("path"), reply.body());
        }
    }

    @Test
    void anEncodedSlashIsReadOnlyInsideAModelId() throws Exception {
        // The OpenAI and Anthropic SDKs send models.retrieve("relay/gpt-4o") as /v1/models/relay%2Fgpt-4o.
        var inId = RawHttp.exchange(gw.port(), "GET /v1/models/no%2Fsuch-model HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        var dotsInId = RawHttp.exchange(gw.port(), "GET /v1/models/a%2F..%2Fb HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        // Resolved by Jetty to /v1/models/x/y, but /v1/models/x/a/y to a reader that decodes first: refused.
        var besideDots = RawHttp.exchange(gw.port(), "GET /v1/models/x/a%2Fb/../y HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        var elsewhere = RawHttp.exchange(gw.port(), "GET /v1/chat/a%2Fb HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");

        var error = assertError(inId, 404, Shape.OPENAI);
        assertTrue(message(error).contains("'no/such-model'"), inId.body());
        assertError(dotsInId, 400, Shape.OPENAI);
        assertError(besideDots, 400, Shape.OPENAI);
        assertError(elsewhere, 400, Shape.OPENAI);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aKeyInTheQueryIsNotEchoed(Route route) throws Exception {
        // Google's clients may send their key as ?key=; an error message must not carry a key back (DESIGN §6).
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + "/%2F?key=AIzaSyFAKE-client-key HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

        assertError(reply, 400, route.shape);
        assertFalse(reply.body().contains("AIzaSyFAKE"), reply.body());
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void headersTooLargeAreRefusedInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Big: " + "a".repeat(9 * 1024) + "\r\nConnection: close\r\n\r\n");

        var error = assertError(reply, 431, route.shape);
        assertTrue(message(error).contains("8 KB"), reply.body());
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void anUnknownExpectationIsRefusedInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Expect: something-else\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

        assertError(reply, 417, route.shape);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void conflictingContentLengthsAreRefusedInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}");

        assertError(reply, 400, route.shape);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aRepeatedHostIsRefusedInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "GET " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Host: 127.0.0.2\r\nConnection: close\r\n\r\n");

        assertError(reply, 400, route.shape);
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"CHAT", "RESPONSES", "MESSAGES", "GEMINI", "MODELS"})
    void anUnknownMethodIsRefusedInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "FROB " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");

        assertError(reply, 405, route.shape);
        assertTrue(reply.header("allow") != null, "405 says what is allowed");
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"CHAT", "RESPONSES", "MESSAGES", "GEMINI", "MODELS"})
    void anUnknownPathUnderARouteIsNotFoundInTheShapeOfTheRoute(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + "/nothing-here HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

        var error = assertError(reply, 404, route.shape);
        assertTrue(message(error).contains("/nothing-here"), reply.body());
    }

    @Test
    void anOverlongPathIsRefusedAsJson() throws Exception {
        // Jetty stops reading at its 8 KB limit, before the path ends: the route is unknown, so OpenAI's shape.
        var reply = RawHttp.exchange(gw.port(), "GET /v1/messages/" + "a".repeat(9 * 1024) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertError(reply, 414, Shape.OPENAI);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void aLongPathWithinTheLimitIsAnswered(Route route) throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST " + route.path + "/" + "a".repeat(4 * 1024) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

        assertTrue(reply.status() == 404 || reply.status() == 401, reply.status() + " " + reply.body());
        var error = assertError(reply, reply.status(), route.shape);
        // The path is shown cut to 100 characters; the message also lists what is served, so its length alone
        // does not tell.
        assertFalse(message(error).contains("a".repeat(200)), "the message does not echo the whole path");
    }

    /** Refusals of request lines Jetty cannot read as far as the path: OpenAI's shape, the default. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableRequestLines")
    void anUnreadableRequestLineIsRefusedAsJson(String what, String request, int status) throws Exception {
        var reply = RawHttp.exchange(gw.port(), request);

        assertError(reply, status, Shape.OPENAI);
    }

    static Stream<Arguments> unreadableRequestLines() {
        return Stream.of(
                Arguments.of("an unknown HTTP version", "GET /v1/messages HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505),
                Arguments.of("a misspelt protocol", "GET /v1/messages HTXP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 505),
                Arguments.of("HTTP/0.9", "GET /v1/messages\r\n\r\n", 505),
                Arguments.of("a method that is no token", "G@T /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Arguments.of("a space in the path", "GET /v1/mess ages HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
                Arguments.of("a TLS hello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003\r\n\r\n",
                        400),
                Arguments.of("HTTP/2 without TLS", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 426));
    }

    @Test
    void aMissingHostIsRefusedAsJson() throws Exception {
        var reply = RawHttp.exchange(gw.port(), "GET /v1/messages HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertError(reply, 400, Shape.ANTHROPIC);
    }

    @Test
    void aBrokenChunkedBodySaysSoInPlainWords() throws Exception {
        var reply = RawHttp.exchange(gw.port(), "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\nzz\r\n\r\n");

        var error = assertError(reply, 400, Shape.ANTHROPIC);
        assertTrue(message(error).contains("chunked encoding"), reply.body());
    }

    @Test
    void plainPathsStillWork() throws Exception {
        var models = RawHttp.exchange(gw.port(), "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        var health = RawHttp.exchange(gw.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");

        assertEquals(200, models.status(), models.body());
        assertEquals("list", JSON.readTree(models.body()).get("object").asText());
        assertEquals(200, health.status(), health.body());
    }

    /** Asserts the status, JSON content, the shape, and that nothing of Jetty or Java shows; returns the error. */
    static JsonNode assertError(RawHttp.Reply reply, int status, Shape shape) throws Exception {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/json", reply.header("content-type"), reply.body());
        var lower = reply.body().toLowerCase(Locale.ROOT);
        for (var leak : List.of("<html", "jetty", "exception", "\tat ", ".java:", "badmessage")) {
            assertFalse(lower.contains(leak), "'" + leak + "' in " + reply.body());
        }
        var root = JSON.readTree(reply.body());
        var error = root.get("error");
        assertTrue(error != null && error.isObject(), reply.body());
        switch (shape) {
            case OPENAI -> {
                assertEquals(1, root.size(), reply.body());
                assertTrue(error.get("type").isTextual(), reply.body());
                assertTrue(error.has("param") && error.has("code"), reply.body());
                assertTrue(error.get("code").isTextual(), reply.body());
            }
            case ANTHROPIC -> {
                assertEquals("error", root.path("type").asText(), reply.body());
                assertTrue(ANTHROPIC_TYPES.contains(error.get("type").asText()), reply.body());
            }
            case GEMINI -> {
                assertEquals(status, error.get("code").asInt(), reply.body());
                assertTrue(error.get("status").asText().matches("[A-Z_]+"), reply.body());
            }
        }
        assertFalse(message(error).isBlank(), reply.body());
        return error;
    }

    static String message(JsonNode error) {
        return error.get("message").asText();
    }
}
