package dev.switchboard.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real upstream whose answer is a piece of test code, for what WireMock cannot do: stream events slowly, wait
 * for the test before the next event, and notice when the gateway closes the connection. The script writes with
 * blocking writes; a write that fails throws, and the script decides what that means.
 */
final class JettyUpstream implements AutoCloseable {
    @FunctionalInterface
    interface Script {
        void serve(Request request, Response response) throws Exception;
    }

    private final Server server;
    private final ServerConnector connector;

    JettyUpstream(Script script) {
        var pool = new QueuedThreadPool();
        pool.setName("test-upstream"); // so that a test can tell its threads from the gateway's
        server = new Server(pool);
        server.setStopTimeout(2000);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                try {
                    Content.Source.consumeAll(request);
                    script.serve(request, response);
                    callback.succeeded();
                } catch (Throwable t) {
                    callback.failed(t);
                }
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL a channel uses (with /v1). */
    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/v1";
    }

    /** Connections from the gateway open now, idle pooled ones included. */
    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    static void startStream(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    }

    /** Writes one SSE event ({@code data: json}) and flushes it; throws when the connection is gone. */
    static void event(Response response, String data) throws IOException {
        write(response, "data: " + data + "\n\n", false);
    }

    static void write(Response response, String text, boolean last) throws IOException {
        Content.Sink.write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A Chat Completions chunk carrying {@code text}. */
    static String chunk(String text) {
        return "{\"id\":\"chatcmpl-j\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"up-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    /** The Chat chunk that ends an answer: its {@code finish_reason}. */
    static String finishChunk() {
        return "{\"id\":\"chatcmpl-j\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"up-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
