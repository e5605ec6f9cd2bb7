package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.UsageRecord;

/** Token counts as protocols report them, in the usage log's terms (input includes cached tokens). */
final class Usage {
    private Usage() {
    }

    /**
     * OpenAI Chat: {@code prompt_tokens} already includes {@code prompt_tokens_details.cached_tokens};
     * reasoning tokens are part of {@code completion_tokens}.
     */
    static UsageRecord.Tokens fromOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return UsageRecord.Tokens.NONE;
        }
        return new UsageRecord.Tokens(
                number(usage.get("prompt_tokens")),
                number(usage.get("completion_tokens")),
                number(usage.path("prompt_tokens_details").get("cached_tokens")),
                null,
                number(usage.path("completion_tokens_details").get("reasoning_tokens")));
    }

    private static Long number(JsonNode n) {
        return n != null && n.isNumber() ? n.asLong() : null;
    }
}
