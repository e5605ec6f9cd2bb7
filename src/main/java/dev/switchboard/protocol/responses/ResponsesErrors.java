package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ApiError;
import java.util.Locale;

/**
 * Errors of the Responses API: the OpenAI error body {@code {"error": {"message", "type", "param", "code"}}} (the
 * same vocabulary as the Chat Completions codec, copied rather than shared because that codec's classes are its
 * own), a failed response's {@code error {code, message}}, and the stream's {@code error} event, to and from the
 * neutral kinds of {@link ApiError} and {@link dev.switchboard.protocol.StreamEvent.Error}.
 */
final class ResponsesErrors {
    private ResponsesErrors() {
    }

    static ObjectNode encode(ApiError error) {
        var root = ResponsesJson.NODES.objectNode();
        var e = root.putObject("error");
        e.put("message", error.message() == null ? "" : error.message());
        e.put("type", openAiType(error.type()));
        e.putNull("param");
        var code = openAiCode(error.type());
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return root;
    }

    /**
     * OpenAI's {@code type}. OpenAI has no {@code not_found_error}: an unknown model is an
     * {@code invalid_request_error} with code {@code model_not_found}, which is what SDKs and tools test for.
     * {@code upstream_error} stays a type because the gateway answers its own failed attempts with it.
     */
    private static String openAiType(String neutral) {
        if (neutral == null) {
            return "api_error";
        }
        switch (neutral) {
            case "invalid_request":
            case "not_found":
            case "request_too_large":
                return "invalid_request_error";
            case "authentication":
                return "authentication_error";
            case "permission":
                return "permission_error";
            case "rate_limit":
                return "rate_limit_error";
            case "overloaded":
            case "server_error":
                return "server_error";
            case "upstream_error":
                return "upstream_error";
            default:
                return "api_error";
        }
    }

    private static String openAiCode(String neutral) {
        if (neutral == null) {
            return null;
        }
        switch (neutral) {
            case "not_found":
                return "model_not_found";
            case "authentication":
                return "invalid_api_key";
            case "rate_limit":
                return "rate_limit_exceeded";
            case "request_too_large":
                return "request_too_large";
            case "overloaded":
                return "overloaded";
            default:
                return null;
        }
    }

    /**
     * The {@code code} of a failed response's {@code error}. The API documents a closed list there and the SDKs
     * refuse a value outside it, so the neutral kind is folded onto the three codes that fit; the message keeps
     * the detail.
     */
    static String failedResponseCode(String neutral) {
        if (neutral == null) {
            return "server_error";
        }
        switch (neutral) {
            case "rate_limit":
                return "rate_limit_exceeded";
            case "invalid_request":
            case "not_found":
            case "request_too_large":
                return "invalid_prompt";
            default:
                return "server_error";
        }
    }

    /**
     * The message of an upstream error body: {@code error.message} of an error body, or of a response object
     * that failed ({@code status: "failed"} with its {@code error}); null when the body is neither.
     */
    static String message(JsonNode body) {
        var error = body == null ? null : body.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        return messageOf(error);
    }

    /** The message inside an {@code error} value; relays that send a bare string or no message get the raw JSON. */
    static String messageOf(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        var message = ResponsesJson.text(error, "message");
        return message != null ? message : error.toString();
    }

    /**
     * The neutral kind of an upstream error: an error body's {@code error}, a failed response's {@code error} or
     * an {@code error} stream event, which name it in {@code type} and {@code code}; relays often put the HTTP
     * status in {@code code} instead.
     */
    static String neutralType(JsonNode error) {
        if (error == null || !error.isObject()) {
            return "server_error";
        }
        var type = lower(ResponsesJson.text(error, "type"));
        var codeNode = error.get("code");
        var code = codeNode == null || codeNode.isNull() ? "" : lower(codeNode.asText());
        if (type.contains("rate_limit") || code.contains("rate_limit") || code.equals("insufficient_quota")
                || code.equals("429")) {
            return "rate_limit";
        }
        if (type.contains("overloaded") || code.contains("overloaded") || code.equals("503") || code.equals("529")) {
            return "overloaded";
        }
        if (type.contains("authentication") || code.equals("invalid_api_key") || code.equals("401")) {
            return "authentication";
        }
        if (type.contains("permission") || code.equals("403")) {
            return "permission";
        }
        // invalid_prompt and the image codes are what the Responses API fails a response with for bad input
        if (type.contains("invalid_request") || code.equals("400") || code.startsWith("invalid_")
                || code.contains("image") || code.equals("context_length_exceeded")) {
            return "invalid_request";
        }
        return "server_error";
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
