package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Google's official Java SDK ({@code com.google.genai}) talking to a local server that answers with what a test
 * gives it. It is the judge of what Switchboard sends a Gemini client (the SDK's own SSE reader, JSON mapping and
 * error handling read it), and the source of requests exactly as the SDK writes them.
 */
final class GoogleSdk implements AutoCloseable {
    private final HttpServer server;
    private final Client client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "application/json";
    private volatile byte[] body = new byte[0];

    GoogleSdk() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestURI() + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        client = Client.builder().apiKey("test-key").httpOptions(HttpOptions.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).timeout(10_000)
                // one attempt: an error answer is what a test asks for, not something to wait out
                .retryOptions(HttpRetryOptions.builder().attempts(1)).build()).build();
    }

    Client client() {
        return client;
    }

    private void answer(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** A whole answer as the SDK reads it from {@code generateContent}. */
    GenerateContentResponse generate(JsonNode answer) {
        answer(200, "application/json", answer.toString().getBytes(StandardCharsets.UTF_8));
        return client.models.generateContent("gemini-2.5-pro", "hi", null);
    }

    /**
     * A stream as the SDK reads it from {@code generateContentStream}: every chunk it yields, or the
     * {@link ApiException} it throws for an error chunk (with the chunks before it in {@code received}).
     */
    List<GenerateContentResponse> stream(byte[] sse, List<GenerateContentResponse> received) {
        answer(200, "text/event-stream", sse);
        try (var stream = client.models.generateContentStream("gemini-2.5-pro", "hi", null)) {
            for (var chunk : stream) {
                received.add(chunk);
            }
        }
        return received;
    }

    List<GenerateContentResponse> stream(byte[] sse) {
        return stream(sse, new ArrayList<>());
    }

    /** What the SDK throws for an error answer with this status and body. */
    ApiException error(int status, JsonNode error) {
        answer(status, "application/json", error.toString().getBytes(StandardCharsets.UTF_8));
        try {
            client.models.generateContent("gemini-2.5-pro", "hi", null);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the SDK accepted an error answer");
    }

    /** The request body the SDK writes for these contents and config (the answer is a minimal one). */
    String request(List<Content> contents, GenerateContentConfig config) {
        answer(200, "application/json", ("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
                + "[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\",\"index\":0}]}").getBytes(StandardCharsets.UTF_8));
        requests.clear();
        client.models.generateContent("gemini-2.5-pro", contents, config);
        var last = requests.get(requests.size() - 1);
        return last.substring(last.indexOf(' ') + 1);
    }

    @Override
    public void close() {
        client.close();
        server.stop(0);
    }
}
