package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ApiError;
import dev.switchboard.protocol.openai.ChatErrors;

/**
 * Errors of the Responses API: the OpenAI error body {@code {"error": {"message", "type", "param", "code"}}} (the
 * same vocabulary as the Chat Completions codec, whose {@link ChatErrors} it uses), a failed response's {@code error {code, message}}, and the stream's {@code error} event, to and from the
 * neutral kinds of {@link ApiError} and {@link dev.switchboard.protocol.StreamEvent.Error}.
 */
final class ResponsesErrors {
    private ResponsesErrors() {
    }

    static ObjectNode encode(ApiError error) {
        return ChatErrors.encode(error);
    }

    /** The message inside an {@code error} value; relays that send a bare string or no message get the raw JSON. */
    static String messageOf(JsonNode error) {
        return ChatErrors.messageOf(error);
    }

    /** The neutral kind of an error body's, a failed response's or an error event's {@code error}. */
    static String neutralType(JsonNode error) {
        return ChatErrors.neutralType(error);
    }


    /**
     * OpenAI's {@code type}. OpenAI has no {@code not_found_error}: an unknown model is an
     * {@code invalid_request_error} with code {@code model_not_found}, which is what SDKs and tools test for.
     * {@code upstream_error} stays a type because the gateway answers its own failed attempts with it.
     */


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

}
