package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.routing.KeyRing;
import dev.switchboard.store.LiveSnapshot;
import dev.switchboard.store.LoggedOutcome;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Dispatches by path; {@code /admin/…} and {@code /v1/routing/…} go to the admin API ({@link JsonRoutes}), model lists,
 * model look-ups and Gemini's countTokens to {@link ModelRoutes}. Every answer, errors
 * included, is JSON in the caller's protocol's shape ({@link ClientErrors}), except {@code /metrics}, which is the
 * Prometheus text format ({@link GatewayMetrics}). The {@link AccessGuard} in front has
 * already let the request in; requests Jetty itself refuses never get here ({@link JsonErrorHandler}).
 *
 * <p>Every client route also answers behind {@code /g/<group>} ({@link PinnedPath}), which pins that group for the
 * caller's generation requests; a prefix naming no group is a 404 in the caller's protocol's shape.
 */
final class Router extends Handler.Abstract {
    private final LiveSnapshot live;
    private final String version;
    private final Clock clock;
    private final Instant started;
    private final ProxyHandler chat;
    private final ProxyHandler messages;
    private final ProxyHandler responses;
    private final ProxyHandler gemini;
    private final SurfaceHandler surface;
    private final JsonRoutes admin;
    private final ModelRoutes models;
    private final Refusals refusals;
    private final GatewayMetrics metrics;

    Router(GatewayContext ctx, JsonRoutes admin, ClientHangups hangups) {
        super(InvocationType.BLOCKING);
        this.live = ctx.live();
        this.version = ctx.version();
        this.clock = ctx.clock();
        this.started = clock.instant();
        var keys = new KeyRing(ctx.clock());
        this.chat = new ProxyHandler(ctx, keys, hangups, ClientProtocol.CHAT);
        this.messages = new ProxyHandler(ctx, keys, hangups, ClientProtocol.MESSAGES);
        this.responses = new ProxyHandler(ctx, keys, hangups, ClientProtocol.RESPONSES);
        this.gemini = new ProxyHandler(ctx, keys, hangups, ClientProtocol.GEMINI);
        this.surface = new SurfaceHandler(ctx, keys, hangups);
        this.admin = admin;
        this.models = new ModelRoutes(live, ctx.store() == null ? null : ctx.store().database().file().getParent());
        this.refusals = Refusals.of(ctx);
        this.metrics = ctx.metrics();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var full = Request.getPathInContext(request);
        var method = request.getMethod();
        try {
            if (admin.owns(full)) {
                var answer = admin.answer(request, response);
                send(response, callback, answer.status(), answer.body());
                return true;
            }
            var path = full;
            String pinned = null;
            var pin = PinnedPath.parse(full);
            if (pin != null) {
                // The admin API is never behind a pin: /g/x/admin/… is a client route that does not exist.
                var group = live.current().group(pin.group());
                if (group.isEmpty()) {
                    unknownGroup(request, response, callback, full, pin);
                    return true;
                }
                path = pin.rest();
                pinned = group.get().name();
            }
            route(request, response, callback, path, method, pinned);
        } catch (RuntimeException e) {
            System.getLogger(Router.class.getName()).log(System.Logger.Level.ERROR, "Unexpected failure on " + full, e);
            if (response.isCommitted()) {
                callback.failed(e);
                return true;
            }
            send(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, ClientErrors.body(full,
                    HttpStatus.INTERNAL_SERVER_ERROR_500, "server_error", "internal_error", ClientErrors.FAILED));
        }
        return true;
    }

