package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Messages API as {@code api.anthropic.com} checks it: {@code POST /v1/messages}, {@code x-api-key},
 * {@code anthropic-version} required; {@code model}, {@code max_tokens} and {@code messages} required; a top-level
 * field it does not know is refused with "Extra inputs are not permitted", and so is a field whose beta was not
 * asked for in {@code anthropic-beta} ({@code context_management} without {@code context-management-2025-06-27},
 * which is how the real API answers Claude Code's requests when the header is lost on the way); every
 * {@code tool_result} answers a {@code tool_use} of the previous message and every {@code tool_use} is answered in
 * the next. Messages of role {@code system} after the first turn are taken, as current models do.
 */
final class AnthropicUpstream extends ScriptedUpstream {
    static final String CONTEXT_MANAGEMENT_BETA = "context-management-2025-06-27";
    private static final Set<String> FIELDS = Set.of("model", "messages", "max_tokens", "system", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "service_tier", "container", "mcp_servers", "output_config", "inference_geo");
    /** Fields the API takes only with their beta named in {@code anthropic-beta}. */
    private static final Map<String, String> BETA_FIELDS = Map.of("context_management", CONTEXT_MANAGEMENT_BETA);

    AnthropicUpstream(String model, String key) {
        super("anthropic", model, key);
    }

    @Override
    String baseUrl() {
        return "http://127.0.0.1:" + port(); // as people paste it: https://api.anthropic.com
    }

    @Override
    String protocol() {
        return "anthropic";
    }

    @Override
    String modelsPath() {
        return "/v1/models";
    }

    @Override
    String modelsListing() {
        return "{\"data\":[{\"type\":\"model\",\"id\":\"" + model + "\",\"display_name\":\"Scripted\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\"}],\"has_more\":false,\"first_id\":\"" + model
                + "\",\"last_id\":\"" + model + "\"}";
    }

    @Override
    Refusal invalidJson() {
        return error(400, "invalid_request_error", "There was an error parsing the body of your request.");
    }

    /** The betas the request asked for: every {@code anthropic-beta} value, split at commas. */
    static Set<String> betas(Incoming in) {
        var betas = new HashSet<String>();
        var values = in.headers().get("anthropic-beta");
        if (values != null) {
            for (var v : values) {
                for (var b : v.split(",")) {
                    if (!b.isBlank()) {
                        betas.add(b.strip());
                    }
                }
            }
        }
        return betas;
    }

    @Override
    Refusal check(Incoming in) {
        if (!in.method().equals("POST") || !in.path().equals("/v1/messages")) {
            return error(404, "not_found_error", "Not Found");
        }
        if (!key.equals(in.header("x-api-key"))) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        if (in.header("anthropic-version") == null) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        var body = in.json();
        if (body == null || !body.isObject()) {
            return invalidJson();
        }
        var betas = betas(in);
        for (var field : fieldNames(body)) {
            var beta = BETA_FIELDS.get(field);
            if (beta != null ? !betas.contains(beta) : !FIELDS.contains(field)) {
                return error(400, "invalid_request_error", field + ": Extra inputs are not permitted");
            }
        }
        if (!body.path("model").isTextual()) {
            return error(400, "invalid_request_error", "model: Field required");
        }
        if (!body.path("model").asText().equals(model)) {
            return error(404, "not_found_error", "model: " + body.path("model").asText());
        }
        if (!body.path("max_tokens").canConvertToInt() || !body.path("max_tokens").isIntegralNumber()
                || body.path("max_tokens").asInt() < 1) {
            return error(400, "invalid_request_error", "max_tokens: Field required");
        }
        var messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return error(400, "invalid_request_error", "messages: Field required");
        }
        for (int i = 0; i < messages.size(); i++) {
            var role = messages.get(i).path("role").asText();
            if (!role.equals("user") && !role.equals("assistant") && !role.equals("system")) {
                return error(400, "invalid_request_error", "messages." + i + ".role: Input should be 'user', "
                        + "'assistant' or 'system'");
            }
            var content = messages.get(i).path("content");
            if (!content.isTextual() && !content.isArray()) {
                return error(400, "invalid_request_error", "messages." + i + ".content: Field required");
            }
        }
        return pairing(messages);
    }

    /** Every tool_result answers a tool_use of the previous message; every tool_use is answered in the next. */
    private Refusal pairing(JsonNode messages) {
        var turns = new ArrayList<Integer>(); // indexes of user and assistant messages (system ones sit between)
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).path("role").asText().equals("system")) {
                turns.add(i);
            }
        }
        for (int t = 0; t < turns.size(); t++) {
            int i = turns.get(t);
            var previous = t > 0 ? blockIds(messages.get(turns.get(t - 1)), "tool_use", "id") : Set.<String>of();
            var answered = blockIds(messages.get(i), "tool_result", "tool_use_id");
            for (var id : answered) {
                if (!previous.contains(id)) {
                    return error(400, "invalid_request_error", "messages." + i + ".content: unexpected `tool_use_id` "
                            + "found in `tool_result` blocks: " + id + ". Each `tool_result` block must have a "
                            + "corresponding `tool_use` block in the previous message.");
                }
            }
            if (t + 1 < turns.size()) {
                var next = blockIds(messages.get(turns.get(t + 1)), "tool_result", "tool_use_id");
                for (var id : blockIds(messages.get(i), "tool_use", "id")) {
                    if (!next.contains(id)) {
                        return error(400, "invalid_request_error", "messages." + i + ": `tool_use` ids were found "
                                + "without `tool_result` blocks immediately after: " + id + ". Each `tool_use` "
                                + "block must have a corresponding `tool_result` block in the next message.");
                    }
                }
            }
        }
        return null;
    }

    private static Set<String> blockIds(JsonNode message, String type, String field) {
        var ids = new HashSet<String>();
        for (var block : message.path("content")) {
            if (block.path("type").asText().equals(type)) {
                ids.add(block.path(field).asText());
            }
        }
        return ids;
    }

    @Override
    boolean streams(Incoming in) {
        return in.json().path("stream").asBoolean(false);
    }

    @Override
    List<String> declaredTools(JsonNode body) {
        var names = new ArrayList<String>();
        for (var tool : body.path("tools")) {
            names.add(tool.path("name").asText());
        }
        return names;
    }

    @Override
    List<String> toolParameters(JsonNode body, String tool) {
        for (var t : body.path("tools")) {
            if (t.path("name").asText().equals(tool)) {
                return fieldNames(t.path("input_schema").path("properties"));
            }
        }
        return List.of();
    }

    @Override
    List<ToolResult> toolResults(JsonNode body) {
        var results = new ArrayList<ToolResult>();
        var names = new java.util.HashMap<String, String>();
        for (var message : body.path("messages")) {
            for (var block : message.path("content")) {
                if (block.path("type").asText().equals("tool_use")) {
                    names.put(block.path("id").asText(), block.path("name").asText());
                }
                if (block.path("type").asText().equals("tool_result")) {
                    var id = block.path("tool_use_id").asText();
                    results.add(new ToolResult(id, names.get(id), text(block.path("content"))));
                }
            }
        }
        return results;
    }

    @Override
    String newCallId() {
        return "toolu_01" + random(22);
    }

    private static Refusal error(int status, String type, String message) {
        var error = Fixtures.JSON.createObjectNode();
        error.put("type", "error");
        error.putObject("error").put("type", type).put("message", message);
        error.put("request_id", "req_011C" + random(20));
        return new Refusal(status, error.toString());
    }
}
