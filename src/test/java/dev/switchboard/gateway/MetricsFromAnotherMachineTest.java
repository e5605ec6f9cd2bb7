package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.metrics.PrometheusText;
import dev.switchboard.service.Switchboard;
import dev.switchboard.store.Database;
import dev.switchboard.store.Store;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} is behind the access guard exactly like the client routes: a Prometheus on another machine scrapes
 * with a client access key ({@code Authorization: Bearer}, which its {@code authorization} config sends), and is
 * refused 401 without one; a caller on this machine needs none, as for the client routes. Sent from this machine's
 * own non-loopback address, so the gateway sees a caller that is not loopback.
 */
class MetricsFromAnotherMachineTest {
    @TempDir
    Path dataDir;

    private InetAddress lan;
    private Store store;
    private Switchboard switchboard;
    private String clientKey;

    @BeforeEach
    void start() throws SocketException {
        lan = nonLoopbackAddress();
        assumeTrue(lan != null, "this machine has no address but loopback");
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        clientKey = store.accessKeys().create("prometheus").secret().reveal();
        switchboard = Switchboard.start(store, "0.0.0.0", 0, "test", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private String get(InetAddress from, String headerLines) throws IOException {
        var port = switchboard.gateway().port();
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(from, port), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: " + from.getHostAddress() + ":" + port
                    + "\r\n" + headerLines + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aScrapeFromAnotherMachineNeedsAClientAccessKey() throws Exception {
        var keyless = get(lan, "");
        assertTrue(keyless.startsWith("HTTP/1.1 401 "), keyless);
        assertEquals("missing_access_key", GatewayFixture.json(body(keyless)).path("error").path("code").asText());
        assertFalse(body(keyless).contains("switchboard_requests"), "no metrics without a key: " + keyless);

        var wrong = get(lan, "Authorization: Bearer sk-FAKE-not-a-key-of-this-switchboard\r\n");
        assertTrue(wrong.startsWith("HTTP/1.1 401 "), wrong);
        assertEquals("invalid_access_key", GatewayFixture.json(body(wrong)).path("error").path("code").asText());

        switchboard.usage().flush(); // the two refusals are counted before the next scrape
        var keyed = get(lan, "Authorization: Bearer " + clientKey + "\r\n");
        assertTrue(keyed.startsWith("HTTP/1.1 200 "), keyed);
        var s = PrometheusText.parse(body(keyed));
        assertEquals(2, s.value("switchboard_refused_requests_total", "outcome", "refused"),
                "the refused scrapes are refusals like any other");
        assertFalse(body(keyed).contains(clientKey), "a key is never in the metrics");
    }

    @Test
    void aScrapeFromThisMachineNeedsNoKeyLikeTheClientRoutes() throws IOException {
        var local = get(InetAddress.getLoopbackAddress(), "");
        assertTrue(local.startsWith("HTTP/1.1 200 "), local);
        assertTrue(body(local).contains("switchboard_info{version=\"test\"} 1"), local);
    }

    /** An IPv4 address of this machine that is not loopback (nor link-local), or null. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (var ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (var a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }
}
