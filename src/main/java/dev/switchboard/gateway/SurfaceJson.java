package dev.switchboard.gateway;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.store.UsageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link Surface} answer in JSON says about itself: whether it is an answer (an object, not an
 * {@code error}), and its usage. Read as a stream, so that megabytes of base64 images are skipped, not built into
 * a tree.
 */
record SurfaceJson(boolean good, String problem, UsageRecord.Tokens tokens) {
    /** How much of an error answer the classifier and the log see. */
    private static final int PROBLEM_CHARS = 2048;

    static SurfaceJson read(byte[] bytes) {
        try (var p = Mappers.EXACT.getFactory().createParser(bytes)) {
            var first = p.nextToken();
            if (first == null) {
                return new SurfaceJson(false, null, null); // empty: fails over as an empty answer
            }
            if (first != JsonToken.START_OBJECT) {
                return new SurfaceJson(false, "not a JSON object: " + head(bytes), null);
            }
            var tokens = UsageRecord.Tokens.NONE;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                var value = p.nextToken();
                if (name.equals("error") && value != JsonToken.VALUE_NULL) {
                    return new SurfaceJson(false, head(bytes), null);
                } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
                    JsonNode usage = p.readValueAsTree();
                    var found = tokensOf(Mappers.JSON.createObjectNode().set("usage", usage));
                    tokens = found == null ? tokens : found;
                } else {
                    p.skipChildren();
                }
            }
            return new SurfaceJson(true, null, tokens);
        } catch (IOException e) {
            return new SurfaceJson(false, "not valid JSON: " + head(bytes), null);
        }
    }

    /** The event's data when it reports an error ({@code {"error": …}}, {@code {"type": "error"}}), else null. */
    static String errorIn(String data) {
        if (!data.contains("error")) {
            return null;
        }
        try {
            var json = Mappers.JSON.readTree(data);
            if (json != null && json.isObject() && (json.hasNonNull("error")
                    || "error".equals(json.path("type").asText()))) {
                return data.length() > PROBLEM_CHARS ? data.substring(0, PROBLEM_CHARS) : data;
            }
        } catch (IOException e) {
            // not JSON: not an error report either
        }
        return null;
    }

    /**
     * The tokens of {@code json}'s {@code usage} (or a Responses event's {@code response.usage}): OpenAI's
     * {@code prompt_tokens} / {@code completion_tokens} or the Responses API's {@code input_tokens} /
     * {@code output_tokens}, with cached and reasoning tokens where given; null when it has none.
     */
    static UsageRecord.Tokens tokensOf(JsonNode json) {
        var usage = json.path("usage");
        if (!usage.isObject()) {
            usage = json.path("response").path("usage");
        }
        if (!usage.isObject()) {
            return null;
        }
        return new UsageRecord.Tokens(
                number(usage, "prompt_tokens", "input_tokens"),
                number(usage, "completion_tokens", "output_tokens"),
                number(usage.has("prompt_tokens_details") ? usage.path("prompt_tokens_details")
                        : usage.path("input_tokens_details"), "cached_tokens", "cached_tokens"),
                null,
                number(usage.has("completion_tokens_details") ? usage.path("completion_tokens_details")
                        : usage.path("output_tokens_details"), "reasoning_tokens", "reasoning_tokens"));
    }

    private static Long number(JsonNode node, String name, String otherName) {
        var v = node.path(name);
        if (!v.isNumber()) {
            v = node.path(otherName);
        }
        return v.isNumber() ? v.asLong() : null;
    }

    private static String head(byte[] bytes) {
        var text = new String(bytes, 0, Math.min(bytes.length, PROBLEM_CHARS * 2), StandardCharsets.UTF_8);
        return text.length() > PROBLEM_CHARS ? text.substring(0, PROBLEM_CHARS) + "…" : text;
    }

    /** The usage of a flowing answer: the last an event reported. */
    static final class UsageTap {
        private UsageRecord.Tokens tokens = UsageRecord.Tokens.NONE;

        void tap(String data) {
            // Only events that mention usage are parsed: audio deltas and text deltas pass untouched.
            if (data == null || !data.contains("\"usage\"")) {
                return;
            }
            try {
                var found = tokensOf(Mappers.JSON.readTree(data));
                if (found != null) {
                    tokens = found;
                }
            } catch (IOException e) {
                // not JSON: nothing to count
            }
        }

        UsageRecord.Tokens tokens() {
            return tokens;
        }
    }
}
