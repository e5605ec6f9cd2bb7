package dev.switchboard.gateway;

import static dev.switchboard.gateway.MalformedUriTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.gateway.MalformedUriTest.Shape;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's error handler behind a handler that fails on purpose, for what a running gateway does not do on
 * request: throw, fail its callback, leave a request unhandled, or have Jetty answer with a status of its own
 * (413, 503). Whatever went wrong, the client reads JSON in its protocol's shape, without the exception's text.
 */
class JsonErrorHandlerTest {
    private static final String SECRET = "secret-internal-detail";
    private static Server server;
    private static ServerConnector connector;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new TargetKeepingConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                var path = Request.getPathInContext(request);
                var action = path.substring(path.lastIndexOf('/') + 1);
                switch (action) {
                    case "throw" -> throw new IllegalStateException(SECRET + " at Foo.java:12");
                    case "fail" -> callback.failed(new RuntimeException(SECRET));
                    case "unhandled" -> {
                        return false;
                    }
                    default -> Response.writeError(request, response, callback, Integer.parseInt(action));
                }
                return true;
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "/v1/chat/completions, throw, 500, OPENAI",
        "/v1/messages, throw, 500, ANTHROPIC",
        "/v1beta/models/x:generateContent, throw, 500, GEMINI",
        "/v1/responses, fail, 500, OPENAI",
        "/v1/messages, fail, 500, ANTHROPIC",
        "/v1beta/models/x:streamGenerateContent, fail, 500, GEMINI",
        "/v1/chat/completions, unhandled, 404, OPENAI",
        "/v1/messages, unhandled, 404, ANTHROPIC",
        "/v1beta/models/x:generateContent, unhandled, 404, GEMINI",
        "/v1/chat/completions, 413, 413, OPENAI",
        "/v1/messages, 413, 413, ANTHROPIC",
        "/v1beta/models/x:generateContent, 413, 413, GEMINI",
        "/v1/messages, 503, 503, ANTHROPIC",
        "/v1beta/models/x:generateContent, 503, 503, GEMINI",
        "/admin/channels, 408, 408, OPENAI",
        "/v1/messages, 418, 418, ANTHROPIC",
    })
    void aFailureIsAnsweredInTheShapeOfThePath(String route, String action, int status, Shape shape) throws Exception {
        for (var method : new String[] {"POST", "DELETE"}) { // Jetty's own handler writes no body for DELETE
            var reply = RawHttp.exchange(connector.getLocalPort(), method + " " + route + "/" + action
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            var error = assertError(reply, status, shape);
            assertFalse(reply.body().contains(SECRET), reply.body());
            if (status == 500) {
                assertEquals(ClientErrors.FAILED, error.get("message").asText());
            }
        }
    }
}
