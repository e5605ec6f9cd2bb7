package dev.switchboard.gateway;

import dev.switchboard.store.LoggedOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's error handler: what Jetty answers with when it refuses a request before (or instead of) the
 * {@link Router} — a request line or header it cannot parse (400, 414, 431, 505), an ambiguous or malformed path
 * ({@code %2F}, {@code %2e%2e}, {@code //}, {@code %00}, a backslash, {@code %zz}), an {@code Expect} it does not
 * know, a handler that threw (500). Jetty's own handler writes an HTML page that no client SDK can parse; this one
 * writes JSON in the error shape of the protocol the path belongs to ({@link ClientErrors}), with a message in
 * plain words: what was wrong and what to do. Never a stack trace, an exception's text or Jetty's wording, which
 * is only logged.
 *
 * <p>Jetty's URI compliance is left as it is but for an encoded '/' inside a model id ({@link EncodedSlashes}):
 * ambiguous paths stay refused, since a path that two components could read two ways is how requests slip past
 * checks. Only the refusal's form changes.
 */
final class JsonErrorHandler implements Request.Handler {
    private static final System.Logger LOG = System.getLogger(JsonErrorHandler.class.getName());
    /** Jetty's path for a request whose request line it could not make into a request. */
    private static final String UNPARSED = "/badMessage";

    private final Refusals refusals;

    JsonErrorHandler(Refusals refusals) {
        this.refusals = refusals;
    }

    /** An error's OpenAI type and code, and its message. */
    record Words(String type, String code, String message) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s) {
            status = s;
        }
        var cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        if (cause instanceof HttpException h && h.getCode() > 0) {
            status = h.getCode();
        }
        response.setStatus(status);
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        var reason = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m ? m : null;
        var facts = Facts.of(request, status, reason);
        var words = words(facts);
        var what = AccessGuard.shown(request.getMethod()) + " " + AccessGuard.shown(facts.pathWithoutQuery());
        if (status >= 500 && status != HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) { // 505 is the client's doing
            // Jetty has logged the exception already (Response.writeError): a warning with its stack, or at debug
            // level when it is a quiet one, such as the connection of a request in flight closing at shutdown. Not a
            // refusal, and not recorded: a failed request was recorded by its handler (a client that went away is
            // "cancelled"), and stopping is not the client's doing.
            LOG.log(System.Logger.Level.DEBUG, "Answered " + status + " to " + what + ": " + reason);
        } else {
            // The request log's line in the log file says it too; Jetty's reason phrase is only for this one.
            LOG.log(System.Logger.Level.DEBUG, "Refused " + what + " with " + status + ": " + reason);
            var outcome = status == HttpStatus.NOT_FOUND_404 || status == HttpStatus.METHOD_NOT_ALLOWED_405
                    ? LoggedOutcome.NO_ROUTE : LoggedOutcome.INVALID_REQUEST;
            refusals.record(request, facts.path(), null, status, outcome, words.code() + " (" + what + "): "
                    + words.message());
        }
        Router.send(response, callback, status, ClientErrors.body(facts.path(), status, words.type(), words.code(),
                words.message()));
        return true;
    }

    /**
     * What is known of a refused request.
     *
     * @param reason      Jetty's reason phrase: logged, never shown (its wording may change with any Jetty release)
     * @param path        the target as sent, or Jetty's path for the request, or null
     * @param lineRead    the request line was read (method, target and version made sense as such)
     * @param pathFaults  what is wrong with the path, in plain words; empty when the path is not what was refused
     * @param headerLimit the most bytes of request line and headers Jetty reads
     */
    record Facts(int status, String reason, String path, boolean lineRead, List<String> pathFaults,
                 int headerLimit) {
        static Facts of(Request request, int status, String reason) {
            var config = request.getConnectionMetaData().getHttpConfiguration();
            var uri = request.getHttpURI();
            var parsedPath = uri == null ? null : uri.getPath();
            var sent = TargetKeepingConnectionFactory.sentTarget(request);
            var faults = new ArrayList<String>();
            if (sent != null && UNPARSED.equals(parsedPath)) {
                // Jetty's placeholder after a request line was read: the target itself could not be parsed.
                faults.add("a broken %-escape (such as %zz), an escaped NUL (%00) or a character that has no place"
                        + " in a URL path");
            } else if (uri != null && status == HttpStatus.BAD_REQUEST_400) {
                for (var violation : uri.getViolations()) {
                    if (EncodedSlashes.refuses(config.getUriCompliance(), uri, violation)) {
                        faults.add(fault(violation));
                    }
                }
            }
            return new Facts(status, reason, sent != null ? sent : parsedPath, sent != null, List.copyOf(faults),
                    config.getRequestHeaderSize());
        }

        /**
         * The path without the query, where a Gemini client may carry its key ({@code ?key=}): what messages and
         * the log may show (through {@link AccessGuard#shown}).
         */
        String pathWithoutQuery() {
            if (path == null) {
                return "/";
            }
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }
    }

    /** What to tell the client: the status and the facts pick the words; every status has a plain fallback. */
    static Words words(Facts facts) {
        var why = facts.reason() == null ? "" : facts.reason().toLowerCase(Locale.ROOT);
        var path = facts.path();
        var example = example(path);
        return switch (facts.status()) {
            case HttpStatus.BAD_REQUEST_400 -> badRequest(facts, why, example);
            case HttpStatus.NOT_FOUND_404 -> invalid("not_found", Router.notFound(null, facts.pathWithoutQuery()));
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> invalid("method_not_allowed", "This method is not allowed"
                    + " here. Use " + example + ".");
            case HttpStatus.REQUEST_TIMEOUT_408 -> invalid("request_timeout", "The request did not arrive in time;"
                    + " send it again.");
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> invalid("request_too_large", "The request is larger than"
                    + " Switchboard accepts. Send a smaller one.");
            case HttpStatus.URI_TOO_LONG_414 -> invalid("uri_too_long", "The request's URL is longer than the "
                    + kilobytes(facts.headerLimit()) + " Switchboard reads. Send the endpoint's plain path, such as "
                    + example + "; what the request is about belongs in its body.");
            case HttpStatus.EXPECTATION_FAILED_417 -> invalid("expectation_failed", "Switchboard understands no"
                    + " Expect header but `Expect: 100-continue`. Send the request without it.");
            case HttpStatus.UPGRADE_REQUIRED_426 -> invalid("upgrade_required", "Switchboard speaks HTTP/1.1 on"
                    + " this address and cannot switch this connection to another protocol. Send HTTP/1.1 requests.");
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> invalid("headers_too_large", "The request's"
                    + " headers are larger than the " + kilobytes(facts.headerLimit()) + " Switchboard reads in all."
                    + " Leave out large headers the endpoint does not need, such as cookies.");
            case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> invalid("http_version_not_supported", "Switchboard"
                    + " speaks HTTP/1.0 and HTTP/1.1 on this address, and this request's HTTP version is neither. Send"
                    + " HTTP/1.1.");
            case HttpStatus.SERVICE_UNAVAILABLE_503 -> new Words("server_error", "unavailable", "Switchboard is"
                    + " stopping or too busy to answer. Try again in a moment.");
            default -> facts.status() >= 500
                    ? new Words("server_error", "internal_error", ClientErrors.FAILED)
                    : invalid("invalid_request", "Switchboard refused the request (HTTP " + facts.status() + " "
                    + HttpStatus.getMessage(facts.status()) + ").");
        };
    }

    private static Words badRequest(Facts facts, String why, String example) {
        if (!facts.pathFaults().isEmpty()) {
            return invalid("invalid_path", "Switchboard refuses the path '"
                    + AccessGuard.shown(facts.pathWithoutQuery()) + "' because it contains "
                    + String.join(" and ", facts.pathFaults()) + ". Such paths are refused rather than guessed at:"
                    + " send the endpoint's plain path, such as " + example + ".");
        }
        // Jetty's reason phrase is matched only to pick the words; a change in its wording ends at a fallback.
        if (why.contains("host")) {
            return invalid("invalid_host", "The request needs exactly one Host header. Send it as HTTP/1.1 with"
                    + " one Host header, as HTTP clients do.");
        }
        if (why.contains("content-length") || why.contains("transfer-encoding") || why.contains("chunk")) {
            return invalid("invalid_body_framing", "The request's body is framed wrongly: a Content-Length that is"
                    + " not a number or is given twice, or a Transfer-Encoding that is not chunked. Send one"
                    + " Content-Length, or chunked encoding.");
        }
        if (facts.lineRead()) {
            return invalid("invalid_header", "A request header is malformed, so Switchboard could not read the"
                    + " request. Check the headers the client adds.");
        }
        // Not even a request line: most often TLS sent to this plain-HTTP address.
        return invalid("invalid_http", "The request is not valid HTTP, so Switchboard could not read it. Check that"
                + " the client uses http:// (not https://) for this address and sends HTTP/1.1.");
    }

    /** A URI compliance violation Jetty refused, in plain words. */
    private static String fault(UriCompliance.Violation violation) {
        return switch (violation) {
            case AMBIGUOUS_PATH_SEPARATOR -> "an encoded '/' (%2F)";
            case AMBIGUOUS_EMPTY_SEGMENT -> "an empty segment ('//')";
            case AMBIGUOUS_PATH_SEGMENT -> "an encoded '.' or '..' segment (such as %2e%2e)";
            case AMBIGUOUS_PATH_PARAMETER -> "a path parameter (';') in a '.' or '..' segment";
            case AMBIGUOUS_PATH_ENCODING -> "an encoded '%' (%25)";
            case UTF16_ENCODINGS -> "a %u escape (such as %u002e)";
            case BAD_UTF8_ENCODING -> "an escape that is not valid UTF-8 (such as %c0%ae)";
            case TRUNCATED_UTF8_ENCODING -> "a cut-off UTF-8 escape (such as %c3 alone)";
            case BAD_PERCENT_ENCODING -> "a broken %-escape (such as %zz)";
            case FRAGMENT -> "a fragment ('#'), which clients do not send";
            case SUSPICIOUS_PATH_CHARACTERS -> "a backslash or an escaped control character";
            case ILLEGAL_PATH_CHARACTERS -> "a character that has no place in a URL path (a space, a control"
                    + " character or a byte that is not ASCII)";
            case USER_INFO -> "user information ('user@') before the host";
            default -> "a sequence that can be read in more than one way";
        };
    }

    private static Words invalid(String code, String message) {
        return new Words("invalid_request_error", code, message);
    }

    /**
     * The endpoint a client of this path's protocol calls, for messages that say what to send instead: the path's
     * own when it is one of the OpenAI endpoints besides generation ({@link Surface}), whose callers would be
     * misled by a chat path.
     */
    static String example(String path) {
        var surface = path == null ? null : Surface.of(withoutQuery(path));
        if (surface != null) {
            return "POST /v1" + surface.path();
        }
        return switch (ClientProtocol.forPath(path)) {
            case CHAT -> "POST /v1/chat/completions";
            case RESPONSES -> "POST /v1/responses";
            case MESSAGES -> "POST /v1/messages";
            case GEMINI -> "POST /v1beta/models/{model}:generateContent";
        };
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static String kilobytes(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
