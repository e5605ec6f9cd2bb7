package dev.switchboard.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/**
 * The Gemini API as {@code generativelanguage.googleapis.com} checks it: {@code POST
 * /v1beta/models/{model}:generateContent} or {@code :streamGenerateContent} (SSE with {@code alt=sse}, else one JSON
 * array written piece by piece), the key in {@code x-goog-api-key} or {@code key=}; an unknown field refused
 * ("Invalid JSON payload received. Unknown name"); {@code contents} required, roles {@code user} and
 * {@code model}; a turn of function responses answers the function calls of the model turn before it, as many and
 * by name.
 */
final class GeminiUpstream extends ScriptedUpstream {
    private static final Set<String> FIELDS = Set.of("contents", "systemInstruction", "system_instruction", "tools",
            "toolConfig", "tool_config", "generationConfig", "generation_config", "safetySettings", "safety_settings",
            "cachedContent", "cached_content", "labels", "model");

    GeminiUpstream(String model, String key) {
        super("gemini", model, key);
    }

    @Override
    String baseUrl() {
        return "http://127.0.0.1:" + port(); // as people paste it: https://generativelanguage.googleapis.com
    }

    @Override
    String protocol() {
        return "gemini";
    }

    @Override
    String modelsPath() {
        return "/v1beta/models";
    }

    @Override
    String modelsListing() {
        return "{\"models\":[{\"name\":\"models/" + model + "\",\"version\":\"001\",\"displayName\":\"Scripted\","
                + "\"inputTokenLimit\":1048576,\"outputTokenLimit\":65536,\"supportedGenerationMethods\":"
                + "[\"generateContent\",\"countTokens\"]}]}";
    }

    @Override
    Refusal invalidJson() {
        return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }

    @Override
    Refusal check(Incoming in) {
        var prefix = "/v1beta/models/" + model + ":";
        if (!in.method().equals("POST") || !in.path().startsWith("/v1beta/models/")) {
            return error(404, "NOT_FOUND", "Not Found");
        }
        var action = in.path().startsWith(prefix) ? in.path().substring(prefix.length()) : null;
        if (action == null) {
            return error(404, "NOT_FOUND", "models/" + in.path().substring("/v1beta/models/".length())
                    + " is not found for API version v1beta, or is not supported for generateContent.");
        }
        if (!action.equals("generateContent") && !action.equals("streamGenerateContent")) {
            return error(404, "NOT_FOUND", "Not Found");
        }
        var queryKey = in.query() != null && in.query().contains("key=" + key);
        if (!key.equals(in.header("x-goog-api-key")) && !queryKey) {
            return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
        }
        var body = in.json();
        if (body == null || !body.isObject()) {
            return invalidJson();
        }
        for (var field : fieldNames(body)) {
            if (!FIELDS.contains(field)) {
                return error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"" + field
                        + "\": Cannot find field.");
            }
        }
        var contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
        }
        List<String> calls = List.of();
        for (int i = 0; i < contents.size(); i++) {
            var c = contents.get(i);
            var role = c.path("role").asText("user");
            if (!role.equals("user") && !role.equals("model") && !role.equals("function")) {
                return error(400, "INVALID_ARGUMENT", "Please use a valid role: user, model.");
            }
            if (!c.path("parts").isArray() || c.path("parts").isEmpty()) {
                return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents[" + i
                        + "].parts: contents.parts must not be empty.");
            }
            var responses = names(c, "functionResponse");
            if (!responses.isEmpty()) {
                if (!responses.stream().sorted().toList().equals(calls.stream().sorted().toList())) {
                    return error(400, "INVALID_ARGUMENT", "Please ensure that the number of function response parts "
                            + "is equal to the number of function call parts of the function call turn.");
                }
            }
            calls = role.equals("model") ? names(c, "functionCall") : List.of();
        }
        return null;
    }

    private static List<String> names(JsonNode content, String kind) {
        var names = new ArrayList<String>();
        for (var part : content.path("parts")) {
            if (part.has(kind)) {
                names.add(part.path(kind).path("name").asText());
            }
        }
        return names;
    }

    @Override
    boolean streams(Incoming in) {
        return in.path().endsWith(":streamGenerateContent");
    }

    @Override
    void writeStream(Incoming in, Response response, List<String> events, StringBuilder written) throws Exception {
        if (in.query() != null && in.query().contains("alt=sse")) {
            super.writeStream(in, response, events, written);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        for (int i = 0; i < events.size(); i++) {
            var piece = (i == 0 ? "[" : ",\r\n") + events.get(i).substring("data:".length()).strip();
            written.append(piece);
            write(response, piece, false);
        }
        written.append(']');
        write(response, "]", true);
    }

    @Override
    String eventSeparator() {
        return "\r\n\r\n";
    }

    @Override
    List<String> declaredTools(JsonNode body) {
        var names = new ArrayList<String>();
        for (var tool : body.path("tools")) {
            for (var f : tool.path("functionDeclarations")) {
                names.add(f.path("name").asText());
            }
            for (var f : tool.path("function_declarations")) {
                names.add(f.path("name").asText());
            }
        }
        return names;
    }

    @Override
    List<String> toolParameters(JsonNode body, String tool) {
        for (var t : body.path("tools")) {
            for (var list : List.of(t.path("functionDeclarations"), t.path("function_declarations"))) {
                for (var f : list) {
                    if (f.path("name").asText().equals(tool)) {
                        var schema = f.has("parametersJsonSchema") ? f.path("parametersJsonSchema")
                                : f.path("parameters");
                        return fieldNames(schema.path("properties"));
                    }
                }
            }
        }
        return List.of();
    }

    @Override
    List<ToolResult> toolResults(JsonNode body) {
        var results = new ArrayList<ToolResult>();
        for (var c : body.path("contents")) {
            for (var part : c.path("parts")) {
                if (part.has("functionResponse")) {
                    var r = part.path("functionResponse");
                    results.add(new ToolResult(r.has("id") ? r.path("id").asText() : null, r.path("name").asText(),
                            r.path("response").toString()));
                }
            }
        }
        return results;
    }

    @Override
    String newCallId() {
        return null; // Gemini matches calls and responses by name and order
    }

    private static Refusal error(int status, String grpcStatus, String message) {
        var error = Fixtures.JSON.createObjectNode();
        error.putObject("error").put("code", status).put("message", message).put("status", grpcStatus);
        return new Refusal(status, error.toString());
    }
}
