package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.RequestBodies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;

/** One admin request: its method, path segments, query and (read on first use) JSON body. */
final class AdminCall {
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Request request;
    final String method;
    final String path;
    /**
     * The path after {@code /admin/}, split at '/', each segment percent-decoded (Jetty leaves the path encoded:
     * a channel named {@code my relay} arrives as {@code my%20relay}); empty for {@code /v1/routing/…}.
     */
    final String[] segments;
    private Fields query;
    private AdminBody body;
    private String raw;

    AdminCall(Request request) {
        this.request = request;
        this.method = request.getMethod();
        this.path = Request.getPathInContext(request);
        this.segments = path.startsWith(AdminRouter.ADMIN_PREFIX)
                ? Arrays.stream(path.substring(AdminRouter.ADMIN_PREFIX.length()).split("/"))
                        .map(URIUtil::decodePath).toArray(String[]::new)
                : new String[0];
    }

    boolean is(String m) {
        return method.equals(m);
    }

    /** Refuses with 405 unless the method is one of {@code allowed} (comma-separated). */
    void allow(String allowed) {
        for (var m : allowed.split(",")) {
            if (m.strip().equals(method)) {
                return;
            }
        }
        throw new AdminRefusal(HttpStatus.METHOD_NOT_ALLOWED_405, "invalid_request_error", "method_not_allowed",
                method + " is not allowed on " + path + "; use " + allowed.replace(",", " or") + ".", allowed);
    }

    void expectDepth(int n) {
        if (segments.length != n) {
            throw notFound();
        }
    }

    AdminRefusal notFound() {
        return new AdminRefusal(HttpStatus.NOT_FOUND_404, "invalid_request_error", "not_found",
                "The admin API has no " + path + ".");
    }

    String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        }
        var v = query.getValue(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The body as text, for routes whose body is a document of its own (an imported configuration). */
    String rawBody() {
        if (raw == null) {
            raw = new String(readBody(), StandardCharsets.UTF_8);
        }
        return raw;
    }

    private byte[] readBody() {
        try {
            return RequestBodies.read(request, MAX_BODY_BYTES);
        } catch (RequestBodies.TooLarge e) {
            throw new AdminRefusal(HttpStatus.PAYLOAD_TOO_LARGE_413, "invalid_request_error", "request_too_large",
                    "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KB.");
        } catch (IOException e) {
            throw AdminRefusal.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    AdminBody body() {
        if (body == null) {
            body = AdminBody.parse(readBody());
        }
        return body;
    }

    /** The entry a request is about: {@code ?ref=} or {@code "ref"} in the body. */
    String ref() {
        var ref = query("ref");
        if (ref == null && !is("GET")) {
            ref = body().text("ref");
        }
        if (ref == null || ref.isBlank()) {
            throw AdminRefusal.badRequest("Say which entry: ?ref=<channel>/<model> or"
                    + " {\"ref\": \"<channel>/<model>\"}.");
        }
        return ref;
    }
}