    /**
     * A client route, the same with or without a {@code /g/<group>} prefix.
     *
     * @param path   the route without the prefix
     * @param pinned the group the prefix pins (its name as the store spells it), or null
     */
    private void route(Request request, Response response, Callback callback, String path, String method,
                       String pinned) {
        var generate = GeminiPath.parse(path);
        if (generate != null) {
            if (requirePost(path, method, response, callback)) {
                gemini.handle(request, response, callback, generate.model(), generate.stream(), pinned);
            }
            return;
        }
        if (ModelRoutes.owns(path)) {
            models.handle(request, response, callback, path, pinned);
            return;
        }
        switch (path) {
            // Claude Code probes the base URL with HEAD at start.
            case "/" -> {
                if (requireGet(path, method, response, callback)) {
                    var body = Mappers.JSON.createObjectNode().put("name", "Switchboard").put("version", version);
                    send(response, callback, HttpStatus.OK_200, body);
                }
            }
            case "/healthz" -> {
                if (requireGet(path, method, response, callback)) {
                    send(response, callback, HttpStatus.OK_200, health());
                }
            }
            // Prometheus scrapes; the access guard has let the caller in as it does a client's.
            case GatewayMetrics.PATH -> {
                if (requireGet(path, method, response, callback)) {
                    response.setStatus(HttpStatus.OK_200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE);
                    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                    response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
                }
            }
            // Some clients put /v1 in the base URL, others do not.
            case "/v1/chat/completions", "/chat/completions" -> {
                if (requirePost(path, method, response, callback)) {
                    chat.handle(request, response, callback, pinned);
                }
            }
            // Claude Code appends ?beta=true, which is not part of the path.
            case "/v1/messages", "/messages" -> {
                if (requirePost(path, method, response, callback)) {
                    messages.handle(request, response, callback, pinned);
                }
            }
            case "/v1/messages/count_tokens", "/messages/count_tokens" -> {
                if (requirePost(path, method, response, callback)) {
                    countTokens(request, response, callback);
                }
            }
            case "/v1/responses", "/responses" -> {
                if (requirePost(path, method, response, callback)) {
                    responses.handle(request, response, callback, pinned);
                }
            }
            default -> {
                // Embeddings, audio, images, …: by their model, as opaque passthroughs.
                var endpoint = Surface.of(path);
                if (endpoint == null) {
                    var message = notFound(method, path);
                    var full = Request.getPathInContext(request); // with its /g/<group> prefix, if any
                    refusals.record(request, full, null, HttpStatus.NOT_FOUND_404, LoggedOutcome.NO_ROUTE,
                            "not_found (" + AccessGuard.shown(method) + " " + AccessGuard.shown(full) + "): "
                                    + message);
                    RequestBodies.discard(request, response); // else the kept-alive connection breaks
                    send(response, callback, HttpStatus.NOT_FOUND_404, ClientErrors.body(path,
                            HttpStatus.NOT_FOUND_404, "invalid_request_error", "not_found", message));
                } else if (requirePost(path, method, response, callback)) {
                    // The OpenAI endpoints besides generation are routed by their model alone, pinned or not:
                    // another model's embeddings or voice is not what was asked for (SurfaceHandler).
                    surface.handle(request, response, callback, endpoint);
                }
            }
        }
    }

    /** {@code /g/<group>/…} naming no group: 404 in the shape of the client route behind it, and in the log. */
    private void unknownGroup(Request request, Response response, Callback callback, String full, PinnedPath pin) {
        var groups = live.current().groups().stream().map(g -> g.name()).toList();
        var shown = AccessGuard.shown(pin.group());
        var message = "There is no group '" + shown + "' for the path /g/" + shown + "/. Groups: "
                + String.join(", ", groups) + ". Create it (`switchboard groups create " + shown + "`), or point the"
                + " client at an address without /g/" + shown + "/.";
        refusals.record(request, full, null, HttpStatus.NOT_FOUND_404, LoggedOutcome.NO_ROUTE,
                "group_not_found (" + AccessGuard.shown(request.getMethod()) + " " + AccessGuard.shown(full) + "): "
                        + message);
        RequestBodies.discard(request, response); // else the kept-alive connection breaks
        var rest = pin.rest();
        var protocol = ModelRoutes.owns(rest) ? ModelRoutes.protocolOf(request, rest) : ClientProtocol.forPath(rest);
        send(response, callback, HttpStatus.NOT_FOUND_404, ClientErrors.body(protocol, HttpStatus.NOT_FOUND_404,
                "invalid_request_error", "group_not_found", message));
    }

