package dev.switchboard.gateway;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 exactly as Jetty's own factory makes it, except that each connection keeps the request target (the
 * path and query of the request line) as the client sent it, until the next request begins.
 *
 * <p>Why: a target that is not a URI at all ({@code /v1/messages/%zz}, {@code /v1/messages/%00}) makes Jetty give
 * up before it builds a request, and the request its error handler then gets has the placeholder path
 * {@code /badMessage}: without the target as sent, {@link JsonErrorHandler} could not tell an Anthropic client
 * from an OpenAI one and would answer in the wrong shape. Nothing here changes what Jetty accepts or refuses.
 *
 * <p>This subclasses Jetty's {@code internal} connection, the one hook there is between the parser and the
 * request: a Jetty upgrade that changes it breaks the build here, loudly, not the behaviour silently.
 */
final class TargetKeepingConnectionFactory extends HttpConnectionFactory {
    TargetKeepingConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    /** As {@link HttpConnectionFactory#newConnection} of Jetty 12.1.14 does; compare when upgrading Jetty. */
    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        var connection = new TargetKeepingConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** The current request's target as the client sent it; null when the request line was not read that far. */
    static String sentTarget(Request request) {
        return request.getConnectionMetaData().getConnection() instanceof TargetKeepingConnection c ? c.target : null;
    }

    private static final class TargetKeepingConnection extends HttpConnection {
        /** Written by the parser's thread, read by whichever thread writes the error answer. */
        private volatile String target;

        TargetKeepingConnection(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
        }

        /** Called from the superclass's constructor: only the outer instance is used, later. */
        @Override
        protected RequestHandler newRequestHandler() {
            return new RequestHandler() {
                @Override
                public void messageBegin() {
                    target = null;
                    super.messageBegin();
                }

                @Override
                public void startRequest(String method, String uri, HttpVersion version) {
                    target = uri; // before Jetty parses it: that parse is what may fail
                    super.startRequest(method, uri, version);
                }
            };
        }
    }
}
