package dev.switchboard.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for the requests {@code java.net.http.HttpClient} refuses to make: it will not
 * send a {@code Host} of our choosing, which is exactly what a DNS-rebinding page makes a browser do, nor a path
 * or request line that is not valid, which is what a broken or hostile client sends.
 */
final class RawHttp {
    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends one request with exactly these headers (Host included, or left out when absent) and reads the answer. */
    static Reply send(int port, String method, String path, Map<String, String> headers, String body) throws IOException {
        var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            var raw = socket.getInputStream().readAllBytes();
            return parse(new String(raw, StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends {@code request} byte for byte (each char one ISO-8859-1 byte, so any byte can be written, and nothing is
     * normalised the way HTTP clients normalise paths) and reads the answer until the server closes.
     */
    static Reply exchange(int port, String request) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Reply get(int port, String path, String host) throws IOException {
        var headers = new LinkedHashMap<String, String>();
        if (host != null) {
            headers.put("Host", host);
        }
        return send(port, "GET", path, headers, null);
    }

    private static Reply parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        var lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        var body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static String dechunk(String chunked) {
        var out = new ByteArrayOutputStream();
        var rest = chunked;
        while (true) {
            int eol = rest.indexOf("\r\n");
            int size = Integer.parseInt(rest.substring(0, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            // sizes count bytes: cut the bytes, not the characters
            var data = rest.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            out.write(data, 0, size);
            rest = new String(data, size + 2, data.length - size - 2, StandardCharsets.UTF_8);
        }
    }
}
