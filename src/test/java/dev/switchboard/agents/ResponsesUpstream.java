package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Responses API as OpenAI checks it: {@code POST /v1/responses}, {@code Authorization: Bearer}; {@code model}
 * and {@code input} required, an unknown top-level field refused ("Unknown parameter"); input items of the known
 * types; every {@code function_call_output} answering a {@code function_call} earlier in {@code input} ("No tool
 * call found for function call output with call_id …"); {@code previous_response_id} refused, since nothing is
 * stored here (the gateway must send the whole conversation).
 */
final class ResponsesUpstream extends ScriptedUpstream {
    private static final Set<String> FIELDS = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "stream", "stream_options", "store", "include", "reasoning", "text", "temperature",
            "top_p", "max_output_tokens", "metadata", "previous_response_id", "truncation", "user", "service_tier",
            "prompt_cache_key", "safety_identifier", "prompt", "background", "conversation", "max_tool_calls",
            "top_logprobs", "client_metadata"); // client_metadata: Codex sends it to OpenAI's own API
    private static final Set<String> ITEMS = Set.of("message", "function_call", "function_call_output", "reasoning",
            "custom_tool_call", "custom_tool_call_output", "local_shell_call", "local_shell_call_output",
            "web_search_call", "item_reference", "compaction");

    ResponsesUpstream(String model, String key) {
        super("responses", model, key);
    }

    @Override
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    @Override
    String protocol() {
        return "responses";
    }

    @Override
    String modelsPath() {
        return "/v1/models";
    }

    @Override
    String modelsListing() {
        return "{\"object\":\"list\",\"data\":[{\"id\":\"" + model + "\",\"object\":\"model\",\"created\":1767225600,"
                + "\"owned_by\":\"system\"}]}";
    }

    @Override
    Refusal invalidJson() {
        return error(400, "We could not parse the JSON body of your request.", null);
    }

    @Override
    Refusal check(Incoming in) {
        if (!in.method().equals("POST") || !in.path().equals("/v1/responses")) {
            return error(404, "Invalid URL (" + in.method() + " " + in.path() + ")", null);
        }
        if (!("Bearer " + key).equals(in.header("authorization"))) {
            return error(401, "Incorrect API key provided.", null);
        }
        var body = in.json();
        if (body == null || !body.isObject()) {
            return invalidJson();
        }
        for (var field : fieldNames(body)) {
            if (!FIELDS.contains(field)) {
                return error(400, "Unknown parameter: '" + field + "'.", field);
            }
        }
        if (!body.path("model").asText().equals(model)) {
            return error(400, "The requested model '" + body.path("model").asText() + "' does not exist.", "model");
        }
        if (body.hasNonNull("previous_response_id")) {
            return error(400, "Previous response with id '" + body.path("previous_response_id").asText()
                    + "' not found.", "previous_response_id");
        }
        var input = body.path("input");
        if (input.isTextual()) {
            return null;
        }
        if (!input.isArray()) {
            return error(400, "Missing required parameter: 'input'.", "input");
        }
        Set<String> calls = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            var item = input.get(i);
            var type = item.path("type").asText("message");
            if (!ITEMS.contains(type)) {
                return error(400, "Invalid value: '" + type + "'.", "input[" + i + "].type");
            }
            if (type.equals("message")) {
                var role = item.path("role").asText();
                if (!Set.of("user", "assistant", "system", "developer").contains(role)) {
                    return error(400, "Invalid value: '" + role + "'. Supported values are: 'assistant', 'system', "
                            + "'developer', and 'user'.", "input[" + i + "].role");
                }
            } else if (type.equals("function_call")) {
                calls.add(item.path("call_id").asText());
            } else if (type.equals("function_call_output") && !calls.contains(item.path("call_id").asText())) {
                return error(400, "No tool call found for function call output with call_id "
                        + item.path("call_id").asText() + ".", "input");
            }
        }
        return null;
    }

    @Override
    boolean streams(Incoming in) {
        return in.json().path("stream").asBoolean(false);
    }

    @Override
    List<String> declaredTools(JsonNode body) {
        var names = new ArrayList<String>();
        for (var tool : body.path("tools")) {
            if (tool.path("type").asText().equals("function")) {
                names.add(tool.path("name").asText());
            }
        }
        return names;
    }

    @Override
    List<String> toolParameters(JsonNode body, String tool) {
        for (var t : body.path("tools")) {
            if (t.path("type").asText().equals("function") && t.path("name").asText().equals(tool)) {
                return fieldNames(t.path("parameters").path("properties"));
            }
        }
        return List.of();
    }

    @Override
    List<ToolResult> toolResults(JsonNode body) {
        var results = new ArrayList<ToolResult>();
        var names = new java.util.HashMap<String, String>();
        for (var item : body.path("input")) {
            if (item.path("type").asText().equals("function_call")) {
                names.put(item.path("call_id").asText(), item.path("name").asText());
            }
            if (item.path("type").asText().equals("function_call_output")) {
                var id = item.path("call_id").asText();
                results.add(new ToolResult(id, names.get(id), text(item.path("output"))));
            }
        }
        return results;
    }

    @Override
    String newCallId() {
        return "call_" + random(24);
    }

    private static Refusal error(int status, String message, String param) {
        var error = Fixtures.JSON.createObjectNode();
        var e = error.putObject("error");
        e.put("message", message).put("type", "invalid_request_error");
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        e.putNull("code");
        return new Refusal(status, error.toString());
    }
}
