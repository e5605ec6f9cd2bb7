package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.ChatRequest;
import dev.switchboard.protocol.ModelDialect;
import java.util.List;

/**
 * What OpenAI's reasoning models ({@link ModelDialect#OPENAI_REASONING}) take in a Chat Completions request, in
 * one place for the encoder and the passthrough. They answer 400 to {@code max_tokens} ("Use
 * 'max_completion_tokens' instead"), to {@code temperature} and {@code top_p} other than 1, to {@code stop}, and
 * on most of the family to the penalties and {@code logit_bias}; they take {@code reasoning_effort} low, medium
 * and high (some also minimal, none or xhigh, which others refuse).
 */
final class OpenAiReasoning {
    /**
     * Refused by the family and sent by clients that did not know which model would answer (a group, {@code auto},
     * a failover): dropped from a passthrough. {@code logprobs} stay: a client asks for them on purpose and is
     * better told that this model has none than answered without them.
     */
    private static final List<String> REFUSED_SAMPLING = List.of("temperature", "top_p", "stop", "presence_penalty",
            "frequency_penalty", "logit_bias");
    /** The budget from which a thinking budget reads as medium, and as high: Anthropic's encoder's levels. */
    private static final int MEDIUM_BUDGET = 4096;
    private static final int HIGH_BUDGET = 16384;

    private OpenAiReasoning() {
    }

    /**
     * The {@code reasoning_effort} for a converted request, or null for the model's default: an effort level the
     * client gave, else its thinking budget read as one (below 4096 tokens low, below 16384 medium, else high, the
     * inverse of what the Anthropic encoder makes of a level). Always low, medium or high, the levels every
     * reasoning model takes: "none" and "minimal" become low, "xhigh" and "max" high. Gemini's budget 0 (thinking
     * off) is low, the least every one of them does; its -1 (dynamic) is the model's default.
     */
    static String effort(ChatRequest request) {
        var effort = request.reasoningEffort();
        if (effort != null) {
            return switch (effort) {
                case "low", "medium", "high" -> effort;
                case "none", "minimal" -> "low";
                case "xhigh", "max" -> "high";
                default -> null;
            };
        }
        var budget = request.thinkingBudget();
        if (budget == null || budget < 0) {
            return null;
        }
        return budget < MEDIUM_BUDGET ? "low" : budget < HIGH_BUDGET ? "medium" : "high";
    }

    /**
     * A Chat client's own body made acceptable to a reasoning model Switchboard chose for it: {@code max_tokens}
     * becomes {@code max_completion_tokens} (the same limit under its current name; one the client sent itself
     * wins), and the sampling parameters the model refuses go. With {@code reasoning_effort: "none"} the sampling
     * parameters stay: GPT-5.1 and later take them when they do not reason, and that is what the client asked.
     */
    static void mend(ObjectNode body) {
        var maxTokens = body.remove("max_tokens");
        if (maxTokens != null && !maxTokens.isNull() && !body.hasNonNull("max_completion_tokens")) {
            body.set("max_completion_tokens", maxTokens);
        }
        if (!"none".equals(body.path("reasoning_effort").asText(null))) {
            body.remove(REFUSED_SAMPLING);
        }
    }
}
