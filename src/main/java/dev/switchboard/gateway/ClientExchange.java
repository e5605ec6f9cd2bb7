package dev.switchboard.gateway;

import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.ClientHeaders;
import dev.switchboard.protocol.SseEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The client's side of one generation request: what is written back to it, in its protocol. A whole answer or
 * an error is written once; a stream is committed, written event by event, and ended.
 */
final class ClientExchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ClientProtocol protocol;

    ClientExchange(Request request, Response response, Callback callback, ClientProtocol protocol) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.protocol = protocol;
    }

    Request request() {
        return request;
    }

    ClientProtocol protocol() {
        return protocol;
    }

    /** What the client sent besides its body, for a passthrough to decide what goes on. */
    ClientHeaders clientHeaders() {
        var fields = request.getHeaders();
        var query = request.getHttpURI().getQuery();
        return new ClientHeaders() {
            @Override
            public String header(String name) {
                var values = fields.getValuesList(name);
                return values.isEmpty() ? null : String.join(", ", values);
            }

            @Override
            public String query() {
                return query;
            }
        };
    }

    /** An error of Switchboard's own, in the client protocol's error shape, with its HTTP status. */
    void error(ApiError error) {
        awake();
        Router.send(response, callback, error.status(), protocol.error(error));
    }

    /** A whole answer (or an upstream's own error body, relayed) with its status. */
    void whole(int status, String contentType, byte[] body) {
        awake();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType == null ? "application/json" : contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The status and headers of a stream; its bytes follow. */
    void commitStream() {
        awake();
        response.setStatus(200);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        h.put(HttpHeader.CACHE_CONTROL, "no-cache");
        h.put("X-Accel-Buffering", "no");
    }

    /** Writes and flushes, so that each event reaches the client the moment it is relayed. */
    void write(byte[] bytes) throws IOException {
        Content.Sink.write(response, false, ByteBuffer.wrap(bytes));
    }

    void write(List<SseEvent> events) throws IOException {
        for (var e : events) {
            write(e.raw());
        }
    }

    /** Ends a stream whose last events were written. */
    void end() {
        try {
            Content.Sink.write(response, true, null);
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    /** The client is gone (or its connection failed): nothing more can be written. */
    void abandon(Throwable why) {
        callback.failed(why);
    }

    /**
     * Counts the end of a wait as activity on the client's connection, just before the first bytes are written.
     * While an upstream thinks, the connection's idle timeouts are ignored (see {@link ProxyHandler}) but its idle
     * clock keeps running; a write that is still pending at the next idle check would otherwise be failed at once,
     * as idle since the request arrived, and the client would see its stream cut after the headers.
     */
    private void awake() {
        if (request.getConnectionMetaData().getConnection().getEndPoint() instanceof IdleTimeout t) {
            t.notIdle();
        }
    }
}
