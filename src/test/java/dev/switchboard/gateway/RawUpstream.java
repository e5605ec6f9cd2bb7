package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A real upstream on a plain socket, for faults below HTTP that need exact control of the bytes: a chunked
 * stream that is reset (RST) or turns into a malformed chunk after some good events. It reads each request
 * (head and Content-Length body) and then hands the socket to the script.
 */
final class RawUpstream implements AutoCloseable {
    @FunctionalInterface
    interface Script {
        void serve(Socket socket, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    RawUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                var worker = new Thread(() -> {
                    try (socket) {
                        readRequest(socket.getInputStream());
                        script.serve(socket, socket.getOutputStream());
                    } catch (Exception ignored) {
                        // the gateway hung up: nothing to serve any more
                    }
                }, "raw-upstream-conn");
                worker.setDaemon(true);
                worker.start();
            }
        }, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    static void streamHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One HTTP chunk holding one SSE event. */
    static void eventChunk(OutputStream out, String data) throws IOException {
        var bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Closes with RST instead of FIN: the peer sees "connection reset". */
    static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void readRequest(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (var line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            var lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes((int) length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
