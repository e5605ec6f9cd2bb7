package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.store.LiveSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The model routes, each answered in the shape of the protocol its caller speaks: the list ({@code GET /v1/models},
 * {@code /models}, {@code /v1beta/models}), one model ({@code GET /v1/models/{id}}, {@code /models/{id}},
 * {@code /v1beta/models/{id}}: OpenAI's {@code models.retrieve}, Anthropic's, Gemini's {@code models.get}), and
 * Gemini's {@code POST …/models/{model}:countTokens} on {@code /v1beta} and {@code /v1}. Gemini's generation paths
 * are the {@link Router}'s.
 *
 * <p>countTokens is estimated here ({@link TokenEstimate}), as Anthropic's count_tokens already is, not forwarded to
 * a {@code gemini} channel: the name may route to an OpenAI-compatible or Anthropic channel, or to a group, none of
 * which counts in Gemini's terms; a forwarded count would cost an upstream call (and a failover path) for what is a
 * budgeting hint; and one answer for every upstream keeps the count the same whichever channel is up.
 *
 * <p>Who is calling, when one path serves three protocols ({@link #caller}): under {@code /v1beta} only Google's
 * clients call. Elsewhere Anthropic's SDKs always send {@code anthropic-version}, whichever way they authenticate
 * ({@code x-api-key}, or {@code Authorization: Bearer} as Claude Code may); Google's send their key as
 * {@code x-goog-api-key} or {@code ?key=}, and {@code x-goog-api-client} whatever their auth (the Gen AI SDKs call
 * {@code /v1/models} when set to API version {@code v1}); everyone else gets OpenAI's shape, which most clients and
 * scripts read.
 *
 * <p>Behind {@code /g/<group>/} the list is that group's: the group first, then its members by the names clients
 * use, since every generation request there goes to the group and one naming a member gets that member first.
 * Looking up one model answers as without the prefix.
 *
 * <p>Paging: OpenAI's list has none. Anthropic's ({@code limit}, {@code after_id}, {@code before_id}) and Gemini's
 * ({@code pageSize}, {@code pageToken} → {@code nextPageToken}) are honoured when the caller asks for them; without
 * them the whole list comes in one page, since it is short and a client that reads only the first page (Claude
 * Code's and Gemini CLI's pickers, scripts) should still see every model. Neither SDK sends a page size unless its
 * user gives one.
 */
final class ModelRoutes {
    private static final Set<String> LISTS = Set.of("/v1/models", "/models", "/v1beta/models");
    /** Anthropic's and Google's largest page. */
    private static final int MAX_PAGE = 1000;

    private final LiveSnapshot live;
    private final Path dataFolder;
    private volatile Catalog catalog;

    /** @param dataFolder where a {@code models.json} override may be; null for the bundled catalog only */
    ModelRoutes(LiveSnapshot live, Path dataFolder) {
        this.live = live;
        this.dataFolder = dataFolder;
    }

    /** Whether the path is a model route; Gemini's generation paths are not ({@link GeminiPath}). */
    static boolean owns(String path) {
        if (LISTS.contains(path)) {
            return true;
        }
        var parsed = ModelPath.parse(path);
        return parsed != null && (parsed.method() == null || parsed.method().equals(ModelPath.COUNT_TOKENS));
    }

    /** @param pinned the group a {@code /g/<group>/} prefix pins, whose list is that group's; or null */
    void handle(Request request, Response response, Callback callback, String path, String pinned) {
        var method = request.getMethod();
        var parsed = ModelPath.parse(path);
        if (parsed != null && ModelPath.COUNT_TOKENS.equals(parsed.method())) {
            if (!HttpMethod.POST.is(method)) {
                refuseMethod(ClientProtocol.GEMINI, method, "POST", response, callback);
                return;
            }
            countTokens(request, response, callback);
            return;
        }
        var caller = protocolOf(request, path);
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            if (parsed == null) {
                refuseMethod(caller, method, "GET", response, callback);
            } else {
                // No other method is served on a model, as OpenAI's API answers: no such endpoint.
                RequestBodies.discard(request, response);
                error(response, callback, caller, new ApiError(HttpStatus.NOT_FOUND_404, "not_found",
                        Router.notFound(method, path), "not_found", null));
            }
            return;
        }
        var models = ModelList.of(live.current(), catalog());
        if (parsed == null) {
            list(request, response, callback, caller, pinned == null ? models.all() : models.pinnedTo(pinned));
            return;
        }
        var found = models.find(parsed.id());
        if (found.isEmpty()) {
            var listPath = caller == ClientProtocol.GEMINI ? parsed.prefix().substring(0, parsed.prefix().length() - 1)
                    : "/v1/models";
            error(response, callback, caller, new ApiError(HttpStatus.NOT_FOUND_404, "not_found", "Switchboard serves"
                    + " no model '" + AccessGuard.shown(parsed.id()) + "'. GET " + listPath + " lists every group and"
                    + " model it serves; `channel/model` names one model of one channel.", "model_not_found",
                    "model"));
            return;
        }
        var m = found.get();
        Router.send(response, callback, HttpStatus.OK_200, switch (caller) {
            case MESSAGES -> ModelList.anthropic(m);
            case GEMINI -> ModelList.gemini(m);
            default -> ModelList.openAi(m);
        });
    }

    /**
     * The protocol whose shape answers a model route, errors included (the {@link AccessGuard}'s refusals too):
     * Gemini's under {@code /v1beta} and for a method after the id ({@code :countTokens}), else by {@link #caller}.
     */
    static ClientProtocol protocolOf(Request request, String path) {
        var parsed = ModelPath.parse(path);
        if (path.equals("/v1beta/models") || parsed != null && (parsed.geminiOnly() || parsed.method() != null)) {
            return ClientProtocol.GEMINI;
        }
        return caller(request);
    }

    /** The protocol of a caller of {@code /v1/models} and {@code /models}, by what its SDK always sends. */
    static ClientProtocol caller(Request request) {
        var headers = request.getHeaders();
        if (headers.contains("anthropic-version")) {
            return ClientProtocol.MESSAGES;
        }
        if (headers.contains("x-goog-api-key") || headers.contains("x-goog-api-client")
                || query(request).get("key") != null) {
            return ClientProtocol.GEMINI;
        }
        return ClientProtocol.CHAT;
    }

    private void list(Request request, Response response, Callback callback, ClientProtocol caller,
                      List<ModelList.Listed> all) {
        try {
            var query = query(request);
            Object body = switch (caller) {
                case MESSAGES -> anthropicPage(all, query);
                case GEMINI -> geminiPage(all, query);
                default -> ModelList.openAiList(all);
            };
            Router.send(response, callback, HttpStatus.OK_200, body);
        } catch (BadPage e) {
            error(response, callback, caller, new ApiError(HttpStatus.BAD_REQUEST_400, "invalid_request",
                    e.getMessage(), "invalid_request", e.param));
        }
    }

    /** Anthropic's paging: a page after {@code after_id} or before {@code before_id}, {@code limit} long. */
    private static JsonNode anthropicPage(List<ModelList.Listed> all, Fields query) throws BadPage {
        var after = query.getValue("after_id");
        var before = query.getValue("before_id");
        if (after != null && before != null) {
            throw new BadPage("Give after_id or before_id, not both.", "before_id");
        }
        int limit = size(query, "limit", 1);
        if (before != null) {
            int end = indexOf(all, before, "before_id");
            int start = Math.max(0, end - limit);
            return ModelList.anthropicList(all.subList(start, end), start > 0);
        }
        int start = after == null ? 0 : indexOf(all, after, "after_id") + 1;
        int end = (int) Math.min(all.size(), (long) start + limit);
        return ModelList.anthropicList(all.subList(start, end), end < all.size());
    }

    /** Google's paging: {@code pageSize} models from the offset {@code pageToken} names (opaque to clients). */
    private static JsonNode geminiPage(List<ModelList.Listed> all, Fields query) throws BadPage {
        // Google reads a pageSize of 0 as none given (proto3's default).
        int size = size(query, "pageSize", 0);
        var token = query.getValue("pageToken");
        int start = 0;
        if (token != null && !token.isEmpty()) {
            try {
                start = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 0 || start > all.size()) {
                throw new BadPage("pageToken is not one this list gave out; list again without it.", "pageToken");
            }
        }
        int end = (int) Math.min(all.size(), (long) start + size);
        return ModelList.geminiList(all.subList(start, end), end < all.size() ? Integer.toString(end) : null);
    }

    /** A page size from {@code min} to {@value #MAX_PAGE} (more is cut to it); everything when none is given. */
    private static int size(Fields query, String name, int min) throws BadPage {
        var value = query.getValue(name);
        if (value == null || value.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadPage(name + " must be a whole number from " + Math.max(1, min) + " to " + MAX_PAGE + ".",
                    name);
        }
        if (n < min) {
            throw new BadPage(name + " must be a whole number from " + Math.max(1, min) + " to " + MAX_PAGE + ".",
                    name);
        }
        return n == 0 ? Integer.MAX_VALUE : Math.min(n, MAX_PAGE);
    }

    private static int indexOf(List<ModelList.Listed> all, String id, String param) throws BadPage {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new BadPage(param + " '" + AccessGuard.shown(id) + "' is not in the model list; list again without"
                + " it.", param);
    }

    /** A paging parameter that cannot be honoured; {@code param} names it. */
    private static final class BadPage extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient String param;

        BadPage(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }
    }

    /**
     * {@code POST …/models/{model}:countTokens}. The model is not looked up: the estimate does not depend on it, and
     * a generation request naming it would be resolved as any other (DESIGN §2), fuzzy match and fallback included.
     */
    private static void countTokens(Request request, Response response, Callback callback) {
        JsonNode json;
        try {
            json = Mappers.EXACT.readTree(RequestBodies.read(request, ProxyHandler.MAX_REQUEST_BYTES));
        } catch (RequestBodies.TooLarge e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, callback, ClientProtocol.GEMINI, new ApiError(HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "request_too_large", RequestBodies.overLimit(ProxyHandler.MAX_REQUEST_BYTES)));
            return;
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            error(response, callback, ClientProtocol.GEMINI, new ApiError(HttpStatus.BAD_REQUEST_400,
                    "invalid_request", "countTokens needs a JSON object with `contents` (or `generateContentRequest`)"
                    + " as its body."));
            return;
        }
        Router.send(response, callback, HttpStatus.OK_200,
                Mappers.JSON.createObjectNode().put("totalTokens", TokenEstimate.ofGemini(json)));
    }

    private static void refuseMethod(ClientProtocol caller, String method, String allow, Response response,
                                     Callback callback) {
        response.getHeaders().put(HttpHeader.ALLOW, allow.equals("GET") ? "GET, HEAD" : allow);
        error(response, callback, caller, new ApiError(HttpStatus.METHOD_NOT_ALLOWED_405, "invalid_request",
                AccessGuard.shown(method) + " is not allowed here; use " + allow + ".", "method_not_allowed", null));
    }

    private static void error(Response response, Callback callback, ClientProtocol caller, ApiError error) {
        Router.send(response, callback, error.status(), caller.error(error));
    }

    /** The query's parameters; none when it cannot be read (a bad escape), which no paging depends on. */
    private static Fields query(Request request) {
        try {
            return Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            return Fields.EMPTY;
        }
    }

    /**
     * Loaded at the first model request, not at start: most gateway starts never need it. Once, as the window loads
     * it: an edited {@code models.json} counts from the next start.
     */
    private Catalog catalog() {
        var c = catalog;
        if (c == null) {
            synchronized (this) {
                c = catalog;
                if (c == null) {
                    c = dataFolder == null ? Catalog.bundled() : Catalog.load(dataFolder);
                    catalog = c;
                }
            }
        }
        return c;
    }
}
