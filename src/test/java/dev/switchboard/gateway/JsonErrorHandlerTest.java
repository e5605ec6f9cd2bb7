package dev.switchboard.gateway;

import static dev.switchboard.gateway.MalformedUriTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.gateway.MalformedUriTest.Shape;
import dev.switchboard.store.Database;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Store;
import dev.switchboard.usage.UsageRecorder;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's error handler behind a handler that fails on purpose, for what a running gateway does not do on
 * request: throw, fail its callback, leave a request unhandled, or have Jetty answer with a status of its own
 * (413, 503). Whatever went wrong, the client reads JSON in its protocol's shape, without the exception's text.
 * What Jetty refused is in the request log; what failed (5xx) is not a refusal, and is not.
 */
class JsonErrorHandlerTest {
    private static final String SECRET = "secret-internal-detail";
    @TempDir
    static Path dataDir;
    private static Store store;
    private static UsageRecorder usage;
    private static Server server;
    private static ServerConnector connector;

    @BeforeAll
    static void start() throws Exception {
        store = Store.open(dataDir, Database.Check.FULL, Clock.systemUTC());
        usage = UsageRecorder.start(store.usage());
        server = new Server();
        connector = new ServerConnector(server, new TargetKeepingConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler(new Refusals(usage, Clock.systemUTC())));
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
        usage.close();
        store.close();
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
            usage.flush();
            long logged = store.usage().count();
            var reply = RawHttp.exchange(connector.getLocalPort(), method + " " + route + "/" + action
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            var error = assertError(reply, status, shape);
            assertFalse(reply.body().contains(SECRET), reply.body());
            if (status == 500) {
                assertEquals(ClientErrors.FAILED, error.get("message").asText());
            }
            usage.flush();
            if (status >= 500) {
                assertEquals(logged, store.usage().count(), "a failure is not a refusal");
            } else {
                var record = store.usage().recent(1).get(0);
                assertEquals(logged + 1, store.usage().count());
                assertEquals(status, record.status());
                assertEquals(status == 404 ? LoggedOutcome.NO_ROUTE : LoggedOutcome.INVALID_REQUEST, record.outcome());
                assertEquals(ClientProtocol.forPath(route).id(), record.clientProtocol());
                assertTrue(record.error().contains("(" + method + " " + route + "/" + action + ")"), record.error());
                assertFalse(record.error().contains(SECRET), record.error());
            }
        }
    }
}
