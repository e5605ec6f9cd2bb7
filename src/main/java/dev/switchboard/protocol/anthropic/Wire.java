package dev.switchboard.protocol.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.Usage;
import java.util.UUID;

/**
 * The small vocabulary of the Messages API that several classes of this codec share: stop reasons, usage, error
 * types and message ids.
 */
final class Wire {
    private Wire() {
    }

    static ObjectNode object() {
        return Mappers.JSON.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return Mappers.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree we built ourselves always serialises
        }
    }

    /** Anthropic's {@code stop_reason}; an unknown or missing one is a normal end. */
    static StopReason stopReason(String s) {
        if (s == null) {
            return StopReason.END_TURN;
        }
        return switch (s) {
            // the context window filled up before max_tokens: for the caller it is the same cut-off
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "refusal" -> StopReason.REFUSAL;
            // end_turn, and pause_turn (a server tool paused a long turn: the turn did end for the client)
            default -> StopReason.END_TURN;
        };
    }

    static String stopReason(StopReason r) {
        return switch (r) {
            case END_TURN -> "end_turn";
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            // Anthropic has no content-filter stop; "refusal" is the one its clients handle
            case REFUSAL, CONTENT_FILTER -> "refusal";
        };
    }

    /**
     * Anthropic's raw usage fields, kept apart because Anthropic reports {@code input_tokens} without the cached
     * tokens and a stream may report the three fields in different events: the canonical input is only exact
     * when computed from the latest value of each.
     */
    record RawUsage(Long uncachedInput, Long output, Long cacheRead, Long cacheWrite) {
        static final RawUsage NONE = new RawUsage(null, null, null, null);

        static RawUsage of(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return NONE;
            }
            return new RawUsage(count(usage, "input_tokens"), count(usage, "output_tokens"),
                    count(usage, "cache_read_input_tokens"), count(usage, "cache_creation_input_tokens"));
        }

        RawUsage merge(RawUsage later) {
            return new RawUsage(pick(later.uncachedInput, uncachedInput), pick(later.output, output),
                    pick(later.cacheRead, cacheRead), pick(later.cacheWrite, cacheWrite));
        }

        /** In the canonical convention: input includes what was read from and written to the cache. */
        Usage canonical() {
            Long input = uncachedInput == null ? null
                    : uncachedInput + (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
            return new Usage(input, output, cacheRead, cacheWrite, null);
        }

        private static Long count(JsonNode usage, String field) {
            var n = usage.get(field);
            return n != null && n.isNumber() ? n.longValue() : null;
        }

        private static Long pick(Long a, Long b) {
            return a != null ? a : b;
        }
    }

    static Usage usage(JsonNode usage) {
        return RawUsage.of(usage).canonical();
    }

    /** A message's usage (a response, {@code message_start}): every count is required there, 0 when unknown. */
    static ObjectNode messageUsage(Usage u) {
        return usage(u, true);
    }

    /**
     * A {@code message_delta}'s usage: counts that are unknown are null, which the SDKs' accumulators skip (a 0
     * would overwrite what {@code message_start} said); {@code output_tokens} is required, so 0 when unknown.
     */
    static ObjectNode deltaUsage(Usage u) {
        return usage(u, false);
    }

    private static ObjectNode usage(Usage u, boolean zeroUnknown) {
        var node = object();
        // with the input known, missing cache counts mean nothing was cached
        boolean zero = zeroUnknown || u.input() != null;
        putCount(node, "input_tokens", zero && u.input() == null ? Long.valueOf(0) : u.uncachedInput());
        putCount(node, "cache_creation_input_tokens", zero ? Long.valueOf(orZero(u.cacheWrite())) : u.cacheWrite());
        putCount(node, "cache_read_input_tokens", zero ? Long.valueOf(orZero(u.cacheRead())) : u.cacheRead());
        node.put("output_tokens", orZero(u.output()));
        return node;
    }

    private static void putCount(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.longValue());
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** Anthropic's error type to the neutral one of {@link dev.switchboard.protocol.ApiError}. */
    static String neutralErrorType(String anthropicType) {
        if (anthropicType == null) {
            return "upstream_error";
        }
        return switch (anthropicType) {
            case "invalid_request_error" -> "invalid_request";
            case "authentication_error" -> "authentication";
            // billing_error: the account may not use the API; to a client that is a permission problem
            case "permission_error", "billing_error" -> "permission";
            case "not_found_error" -> "not_found";
            case "request_too_large" -> "request_too_large";
            case "rate_limit_error" -> "rate_limit";
            case "overloaded_error" -> "overloaded";
            case "api_error", "timeout_error" -> "server_error";
            default -> "upstream_error";
        };
    }

    /** The neutral error type to Anthropic's; an unknown type is chosen by the HTTP status. */
    static String anthropicErrorType(String neutralType, int status) {
        var type = neutralType == null ? "" : switch (neutralType) {
            case "invalid_request" -> "invalid_request_error";
            case "authentication" -> "authentication_error";
            case "permission" -> "permission_error";
            case "not_found" -> "not_found_error";
            case "request_too_large" -> "request_too_large";
            case "rate_limit" -> "rate_limit_error";
            case "overloaded" -> "overloaded_error";
            case "server_error", "upstream_error" -> "api_error";
            default -> "";
        };
        if (!type.isEmpty()) {
            return type;
        }
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402, 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /**
     * An id an Anthropic client accepts as a message id: Anthropic's own ids pass unchanged; another upstream's
     * id is kept readable behind the {@code msg_} prefix (useful when matching logs); none gets a fresh one.
     */
    static String messageId(String id) {
        if (id != null && id.startsWith("msg_")) {
            return id;
        }
        var clean = id == null ? "" : id.replaceAll("[^A-Za-z0-9_]", "");
        return "msg_" + (clean.isEmpty() ? UUID.randomUUID().toString().replace("-", "") : clean);
    }
}
