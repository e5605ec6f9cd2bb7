package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
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
 * A real upstream of one API type in the test JVM (a Jetty server on loopback) that checks each request the way
 * the real API does (path, auth header, required and unknown fields, tool-call pairing; the subclass's doc lists
 * its rules), refuses in that API's own error shape, and otherwise answers from the fixture files, streamed when
 * asked. It records every request it got with what it answered.
 *
 * <p>What it answers follows the {@link Script} of the case under way: a request that carries a tool result gets
 * the script's final text; a request that declares the script's tool (and carries no result yet) gets a call of
 * that tool; anything else (a text turn, a request without tools) gets the final text.
 */
abstract class ScriptedUpstream implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The tool call an upstream makes: one of the CLI's own tools, with its arguments. */
    record ToolCall(String name, JsonNode arguments) {
    }

    /**
     * What the upstream answers during one case: {@code toolCall} null for a text turn. Once a request carries
     * tool results, the answer is {@code finalText} if a result holds {@code resultContains}, else a text saying
     * what the result held instead (which the case's assertion on the printed answer then shows).
     */
    record Script(String finalText, ToolCall toolCall, String resultContains) {
        String answer(List<ToolResult> results) {
            if (toolCall == null || results.isEmpty()) {
                return finalText;
            }
            for (var r : results) {
                if (r.content().contains(resultContains)) {
                    return finalText;
                }
            }
            var held = results.stream().map(ToolResult::content).toList().toString();
            return "The tool result did not hold " + resultContains + ", it held: "
                    + (held.length() > 400 ? held.substring(0, 400) : held);
        }
    }

    /** A tool result found in a request, in this protocol's own shape; {@code id} null where it has none. */
    record ToolResult(String id, String name, String content) {
    }

    /** A request as it arrived. Header names are lower case. */
    record Incoming(String method, String path, String query, Map<String, List<String>> headers, String body,
            JsonNode json) {
        String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A refusal in the API's own shape. */
    record Refusal(int status, String body) {
        String message() {
            var tree = Fixtures.tree(body);
            var error = tree.path("error");
            return error.isObject() ? error.path("message").asText(error.toString()) : body;
        }
    }

    /**
     * One request and what this upstream did with it: {@code answer} is {@code text}, {@code tool-call} or
     * {@code refused} (or {@code models}, a model list); {@code callId} the id of the tool call it made (null for Gemini,
     * which has none); {@code written} the body as it went on the wire.
     */
    record Exchange(int seq, Incoming request, int status, String answer, String callId, String refusal,
            String written) {
    }

    final String type;
    final String model;
    final String key;
    private final Server server;
    private final ServerConnector connector;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile Script script;

    ScriptedUpstream(String type, String model, String key) {
        this.type = type;
        this.model = model;
        this.key = key;
        var pool = new QueuedThreadPool();
        pool.setName("scripted-" + type);
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
                    serve(request, response);
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

    /** The base URL a person would paste for this API type (what the channel is given). */
    abstract String baseUrl();

    /** The fixture folder under {@code answers/}. */
    abstract String protocol();

    /** Null when the request is one the real API would take; else its refusal. */
    abstract Refusal check(Incoming in);

    abstract boolean streams(Incoming in);

    /** Names of the function tools the request declares. */
    abstract List<String> declaredTools(JsonNode body);

    /** The parameter names of declared tool {@code tool}, empty when it is not declared. */
    abstract List<String> toolParameters(JsonNode body, String tool);

    abstract List<ToolResult> toolResults(JsonNode body);

    /** A new id for a tool call in this protocol's style; null where the protocol has none. */
    abstract String newCallId();

    /** The path of this API's model list (GET), null where it has none a client would ask. */
    String modelsPath() {
        return null;
    }

    /** This API's model list, naming {@link #model}. */
    String modelsListing() {
        throw new UnsupportedOperationException();
    }

    /** What separates SSE events on the wire. */
    String eventSeparator() {
        return "\n\n";
    }

    /** Whether a streamed answer includes {@code event} for this request (Chat's usage chunk is asked for). */
    boolean includes(Incoming in, String event) {
        return true;
    }

    /** Writes a streamed answer; Gemini without {@code alt=sse} overrides it. */
    void writeStream(Incoming in, Response response, List<String> events, StringBuilder written) throws Exception {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        for (var event : events) {
            if (includes(in, event)) {
                written.append(event).append(eventSeparator());
                write(response, event + eventSeparator(), false);
            }
        }
        write(response, "", true);
    }

    void script(Script next) {
        script = next;
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Exchanges from {@code from} (a value of {@link #mark()}) on. */
    List<Exchange> exchangesSince(int from) {
        var out = new ArrayList<Exchange>();
        for (var e : exchanges) {
            if (e.seq() >= from) {
                out.add(e);
            }
        }
        return out;
    }

    /** The sequence number the next request will get. */
    int mark() {
        return seq.get();
    }

    private void serve(Request request, Response response) throws Exception {
        var body = Content.Source.asString(request, StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, List<String>>();
        for (HttpField f : request.getHeaders()) {
            headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
        }
        JsonNode json = null;
        if (!body.isEmpty()) {
            try {
                json = Fixtures.JSON.readTree(body);
            } catch (Exception e) {
                json = null;
            }
        }
        var in = new Incoming(request.getMethod(), Request.getPathInContext(request), request.getHttpURI().getQuery(),
                headers, body, json);
        var n = seq.getAndIncrement();
        if (in.method().equals("GET") && in.path().equals(modelsPath())) {
            exchanges.add(new Exchange(n, in, 200, "models", null, null, modelsListing()));
            writeWhole(response, 200, modelsListing());
            return;
        }
        var refusal = json == null && !body.isEmpty() ? invalidJson() : check(in);
        if (refusal != null) {
            exchanges.add(new Exchange(n, in, refusal.status(), "refused", null, refusal.message(), refusal.body()));
            writeWhole(response, refusal.status(), refusal.body());
            return;
        }
        var current = script;
        if (current == null) {
            var none = new Refusal(503, "{\"error\":{\"message\":\"no case is running\"}}");
            exchanges.add(new Exchange(n, in, 503, "refused", null, none.message(), none.body()));
            writeWhole(response, 503, none.body());
            return;
        }
        var call = current.toolCall();
        var results = toolResults(json);
        var callTool = call != null && results.isEmpty() && declaredTools(json).contains(call.name());
        var values = new LinkedHashMap<String, String>();
        values.put("MODEL", Fixtures.escaped(model));
        values.put("ID", random(24));
        values.put("TEXT", Fixtures.escaped(current.answer(results)));
        String callId = null;
        if (callTool) {
            callId = newCallId();
            var args = Fixtures.JSON.writeValueAsString(call.arguments());
            values.put("CALL_ID", callId == null ? "" : Fixtures.escaped(callId));
            values.put("TOOL_NAME", Fixtures.escaped(call.name()));
            values.put("ARGUMENTS", args);
            values.put("ARGUMENTS_STRING", Fixtures.escaped(args));
        }
        var kind = callTool ? "tool-call" : "text";
        var stream = streams(in);
        var events = Fixtures.answer(protocol(), kind, stream, values);
        var written = new StringBuilder();
        try {
            if (stream) {
                writeStream(in, response, events, written);
            } else {
                written.append(events.get(0));
                writeWhole(response, 200, events.get(0));
            }
        } finally {
            exchanges.add(new Exchange(n, in, 200, kind, callId, null, written.toString()));
        }
    }

    /** The API's answer to a body that is not JSON. */
    abstract Refusal invalidJson();

    static void writeWhole(Response response, int status, String body) throws Exception {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        write(response, body, true);
    }

    static void write(Response response, String text, boolean last) throws Exception {
        Content.Sink.write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String random(int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /** The text of a tool result's content: a string, or the text of its blocks / parts. */
    static String text(JsonNode content) {
        if (content == null || content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            var sb = new StringBuilder();
            for (var block : content) {
                sb.append(block.has("text") ? block.path("text").asText() : text(block));
            }
            return sb.toString();
        }
        return content.toString();
    }

    static List<String> fieldNames(JsonNode object) {
        var names = new ArrayList<String>();
        if (object != null && object.isObject()) {
            object.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    int port() {
        return connector.getLocalPort();
    }
}
