package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ApiError;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Errors of Switchboard's own (refusals, unknown paths, wrong methods, requests Jetty could not read) in the
 * error shape of the protocol the caller's path belongs to (DESIGN §4), so that its SDK can read them: OpenAI's
 * {@code {"error": {"message", "type", "param", "code"}}}, Anthropic's {@code {"type": "error", "error": {"type",
 * "message"}}}, Gemini's {@code {"error": {"code", "message", "status"}}}. The gateway's refusals are written in
 * OpenAI's vocabulary ({@code invalid_request_error}, {@code permission_error}, a code) because that shape is the
 * one that carries a code; the other shapes get the matching neutral kind.
 */
final class ClientErrors {
    /** For a 500: what failed is for the log, not for the client. */
    static final String FAILED = "Switchboard failed unexpectedly while answering; the details are in its log.";

    private ClientErrors() {
    }

    /**
     * @param path    the request's path (or target as sent): it picks the shape, see {@link ClientProtocol#forPath}
     * @param type    OpenAI's error type, e.g. {@code invalid_request_error}
     * @param code    OpenAI's error code, e.g. {@code not_found}; only OpenAI's shape has room for it
     * @param message what was wrong and what to do, in plain words
     */
    static JsonNode body(String path, int status, String type, String code, String message) {
        return body(ClientProtocol.forPath(path), status, type, code, message);
    }

    /** As {@link #body(String, int, String, String, String)}, in the shape of a protocol already known. */
    static JsonNode body(ClientProtocol protocol, int status, String type, String code, String message) {
        // Every shape is written by its protocol's own codec, as the gateway's answers are: one encoder per shape.
        return protocol.error(new ApiError(status, neutralType(type, status), message, code, null));
    }

    /**
     * The neutral kind of {@link ApiError} for an OpenAI error type; null lets the codec go by the status (its
     * table maps 404, 413, 429, 503 and the rest the way each protocol's own servers do).
     */
    private static String neutralType(String openAiType, int status) {
        if (openAiType == null) {
            return null;
        }
        return switch (openAiType) {
            case "authentication_error" -> "authentication";
            case "permission_error" -> "permission";
            case "server_error" -> status == HttpStatus.SERVICE_UNAVAILABLE_503 ? "overloaded" : "server_error";
            case "invalid_request_error" -> switch (status) {
                case HttpStatus.NOT_FOUND_404 -> "not_found";
                case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "request_too_large";
                default -> "invalid_request";
            };
            default -> null;
        };
    }
}
