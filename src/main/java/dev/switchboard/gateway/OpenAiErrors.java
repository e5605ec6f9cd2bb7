package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAI error shape: {@code {"error": {"message", "type", "param", "code"}}}. Public because the admin API
 * answers in it too.
 */
public final class OpenAiErrors {
    private OpenAiErrors() {
    }

    public static ObjectNode error(String message, String type, String code) {
        var root = Router.JSON.createObjectNode();
        var error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return root;
    }
}
