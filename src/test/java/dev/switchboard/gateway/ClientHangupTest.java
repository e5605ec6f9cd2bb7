package dev.switchboard.gateway;

import static dev.switchboard.gateway.GatewayFixture.answers;
import static dev.switchboard.gateway.GatewayFixture.calls;
import static dev.switchboard.gateway.GatewayFixture.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up while its request waits for the upstream's first byte (DESIGN §3): the upstream call is
 * aborted at once, so the upstream stops generating (and billing), no other candidate is tried for a client that
 * has gone, and the request is logged as cancelled. The first-byte timeout is left at its default of 120 s, so an
 * upstream connection that closes within the test's time is the gateway's doing, not a timeout's.
 */
@Timeout(60)
class ClientHangupTest {
    @TempDir
    Path dataDir;

    private GatewayFixture gw;
    private final CountDownLatch requestArrived = new CountDownLatch(1);
    private final CountDownLatch upstreamClosed = new CountDownLatch(1);

    @BeforeEach
    void start() {
        gw = new GatewayFixture(dataDir, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** An upstream that thinks forever, after sending {@code head} (nothing, or a stream's headers). */
    private void slowFirstChannel(String head) throws IOException {
        var upstream = new RawUpstream((socket, out) -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            requestArrived.countDown();
            // The model thinks; the only thing that ends this wait is the gateway closing the connection.
            if (socket.getInputStream().read() < 0) {
                upstreamClosed.countDown();
            }
        });
        gw.closeWith(upstream);
        gw.channelAt("slow", upstream.baseUrl());
        answers(gw.channel("spare"));
        gw.start();
    }

    private void askAndHangUp(String body) throws Exception {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            assertTrue(requestArrived.await(20, TimeUnit.SECONDS), "the upstream got the request");
        } // the client hangs up
    }

    private void assertCancelledWithoutFailover() throws InterruptedException {
        assertTrue(upstreamClosed.await(20, TimeUnit.SECONDS),
                "the gateway closed the upstream connection when the client hung up");
        var logged = awaitLogged();
        assertEquals(LoggedOutcome.CANCELLED, logged.outcome());
        assertEquals(1, logged.attempts().size());
        assertEquals(LoggedOutcome.CANCELLED, logged.attempts().get(0).outcome());
        assertEquals(0, calls(gw.upstream("spare")), "no other candidate for a client that has gone");
        assertEquals(0, gw.health("slow").consecutiveFailures(), "the entry did nothing wrong");
    }

    /** The request is logged by the handler just after it aborted the upstream: wait for the record. */
    private UsageRecord awaitLogged() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (gw.usage().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the request was never logged");
            }
            Thread.sleep(20); // polling for a record written on the gateway's thread
        }
        return gw.lastUsage();
    }

    @Test
    void abortsTheUpstreamWhenAStreamingClientHangsUpBeforeTheHeaders() throws Exception {
        slowFirstChannel("");

        askAndHangUp(chatBody("auto", true));

        assertCancelledWithoutFailover();
    }

    @Test
    void abortsTheUpstreamWhenAStreamingClientHangsUpBeforeTheFirstEvent() throws Exception {
        slowFirstChannel("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");

        askAndHangUp(chatBody("auto", true));

        assertCancelledWithoutFailover();
    }

    @Test
    void abortsTheUpstreamWhenAClientWaitingForAWholeAnswerHangsUp() throws Exception {
        slowFirstChannel("");

        askAndHangUp(chatBody("auto", false));

        assertCancelledWithoutFailover();
    }

    /** The watch for hang-ups must not steal a persistent connection's next request. */
    @Test
    void servesSeveralRequestsOnOneConnection() throws Exception {
        answers(gw.channel("c1"));
        gw.start();

        try (var socket = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            var in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                var bytes = chatBody("auto", false).getBytes(StandardCharsets.UTF_8);
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                var answer = readResponse(in);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(answer.contains("Hello there"), answer);
            }
        }
        assertEquals(3, calls(gw.upstream("c1")));
    }

    /** One response with a Content-Length body, read off a persistent connection. */
    private static String readResponse(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (var line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
