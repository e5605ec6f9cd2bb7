package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.util.UUID;

/**
 * The small vocabulary of generateContent that several classes of this codec share: field names, finish reasons,
 * usage, error statuses and generated ids.
 */
final class Wire {
    /**
     * The signatures Google documents for function calls Gemini did not produce itself (another provider's turns,
     * a history that lost them): Gemini 3 refuses a replayed function call step without a signature, and accepts
     * these instead. Gemini CLI sends the first one. They are not signatures of anything, so decoding drops them.
     */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
    static final String SKIP_SIGNATURE_ALT = "context_engineering_is_the_way_to_go";

    private Wire() {
    }

    static ObjectNode object() {
        return Mappers.JSON.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return Mappers.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree we built or parsed ourselves always serialises
        }
    }

    /**
     * A field by its JSON name ({@code systemInstruction}) or by its proto name ({@code system_instruction}): Google's
     * JSON parser accepts both, the SDKs send the first and the REST examples in Google's docs use the second, so
     * clients send either. Null when absent or JSON null.
     */
    static JsonNode field(JsonNode obj, String camel) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        var n = obj.get(camel);
        if (n == null || n.isNull()) {
            var snake = snake(camel);
            n = snake.equals(camel) ? null : obj.get(snake);
        }
        return n == null || n.isNull() ? null : n;
    }

    static String snake(String camel) {
        var sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String text(JsonNode obj, String field) {
        var n = field(obj, field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    /**
     * What OpenAI's encrypted reasoning ({@code encrypted_content}, carried as a thinking signature) starts with:
     * a Fernet token, URL-safe base64 of a version byte 0x80 and a timestamp whose high bytes are zero. Gemini's
     * signatures never start so.
     */
    private static final String OPENAI_ENCRYPTED_PREFIX = "gAAAAA";

    /**
     * A thoughtSignature as the canonical model keeps it: the documented stand-ins are no signature at all, and
     * OpenAI's encrypted reasoning that {@link #toGemini} wrote in the standard alphabet is URL-safe again, as
     * OpenAI must get it back.
     */
    static String signature(String s) {
        if (s == null || s.isEmpty() || SKIP_SIGNATURE.equals(s) || SKIP_SIGNATURE_ALT.equals(s)) {
            return null;
        }
        if (s.startsWith(OPENAI_ENCRYPTED_PREFIX) && (s.indexOf('+') >= 0 || s.indexOf('/') >= 0)) {
            return s.replace('+', '-').replace('/', '_');
        }
        return s;
    }

    /**
     * A canonical signature as a {@code thoughtSignature}, which is protobuf {@code bytes}: standard base64 in
     * JSON. Google's SDKs for typed languages (Java, Go) decode it into bytes when they read an answer and refuse
     * the whole answer when it is not standard base64. OpenAI's encrypted reasoning is URL-safe base64 (its
     * {@code -} and {@code _} make Google's Java SDK fail with "Illegal character '_' in base64 content"): it is
     * written in the standard alphabet, the same bytes (Gemini's own API reads both alphabets), and
     * {@link #signature} turns it back when the client returns it.
     */
    static String toGemini(String signature) {
        if (signature == null || !signature.startsWith(OPENAI_ENCRYPTED_PREFIX)) {
            return signature;
        }
        return signature.replace('-', '+').replace('_', '/');
    }

    /**
     * Gemini's {@code finishReason}. STOP is a normal end (a turn that called functions becomes TOOL_USE where the
     * parts are known); everything that withholds output for policy reasons is CONTENT_FILTER; the rest
     * (MALFORMED_FUNCTION_CALL, OTHER, LANGUAGE, …) ended the turn without a reason any client could act on.
     */
    static StopReason finishReason(String s) {
        if (s == null) {
            return StopReason.END_TURN;
        }
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "MODEL_ARMOR" -> StopReason.CONTENT_FILTER;
            default -> StopReason.END_TURN;
        };
    }

    /**
     * The canonical reason as Gemini's {@code finishReason}. Gemini says STOP after function calls and after a
     * stop sequence, and has no refusal reason: a refusal is text the model wrote, and SAFETY would make the SDKs
     * treat that text as blocked output.
     */
    static String finishReason(StopReason r) {
        return switch (r) {
            case MAX_TOKENS -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case END_TURN, STOP_SEQUENCE, TOOL_USE, REFUSAL -> "STOP";
        };
    }

    /**
     * Gemini's usage counts, kept apart because a stream may leave a count out of a later chunk: the canonical
     * output is only exact when computed from the latest value of each.
     */
    record RawUsage(Long prompt, Long candidates, Long thoughts, Long cached) {
        static final RawUsage NONE = new RawUsage(null, null, null, null);

        static RawUsage of(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return NONE;
            }
            return new RawUsage(count(usage, "promptTokenCount"), count(usage, "candidatesTokenCount"),
                    count(usage, "thoughtsTokenCount"), count(usage, "cachedContentTokenCount"));
        }

        RawUsage merge(RawUsage later) {
            return new RawUsage(pick(later.prompt, prompt), pick(later.candidates, candidates),
                    pick(later.thoughts, thoughts), pick(later.cached, cached));
        }

        /**
         * In the canonical convention: {@code promptTokenCount} already includes the cached tokens, so it is the
         * input as is; {@code candidatesTokenCount} leaves the thoughts out, so the output adds them and they are
         * also its reasoning part.
         */
        Usage canonical() {
            Long output = candidates == null && thoughts == null ? null
                    : (candidates == null ? 0 : candidates) + (thoughts == null ? 0 : thoughts);
            return new Usage(prompt, output, cached, null, thoughts);
        }

        boolean isEmpty() {
            return prompt == null && candidates == null && thoughts == null && cached == null;
        }

        private static Long count(JsonNode usage, String field) {
            var n = field(usage, field);
            return n != null && n.isNumber() ? n.longValue() : null;
        }

        private static Long pick(Long a, Long b) {
            return a != null ? a : b;
        }
    }

    /**
     * Canonical usage as {@code usageMetadata}, the inverse of {@link RawUsage#canonical()}: the reasoning tokens
     * come out of the output again. An unknown prompt count is 0 (Gemini always reports the prompt and the
     * total); the other counts only appear when known, as Gemini leaves them out when there are none (a blocked
     * prompt has no candidates count). The
     * cache write count has no Gemini field: those tokens are in the prompt count already.
     */
    static ObjectNode usageMetadata(Usage u) {
        long prompt = u.input() == null ? 0 : u.input();
        long output = u.output() == null ? 0 : u.output();
        long thoughts = u.reasoning() == null ? 0 : Math.min(u.reasoning(), output);
        var node = object();
        count(node, "promptTokenCount", prompt);
        if (u.output() != null) {
            count(node, "candidatesTokenCount", output - thoughts);
        }
        if (u.reasoning() != null) {
            count(node, "thoughtsTokenCount", thoughts);
        }
        if (u.cacheRead() != null) {
            count(node, "cachedContentTokenCount", u.cacheRead());
        }
        count(node, "totalTokenCount", prompt + output);
        return node;
    }

    /** Gemini's counts are int32: written as ints, as Gemini writes them, when they fit. */
    private static void count(ObjectNode node, String field, long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            node.put(field, (int) value);
        } else {
            node.put(field, value);
        }
    }

    /**
     * Google's RPC status (or, without one, the HTTP code) to the neutral type of
     * {@link dev.switchboard.protocol.ApiError}.
     */
    static String neutralErrorType(String status, int code) {
        if (status != null) {
            switch (status) {
                case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> {
                    return "invalid_request";
                }
                case "UNAUTHENTICATED" -> {
                    return "authentication";
                }
                case "PERMISSION_DENIED" -> {
                    return "permission";
                }
                case "NOT_FOUND" -> {
                    return "not_found";
                }
                case "RESOURCE_EXHAUSTED" -> {
                    return "rate_limit";
                }
                case "UNAVAILABLE" -> {
                    return "overloaded";
                }
                case "INTERNAL", "UNKNOWN", "DEADLINE_EXCEEDED", "ABORTED", "CANCELLED" -> {
                    return "server_error";
                }
                default -> {
                    // a status added later: the HTTP code still says what kind of failure it is
                }
            }
        }
        return switch (code) {
            case 400 -> "invalid_request";
            case 401 -> "authentication";
            case 403 -> "permission";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit";
            case 503 -> "overloaded";
            case 500, 504 -> "server_error";
            default -> "upstream_error";
        };
    }

    /** The neutral error type as Google's RPC status; an unknown type is chosen by the HTTP status. */
    static String googleStatus(String neutralType, int status) {
        var s = neutralType == null ? "" : switch (neutralType) {
            case "invalid_request", "request_too_large" -> "INVALID_ARGUMENT";
            case "authentication" -> "UNAUTHENTICATED";
            case "permission" -> "PERMISSION_DENIED";
            case "not_found" -> "NOT_FOUND";
            case "rate_limit" -> "RESOURCE_EXHAUSTED";
            case "overloaded" -> "UNAVAILABLE";
            case "server_error", "upstream_error" -> "INTERNAL";
            default -> "";
        };
        if (!s.isEmpty()) {
            return s;
        }
        return switch (status) {
            case 400, 413, 422 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 402, 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503, 529 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
    }

    /** The HTTP code Google pairs with the neutral type, for errors inside a stream (which has no status line). */
    static int httpCode(String neutralType) {
        if (neutralType == null) {
            return 500;
        }
        return switch (neutralType) {
            case "invalid_request" -> 400;
            case "authentication" -> 401;
            case "permission" -> 403;
            case "not_found" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit" -> 429;
            case "overloaded" -> 503;
            default -> 500;
        };
    }

    /**
     * The stem of the tool call ids generated for one answer. Gemini usually gives its function calls no id, and
     * the clients of other protocols must refer to each call by one: ids made from Gemini's {@code responseId}
     * (unique per answer) stay unique across the turns of a conversation, as the Anthropic and OpenAI APIs require.
     */
    static String callIdStem(String responseId) {
        var clean = responseId == null ? "" : responseId.replaceAll("[^A-Za-z0-9_-]", "");
        return "call_" + (clean.isEmpty() ? UUID.randomUUID().toString().replace("-", "").substring(0, 16) : clean)
                + "_";
    }

    /** A response id for a Gemini client when the answer came without one. */
    static String responseId(String id) {
        return id == null || id.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : id;
    }
}
