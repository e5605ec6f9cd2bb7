package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ApiError;
import java.util.Locale;

/**
 * OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}}, to and from the neutral error
 * kinds of {@link ApiError} and {@link dev.switchboard.protocol.StreamEvent.Error}. Public because the Responses
 * codec speaks the same vocabulary.
 */
public final class ChatErrors {
    private ChatErrors() {
    }

    public static ObjectNode encode(ApiError error) {
        var root = body(error.message(), error.type());
        var e = (ObjectNode) root.get("error");
        if (error.code() != null) {
            e.put("code", error.code());
        }
        if (error.param() != null) {
            e.put("param", error.param());
        }
        return root;
    }

    /** An error body for a neutral kind; also the payload of an error event in a Chat stream. */
    public static ObjectNode body(String message, String neutralType) {
        return of(message, openAiType(neutralType), openAiCode(neutralType), null);
    }

    /**
     * OpenAI's error shape in OpenAI's own words, the one place it is written: also for callers whose errors are
     * OpenAI's by definition (the admin API).
     */
    public static ObjectNode of(String message, String type, String code, String param) {
        var root = ChatJson.NODES.objectNode();
        var e = root.putObject("error");
        e.put("message", message == null ? "" : message);
        e.put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
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
     * {@code upstream_error} is kept as a type because Switchboard's own gateway answers its failed attempts
     * with it, and a client should see one vocabulary.
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

    /** The message of an upstream error body, or null when the body carries no {@code error}. */
    public static String message(JsonNode body) {
        var error = body == null ? null : body.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        return messageOf(error);
    }

    /**
     * The message inside an {@code error} value. Relays do not all nest it: some send {@code "error": "text"},
     * some an object without {@code message}; the raw JSON is better than nothing there.
     */
    public static String messageOf(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        var message = ChatJson.text(error, "message");
        return message != null ? message : error.toString();
    }

    /**
     * The neutral kind of an upstream's {@code error} object. OpenAI names it in {@code type} and {@code code};
     * relays often put the HTTP status in {@code code} instead (a number or a numeric string).
     */
    public static String neutralType(JsonNode error) {
        if (error == null || !error.isObject()) {
            return "server_error";
        }
        var type = lower(ChatJson.text(error, "type"));
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
