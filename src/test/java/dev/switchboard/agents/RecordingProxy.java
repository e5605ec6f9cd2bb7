package dev.switchboard.agents;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What a CLI talks to: a loopback server that records each request as the CLI sent it (headers, query, body) and
 * forwards it unchanged to Switchboard, streaming Switchboard's answer back as it comes and recording its status
 * and body. So the suite sees exactly what the CLI sent and every answer Switchboard gave, refusals included.
 */
final class RecordingProxy implements AutoCloseable {
    /** Hop-by-hop headers and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "proxy-connection", "http2-settings");

    /** One request of the CLI and Switchboard's answer. Header names are lower case. */
    record Recorded(int seq, String method, String path, String query, Map<String, List<String>> headers,
            String body, int status, String answer) {
        String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : String.join(",", values);
        }

        String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final String target;
    private final Server server;
    private final ServerConnector connector;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Recorded> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();

    RecordingProxy(String target) {
        this.target = target;
        var pool = new QueuedThreadPool();
        pool.setName("recording-proxy");
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
                    forward(request, response);
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

    String url() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    int mark() {
        return seq.get();
    }

    List<Recorded> since(int from) {
        var out = new ArrayList<Recorded>();
        for (var r : records) {
            if (r.seq() >= from) {
                out.add(r);
            }
        }
        return out;
    }

    private void forward(Request request, Response response) throws Exception {
        var body = Content.Source.asString(request, StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, List<String>>();
        var query = request.getHttpURI().getQuery();
        var path = Request.getPathInContext(request);
        var out = HttpRequest.newBuilder(URI.create(target + request.getHttpURI().getPathQuery()))
                .timeout(Duration.ofSeconds(300));
        for (HttpField f : request.getHeaders()) {
            headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
            if (!NOT_FORWARDED.contains(f.getLowerCaseName())) {
                out.header(f.getName(), f.getValue());
            }
        }
        var method = request.getMethod();
        out.method(method, body.isEmpty() && !method.equals("POST") && !method.equals("PUT")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var n = seq.getAndIncrement();
        HttpResponse<java.io.InputStream> answer;
        try {
            answer = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (Exception e) {
            records.add(new Recorded(n, method, path, query, headers, body, 599, "proxy could not reach Switchboard: "
                    + e));
            response.setStatus(502);
            Content.Sink.write(response, true, ByteBuffer.wrap(new byte[0]));
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            var lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status") && !lower.equals("date")
                    && !lower.equals("server")) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        var copy = new ByteArrayOutputStream();
        try (var in = answer.body()) {
            var buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                copy.write(buffer, 0, read);
                Content.Sink.write(response, false, ByteBuffer.wrap(buffer.clone(), 0, read));
            }
        } finally {
            records.add(new Recorded(n, method, path, query, headers, body, answer.statusCode(),
                    copy.toString(StandardCharsets.UTF_8)));
        }
        Content.Sink.write(response, true, ByteBuffer.wrap(new byte[0]));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