    private static void countTokens(Request request, Response response, Callback callback) {
        try {
            var json = Mappers.EXACT.readTree(RequestBodies.read(request, ProxyHandler.MAX_REQUEST_BYTES));
            if (json == null || !json.isObject()) {
                throw new java.io.IOException("the body is not a JSON object");
            }
            send(response, callback, HttpStatus.OK_200,
                    Mappers.JSON.createObjectNode().put("input_tokens", TokenEstimate.of(json)));
        } catch (RequestBodies.TooLarge e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body is not read
            send(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, ClientProtocol.MESSAGES.error(
                    new dev.switchboard.protocol.ApiError(413, "request_too_large",
                            RequestBodies.overLimit(ProxyHandler.MAX_REQUEST_BYTES))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(response, callback, HttpStatus.BAD_REQUEST_400, ClientProtocol.MESSAGES.error(
                    new dev.switchboard.protocol.ApiError(400, "invalid_request", BodyJsonErrors.describe(e))));
        } catch (java.io.IOException e) {
            send(response, callback, HttpStatus.BAD_REQUEST_400, ClientProtocol.MESSAGES.error(
                    new dev.switchboard.protocol.ApiError(400, "invalid_request",
                            "count_tokens needs a Messages request body as JSON.")));
        }
    }

    private ObjectNode health() {
        var snapshot = live.current();
        var body = Mappers.JSON.createObjectNode();
        body.put("status", "ok");
        body.put("version", version);
        body.put("uptimeSeconds", java.time.Duration.between(started, clock.instant()).toSeconds());
        body.put("channels", snapshot.channels().size());
        body.put("entries", snapshot.entries().size());
        body.put("routableEntries", snapshot.routableEntries().size());
        return body;
    }

    /** What Switchboard serves, for a caller of a path it does not. */
    private static final String SERVED = "POST /v1/chat/completions, /v1/responses, "
            + Arrays.stream(Surface.values()).map(s -> "/v1" + s.path()).collect(Collectors.joining(", "))
            + " (OpenAI; also without /v1), /v1/messages, /v1/messages/count_tokens (Anthropic),"
            + " /v1beta/models/{model}:generateContent and :streamGenerateContent (Gemini); GET /v1/models,"
            + " /v1beta/models, /healthz, /metrics (Prometheus)";

    /** Also what {@link JsonErrorHandler} says for a 404 of Jetty's own, where the method and path are unknown. */
    static String notFound(String method, String path) {
        return "Switchboard has no endpoint " + (method == null ? "" : AccessGuard.shown(method) + " ")
                + AccessGuard.shown(path) + ". It serves " + SERVED + ". Point your client at http://<this address>/v1"
                + " (OpenAI) or the address itself (Anthropic, Gemini).";
    }

    private boolean requireGet(String path, String method, Response response, Callback callback) {
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            return true;
        }
        return refuseMethod(path, method, "GET", "GET, HEAD", response, callback);
    }

    private boolean requirePost(String path, String method, Response response, Callback callback) {
        if (HttpMethod.POST.is(method)) {
            return true;
        }
        return refuseMethod(path, method, "POST", "POST", response, callback);
    }

    private boolean refuseMethod(String path, String method, String use, String allow, Response response,
                                 Callback callback) {
        var message = AccessGuard.shown(method) + " is not allowed here; use " + use + ".";
        refusals.record(response.getRequest(), path, null, HttpStatus.METHOD_NOT_ALLOWED_405, LoggedOutcome.NO_ROUTE,
                "method_not_allowed (" + AccessGuard.shown(method) + " " + AccessGuard.shown(path) + "): " + message);
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        RequestBodies.discard(response.getRequest(), response); // else the kept-alive connection breaks
        send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, ClientErrors.body(path,
                HttpStatus.METHOD_NOT_ALLOWED_405, "invalid_request_error", "method_not_allowed", message));
        return false;
    }

    static void send(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = Mappers.JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
