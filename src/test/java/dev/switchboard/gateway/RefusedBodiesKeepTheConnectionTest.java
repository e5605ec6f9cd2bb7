package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request Switchboard refuses by its path or method still has its body read, so the client's kept-alive
 * connection carries its next request. Left unread, the body made Jetty close the connection after the answer, and
 * a client that had already reused it (the JDK's client, OkHttp) got "received no bytes" instead of an answer.
 */
class RefusedBodiesKeepTheConnectionTest {
    @TempDir
    Path dir;

    private GatewayFixture gw;

    @BeforeEach
    void start() {
        gw = GatewayFixture.withChannels(dir, 1);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /nowhere, 404", "POST, /healthz, 405", "PUT, /v1/chat/completions, 405"})
    void theNextRequestOnTheSameConnectionIsAnswered(String method, String path, int status) throws IOException {
        var body = "{\"model\":\"" + "x".repeat(512 * 1024) + "\"}"; // far more than arrives with the headers
        try (var socket = new Socket("127.0.0.1", gw.port())) {
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.flush();

            var first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 " + status + " "), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("connection: close"), first);

            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var second = readResponse(in);
            assertEquals("HTTP/1.1 200 OK", second.lines().findFirst().orElse(""), second);
        }
    }

    /** One response with a Content-Length body, headers and body as text. */
    private static String readResponse(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        var text = head.toString(StandardCharsets.US_ASCII);
        long length = 0;
        for (var line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        var bodyBytes = in.readNBytes((int) length);
        return text + new String(bodyBytes, StandardCharsets.UTF_8);
    }
}
