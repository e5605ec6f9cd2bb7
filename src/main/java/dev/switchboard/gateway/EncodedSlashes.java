package dev.switchboard.gateway;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's refusal of an encoded '/' ({@code %2F}) in a path, narrowed to the paths where it is ambiguous here.
 *
 * <p>Why: model ids may hold a '/' ({@code deepseek-ai/DeepSeek-V3.2}, {@code relay/gpt-4o}), and OpenAI's and
 * Anthropic's Java and Node SDKs send {@code models.retrieve("relay/gpt-4o")} as {@code /v1/models/relay%2Fgpt-4o}.
 * Jetty's default compliance refuses every {@code %2F} before any handler runs, so the server allows it
 * ({@link #COMPLIANCE}) and this handler, first in line, refuses it again everywhere but inside a model id
 * ({@link ModelPath#allowsEncodedSlash}), with the same 400 Jetty would have sent ({@link JsonErrorHandler} words
 * it). Every other ambiguity (encoded dots, empty segments, {@code %25}, …) stays refused by Jetty itself.
 */
final class EncodedSlashes extends Handler.Wrapper {
    /** Jetty's default, but for {@code %2F}, which this handler decides on. */
    static final UriCompliance COMPLIANCE = UriCompliance.DEFAULT.with("SWITCHBOARD",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR);

    EncodedSlashes(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (refused(request.getHttpURI(), Request.getPathInContext(request))) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                    "Ambiguous URI path separator");
            return true;
        }
        return super.handle(request, response, callback);
    }

    /**
     * Whether the path holds a {@code %2F} outside a model id, or beside a dot segment anywhere: Jetty resolves
     * {@code /x/a%2Fb/../y} to {@code /x/y} while a reader that decodes first sees {@code /x/a/y}, two paths.
     */
    static boolean refused(HttpURI uri, String path) {
        return uri != null && uri.hasViolation(UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)
                && (path == null || hasDotSegment(uri.getPath()) || !ModelPath.allowsEncodedSlash(path));
    }

    private static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return true;
        }
        for (var segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request with this violation is refused: by Jetty's compliance, or here. */
    static boolean refuses(UriCompliance compliance, HttpURI uri, UriCompliance.Violation violation) {
        if (violation == UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR && compliance.allows(violation)) {
            return refused(uri, uri.getCanonicalPath());
        }
        return !compliance.allows(violation);
    }
}
