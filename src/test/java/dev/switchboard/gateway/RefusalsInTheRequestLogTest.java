package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.MODEL;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.service.Switchboard;
import dev.switchboard.store.ApiKey;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Setting;
import dev.switchboard.store.UsageRecord;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request Switchboard refuses itself is in the request log, like the ones it routes, with the client
 * protocol of its path, the status the client got, the model when it was known and why (issue 12): the access
 * guard's refusals, bodies the gateway cannot take, paths it does not serve, requests Jetty could not read, a
 * model nothing answers to and a model whose entries are all disabled. Every request here carries a client key
 * that Switchboard never issued; none of the rows quotes it, and neither does the database file.
 */
class RefusalsInTheRequestLogTest {
    /** A client access key that this Switchboard never issued: what a caller with a revoked or mistyped key sends. */
    private static final String WRONG_KEY = "sb-wrongClientKey0123456789abcdefghijklmnopqrstu";

    @TempDir
    Path dataDir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = GatewayFixture.withChannels(dataDir, 1);
        GatewayFixture.answers(gw.upstream("c1"));
    }

    @AfterEach
    void stop() throws IOException {
        if (gw != null) {
            gw.close();
        }
        assertKeyAbsentFromTheDatabaseFiles();
    }

    /** The whole database, pages and write-ahead log, byte by byte: the key is in no row, live or deleted. */
    private void assertKeyAbsentFromTheDatabaseFiles() throws IOException {
        for (var file : List.of("switchboard.db", "switchboard.db-wal")) {
            var path = dataDir.resolve(file);
            if (Files.exists(path)) {
                assertKeyAbsent(new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** A request to {@code path} that presents the wrong key where each SDK puts its own. */
    private HttpRequest.Builder keyed(String path) {
        return gw.request(path).header("Authorization", "Bearer " + WRONG_KEY).header("x-api-key", WRONG_KEY);
    }

    /** The head lines a raw request adds to present the wrong key. */
    private static final String KEY_LINES = "Authorization: Bearer " + WRONG_KEY + "\r\nx-goog-api-key: " + WRONG_KEY
            + "\r\n";

    /** The one request logged since {@code before} requests were; fails when there are more or none. */
    private UsageRecord theOneLoggedAfter(int before) {
        var all = gw.usage();
        assertEquals(before + 1, all.size(), "one record for the one request: " + all);
        return all.get(0);
    }

    private static void assertRefusal(UsageRecord r, int status, LoggedOutcome outcome, String protocol) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(outcome, r.outcome(), r.toString());
        assertEquals(protocol, r.clientProtocol(), r.toString());
        assertNull(r.channelName(), "no entry answered");
        assertTrue(r.attempts().isEmpty(), "no upstream was tried");
        assertTrue(r.totalMs() != null && r.totalMs() >= 0, r.toString());
        assertTrue(r.error() != null && !r.error().isBlank(), "the reason is logged");
        assertKeyAbsent(r.toString());
    }

    private static Map<String, String> headers(String... pairs) {
        var out = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    // ---- the access guard

    @Test
    void aBrowserOriginNotAllowedIsLoggedAsRefusedWithItsReason() throws Exception {
        gw.set(Setting.ALLOWED_ORIGINS, "https://trusted.example");
        int before = gw.usage().size();

        var reply = RawHttp.send(gw.port(), "POST", "/v1/messages", headers("Host", "127.0.0.1:" + gw.port(),
                "Origin", "https://evil.example", "Authorization", "Bearer " + WRONG_KEY), "{\"model\":\"auto\",\"max_tokens\":8,\"messages\":[]}");

        assertEquals(403, reply.status());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 403, LoggedOutcome.REFUSED, "anthropic-messages");
        assertTrue(r.error().startsWith("origin_not_allowed (POST /v1/messages from 127.0.0.1): "), r.error());
        assertTrue(r.error().contains("https://evil.example"), r.error());
        assertNull(r.requestedModel(), "the guard does not read bodies");
        assertEquals(0, calls(gw.upstream("c1")));
    }

    @Test
    void aRebindingHostIsLoggedAsRefused() throws Exception {
        int before = gw.usage().size();

        var reply = RawHttp.get(gw.port(), "/v1beta/models", "evil.example:" + gw.port());

        assertEquals(403, reply.status());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 403, LoggedOutcome.REFUSED, "gemini");
        assertTrue(r.error().startsWith("host_not_allowed (GET /v1beta/models from 127.0.0.1): "), r.error());
    }

    /**
     * A caller from another machine with a key that is not one of ours: refused with 401 and logged with where it
     * came from, never with the key, in any form, neither in the request log nor anywhere in the database files.
     * It needs an address of this machine that is not loopback, so that the gateway sees a remote caller.
     */
    @Test
    void aWrongClientKeyFromAnotherMachineIsLoggedWithoutTheKey() throws Exception {
        var lan = nonLoopbackAddress();
        assumeTrue(lan != null, "this machine has no address but loopback");
        gw.close();
        gw = null;
        var fx = new GatewayFixture(dataDir, Clock.systemUTC());
        fx.store.accessKeys().create("laptop");
        try (var sb = Switchboard.start(fx.store, "0.0.0.0", 0, "test", Clock.systemUTC())) {
            int port = sb.gateway().port();
            var sent = List.of(
                    "POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer " + WRONG_KEY + "\r\n",
                    "POST /v1/messages HTTP/1.1\r\nx-api-key: " + WRONG_KEY + "\r\n",
                    // Gemini clients may put the key in the query: it is not read as one, nor logged
                    "POST /v1beta/models/" + MODEL + ":generateContent?key=" + WRONG_KEY + " HTTP/1.1\r\n"
                            + "x-goog-api-key: " + WRONG_KEY + "\r\n");
            for (var head : sent) {
                var body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + WRONG_KEY
                        + "\"}]}";
                var answer = exchangeFrom(lan, port, head + "Host: " + lan.getHostAddress() + ":" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body);
                assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
            }
            sb.usage().flush();
            var logged = fx.store.usage().recent(10);
            assertEquals(3, logged.size(), logged.toString());
            var protocols = logged.stream().map(UsageRecord::clientProtocol).toList();
            assertEquals(List.of("gemini", "anthropic-messages", "openai-chat"), protocols);
            for (var r : logged) {
                assertRefusal(r, 401, LoggedOutcome.REFUSED, r.clientProtocol());
                assertTrue(r.error().startsWith("invalid_access_key ("), r.error());
                assertTrue(r.error().contains(" from " + lan.getHostAddress() + "): "), r.error());
                assertKeyAbsent(r.toString());
            }
            assertTrue(logged.get(0).error().contains(":generateContent from"), "the path without its query");
        } finally {
            fx.close();
        }
    }

    /**
     * From another machine: no key at all is refused with 401, and an address outside {@code allowed-ips} with
     * 403 before its key is even looked at; both are logged with the rule that refused them.
     */
    @Test
    void aMissingKeyAndAnAddressOutsideAllowedIpsAreLoggedAsRefused() throws Exception {
        var lan = nonLoopbackAddress();
        assumeTrue(lan != null, "this machine has no address but loopback");
        gw.close();
        gw = null;
        var fx = new GatewayFixture(dataDir, Clock.systemUTC());
        fx.store.accessKeys().create("laptop");
        try (var sb = Switchboard.start(fx.store, "0.0.0.0", 0, "test", Clock.systemUTC())) {
            int port = sb.gateway().port();
            var body = GatewayFixture.chatBody(MODEL, false);
            var head = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + lan.getHostAddress() + ":" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n";

            var keyless = exchangeFrom(lan, port, head + "\r\n" + body);
            fx.set(Setting.ALLOWED_IPS, "10.255.0.0/16");
            var outside = exchangeFrom(lan, port, head + KEY_LINES + "\r\n" + body);

            assertTrue(keyless.startsWith("HTTP/1.1 401 "), keyless);
            assertTrue(outside.startsWith("HTTP/1.1 403 "), outside);
            sb.usage().flush();
            var logged = fx.store.usage().recent(10);
            assertEquals(2, logged.size(), logged.toString());
            assertRefusal(logged.get(1), 401, LoggedOutcome.REFUSED, "openai-chat");
            assertTrue(logged.get(1).error().startsWith("missing_access_key (POST /v1/chat/completions from "
                    + lan.getHostAddress() + "): "), logged.get(1).error());
            assertRefusal(logged.get(0), 403, LoggedOutcome.REFUSED, "openai-chat");
            assertTrue(logged.get(0).error().startsWith("ip_not_allowed (POST /v1/chat/completions from "
                    + lan.getHostAddress() + "): "), logged.get(0).error());
        } finally {
            fx.close();
        }
    }

    private static void assertKeyAbsent(String text) {
        assertFalse(text.contains(WRONG_KEY), text);
        assertFalse(text.contains(ApiKey.mask(WRONG_KEY)), "not even masked: " + text);
        assertFalse(text.contains(WRONG_KEY.substring(0, 12)), "not a piece of it: " + text);
    }

    /** An IPv4 address of this machine that is not loopback (nor link-local), or null. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        var interfaces = NetworkInterface.getNetworkInterfaces();
        while (interfaces.hasMoreElements()) {
            var ni = interfaces.nextElement();
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (var a : java.util.Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    /** Sends {@code request} from {@code from} (so the gateway sees that address, not loopback). */
    private static String exchangeFrom(InetAddress from, int port, String request) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from, port), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- bodies the gateway refuses

    @Test
    void aBodyThatIsNotJsonIsLoggedAsInvalid() {
        int before = gw.usage().size();

        var reply = gw.send(keyed(GatewayFixture.PATH).POST(HttpRequest.BodyPublishers.ofString("not json at all"))
                .build());

        assertEquals(400, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 400, LoggedOutcome.INVALID_REQUEST, "openai-chat");
        assertTrue(r.error().startsWith("invalid_request: The request body is not valid JSON"), r.error());
        assertNull(r.requestedModel());
    }

    @Test
    void aBodyInvalidForItsProtocolIsLoggedWithTheModelItAskedForAndTheFieldAtFault() {
        int before = gw.usage().size();

        var reply = gw.send(keyed(GatewayFixture.PATH).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"" + MODEL + "\",\"messages\":\"hello\"}")).build());

        assertEquals(400, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 400, LoggedOutcome.INVALID_REQUEST, "openai-chat");
        assertEquals(MODEL, r.requestedModel());
        assertTrue(r.error().startsWith("invalid_request (messages): "), r.error());
        assertEquals(0, calls(gw.upstream("c1")));
    }

    @Test
    void aGeminiBodyIsLoggedWithTheModelOfItsPath() {
        int before = gw.usage().size();

        var reply = gw.send(keyed("/v1beta/models/" + MODEL + ":generateContent?key=" + WRONG_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")).build());

        assertEquals(400, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 400, LoggedOutcome.INVALID_REQUEST, "gemini");
        assertEquals(MODEL, r.requestedModel());
    }

    @Test
    void aBodyOver32MbIsLoggedAs413() throws Exception {
        int before = gw.usage().size();

        var reply = RawHttp.exchange(gw.port(), "POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + KEY_LINES
                + "Content-Type: application/json\r\nContent-Length: " + (32L * 1024 * 1024 + 1)
                + "\r\nConnection: close\r\n\r\n{\"model\":");

        assertEquals(413, reply.status());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 413, LoggedOutcome.INVALID_REQUEST, "openai-responses");
        assertTrue(r.error().startsWith("request_too_large: "), r.error());
    }

    @Test
    void aBodyThatCannotBeReadIsLoggedAsInvalid() throws Exception {
        int before = gw.usage().size();

        var reply = RawHttp.exchange(gw.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + KEY_LINES + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\n{\"mod\r\nzz\r\n");

        assertEquals(400, reply.status());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 400, LoggedOutcome.INVALID_REQUEST, "openai-chat");
        assertTrue(r.error().startsWith("unreadable_body: The request body could not be read"), r.error());
    }

    // ---- paths and methods that are not served

    @Test
    void anUnknownPathIsLoggedAsNoRouteNamingIt() {
        int before = gw.usage().size();

        var reply = gw.send(keyed("/v1/v1/messages").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertEquals(404, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 404, LoggedOutcome.NO_ROUTE, "openai-chat");
        assertTrue(r.error().startsWith("not_found (POST /v1/v1/messages): "), r.error());
    }

    @Test
    void aWrongMethodIsLoggedAsNoRoute() {
        int before = gw.usage().size();

        var reply = gw.send(keyed("/v1/messages").GET().build());

        assertEquals(405, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 405, LoggedOutcome.NO_ROUTE, "anthropic-messages");
        assertTrue(r.error().startsWith("method_not_allowed (GET /v1/messages): "), r.error());
    }

    @Test
    void aPathJettyRefusesIsLoggedInTheProtocolOfItsRoute() throws Exception {
        int before = gw.usage().size();

        var reply = RawHttp.exchange(gw.port(), "POST /v1/messages/%2e%2e/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + KEY_LINES + "Content-Length: 0\r\nConnection: close\r\n\r\n");

        assertEquals(400, reply.status());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 400, LoggedOutcome.INVALID_REQUEST, "anthropic-messages");
        assertTrue(r.error().startsWith("invalid_path (POST /v1/messages/%2e%2e/x): "), r.error());
    }

    // ---- models nothing can serve

    @Test
    void anUnknownModelIsLoggedAsNoCandidateNamingIt() {
        gw.set(Setting.FALLBACK_TO_AUTO, "false");
        int before = gw.usage().size();

        var reply = gw.send(keyed(GatewayFixture.PATH).POST(HttpRequest.BodyPublishers.ofString(
                GatewayFixture.chatBody("no-such-model", false))).build());

        assertEquals(404, reply.statusCode());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 404, LoggedOutcome.NO_CANDIDATE, "openai-chat");
        assertEquals("no-such-model", r.requestedModel());
        assertTrue(r.error().startsWith("No enabled model answers to 'no-such-model'"), r.error());
        assertEquals(0, calls(gw.upstream("c1")));
    }

    /**
     * The upstream rejects the channel's key once: the system disables the entry (that request is logged as
     * all-failed, having tried it). The next request for the model is refused without an attempt, as 503 and
     * {@code no_healthy_entry}, not as a name that nothing answers to.
     */
    @Test
    void aModelWhoseEntriesAreAllDisabledIsLoggedAsNoHealthyEntry() {
        GatewayFixture.fails(gw.upstream("c1"), 401, GatewayFixture.errorBody("Incorrect API key provided"));
        var first = gw.send(keyed(GatewayFixture.PATH).POST(HttpRequest.BodyPublishers.ofString(
                GatewayFixture.chatBody(MODEL, false))).build());
        assertEquals(502, first.statusCode(), first.body());
        assertTrue(gw.health("c1").systemDisabled(), "the key was rejected");
        int before = gw.usage().size();

        var reply = gw.send(keyed(GatewayFixture.PATH).POST(HttpRequest.BodyPublishers.ofString(
                GatewayFixture.chatBody(MODEL, false))).build());

        assertEquals(503, reply.statusCode(), reply.body());
        assertEquals("no_healthy_entry", GatewayFixture.json(reply.body()).path("error").path("code").asText());
        var r = theOneLoggedAfter(before);
        assertRefusal(r, 503, LoggedOutcome.NO_HEALTHY_ENTRY, "openai-chat");
        assertEquals(MODEL, r.requestedModel());
        assertTrue(r.error().startsWith("'" + MODEL + "' cannot be served now: c1/" + MODEL + " is disabled by the"
                + " system: HTTP 401"), r.error());
        assertEquals(1, calls(gw.upstream("c1")), "only the first request reached the upstream");
    }

    @Test
    void servedRequestsAreLoggedAsBeforeAndRefusalsBesideThem() {
        int before = gw.usage().size();

        assertEquals(200, gw.post(GatewayFixture.chatBody(MODEL, false)).statusCode());
        assertEquals(404, gw.send(gw.request("/nothing-here").GET().build()).statusCode());

        var all = gw.usage();
        assertEquals(before + 2, all.size(), all.toString());
        assertEquals(LoggedOutcome.NO_ROUTE, all.get(0).outcome());
        assertEquals(LoggedOutcome.SUCCESS, all.get(1).outcome());
        assertEquals("c1", all.get(1).channelName());
    }
}
