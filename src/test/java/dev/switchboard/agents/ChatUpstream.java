package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chat Completions as OpenAI ({@code openai}: {@code POST /v1/chat/completions}, {@code Authorization: Bearer})
 * or Azure OpenAI ({@code azure}: {@code POST /openai/deployments/{model}/chat/completions?api-version=…},
 * {@code api-key}, the model named by the deployment in the path) check it: {@code messages} required, a
 * top-level field the API does not know refused ("Unrecognized request argument supplied"), {@code stream_options}
 * only with {@code stream}, roles {@code system developer user assistant tool}, and every {@code tool} message
 * answering a call of the assistant message before it, every call answered before the next non-tool message.
 */
final class ChatUpstream extends ScriptedUpstream {
    private static final Set<String> FIELDS = Set.of("model", "messages", "stream", "stream_options", "temperature",
            "top_p", "n", "stop", "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty",
            "logit_bias", "logprobs", "top_logprobs", "user", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "seed", "service_tier", "store", "metadata", "reasoning_effort", "modalities", "audio",
            "prediction", "web_search_options", "prompt_cache_key", "safety_identifier", "verbosity");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private final boolean azure;

    private ChatUpstream(String type, String model, String key) {
        super(type, model, key);
        this.azure = type.equals("azure");
    }

    static ChatUpstream openai(String model, String key) {
        return new ChatUpstream("openai", model, key);
    }

    static ChatUpstream azure(String model, String key) {
        return new ChatUpstream("azure", model, key);
    }

    @Override
    String baseUrl() {
        return azure ? "http://127.0.0.1:" + port() : "http://127.0.0.1:" + port() + "/v1";
    }

    @Override
    String protocol() {
        return "chat";
    }

    @Override
    Refusal invalidJson() {
        return error(400, "invalid_request_error", "We could not parse the JSON body of your request.", null);
    }

    @Override
    String modelsPath() {
        return azure ? null : "/v1/models";
    }

    @Override
    String modelsListing() {
        return "{\"object\":\"list\",\"data\":[{\"id\":\"" + model + "\",\"object\":\"model\",\"created\":1767225600,"
                + "\"owned_by\":\"system\"}]}";
    }

    @Override
    Refusal check(Incoming in) {
        if (azure) {
            var path = "/openai/deployments/" + model + "/chat/completions";
            if (in.path().startsWith("/openai/deployments/") && !in.path().equals(path)) {
                return new Refusal(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment "
                        + "for this resource does not exist.\"}}");
            }
            if (!in.method().equals("POST") || !in.path().equals(path)) {
                return new Refusal(404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
            }
            if (in.query() == null || !in.query().contains("api-version=")) {
                return new Refusal(404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
            }
            if (!key.equals(in.header("api-key"))) {
                return new Refusal(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid "
                        + "subscription key or wrong API endpoint.\"}}");
            }
        } else {
            if (!in.method().equals("POST") || !in.path().equals("/v1/chat/completions")) {
                return error(404, "invalid_request_error", "Invalid URL (" + in.method() + " " + in.path() + ")",
                        null);
            }
            if (!("Bearer " + key).equals(in.header("authorization"))) {
                return error(401, "invalid_request_error", "Incorrect API key provided.", "invalid_api_key");
            }
        }
        var body = in.json();
        if (body == null || !body.isObject()) {
            return invalidJson();
        }
        for (var field : fieldNames(body)) {
            if (!FIELDS.contains(field)) {
                return error(400, "invalid_request_error", "Unrecognized request argument supplied: " + field, null);
            }
        }
        if (!azure && !body.path("model").asText().equals(model)) {
            return error(404, "invalid_request_error", "The model `" + body.path("model").asText()
                    + "` does not exist or you do not have access to it.", "model_not_found");
        }
        if (body.has("stream_options") && !body.path("stream").asBoolean(false)) {
            return error(400, "invalid_request_error", "The 'stream_options' parameter is only allowed when 'stream' "
                    + "is enabled.", null);
        }
        var messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return error(400, "invalid_request_error", "Missing required parameter: 'messages'.", null);
        }
        Set<String> open = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            var m = messages.get(i);
            var role = m.path("role").asText();
            if (!ROLES.contains(role)) {
                return error(400, "invalid_request_error", "Invalid value: '" + role + "'. Supported values are: "
                        + "'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", null);
            }
            if (role.equals("tool")) {
                var id = m.path("tool_call_id").asText();
                if (!open.remove(id)) {
                    return error(400, "invalid_request_error", "Invalid parameter: messages with role 'tool' must be "
                            + "a response to a preceeding message with 'tool_calls'.", null);
                }
                continue;
            }
            if (!open.isEmpty()) {
                return error(400, "invalid_request_error", "An assistant message with 'tool_calls' must be followed "
                        + "by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not "
                        + "have response messages: " + String.join(", ", open), null);
            }
            if (role.equals("assistant")) {
                for (var call : m.path("tool_calls")) {
                    open.add(call.path("id").asText());
                }
            } else if (!m.has("content")) {
                return error(400, "invalid_request_error", "Missing required parameter: 'messages[" + i
                        + "].content'.", null);
            }
        }
        return null;
    }

    @Override
    boolean streams(Incoming in) {
        return in.json().path("stream").asBoolean(false);
    }

    @Override
    boolean includes(Incoming in, String event) {
        // the usage chunk (no choices) comes only when stream_options.include_usage asks for it
        return !event.contains("\"choices\":[],\"usage\"")
                || in.json().path("stream_options").path("include_usage").asBoolean(false);
    }

    @Override
    List<String> declaredTools(JsonNode body) {
        var names = new ArrayList<String>();
        for (var tool : body.path("tools")) {
            names.add(tool.path("function").path("name").asText());
        }
        return names;
    }

    @Override
    List<String> toolParameters(JsonNode body, String tool) {
        for (var t : body.path("tools")) {
            if (t.path("function").path("name").asText().equals(tool)) {
                return fieldNames(t.path("function").path("parameters").path("properties"));
            }
        }
        return List.of();
    }

    @Override
    List<ToolResult> toolResults(JsonNode body) {
        var results = new ArrayList<ToolResult>();
        var names = new java.util.HashMap<String, String>();
        for (var m : body.path("messages")) {
            for (var call : m.path("tool_calls")) {
                names.put(call.path("id").asText(), call.path("function").path("name").asText());
            }
            if (m.path("role").asText().equals("tool")) {
                var id = m.path("tool_call_id").asText();
                results.add(new ToolResult(id, names.get(id), text(m.path("content"))));
            }
        }
        return results;
    }

    @Override
    String newCallId() {
        return "call_" + random(24);
    }

    private static Refusal error(int status, String type, String message, String code) {
        var error = Fixtures.JSON.createObjectNode();
        var e = error.putObject("error");
        e.put("message", message).put("type", type).putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return new Refusal(status, error.toString());
    }
}
