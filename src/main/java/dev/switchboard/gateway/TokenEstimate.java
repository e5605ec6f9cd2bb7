package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /v1/messages/count_tokens}, answered locally: Claude Code calls it to decide when to compact a
 * conversation, and a 404 there breaks it. Not every upstream can count (OpenAI-compatible relays have no such
 * endpoint), so Switchboard estimates: one token per four characters of the text the model would read (system,
 * messages, tool definitions), the rule of thumb providers document for English and code. Images count a flat
 * 1,600 tokens (Anthropic's figure for a ~1.15 megapixel image). It errs high rather than low on purpose: a
 * client that compacts a little early loses nothing, one that overflows the context fails.
 */
final class TokenEstimate {
    private static final int IMAGE_TOKENS = 1_600;

    private TokenEstimate() {
    }

    static long of(JsonNode request) {
        var counter = new long[2]; // [characters, images]
        walk(request.get("system"), counter);
        walk(request.get("messages"), counter);
        walk(request.get("tools"), counter);
        return (long) Math.ceil(counter[0] / 4.0) + counter[1] * IMAGE_TOKENS;
    }

    private static void walk(JsonNode node, long[] counter) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            counter[0] += node.asText().length();
        } else if (node.isObject()) {
            if ("image".equals(node.path("type").asText())) {
                counter[1]++;
                return;
            }
            node.fields().forEachRemaining(f -> {
                // field names of tool schemas are read by the model too; type tags are not
                if (!f.getKey().equals("type") && !f.getKey().equals("cache_control")) {
                    counter[0] += f.getKey().length();
                    walk(f.getValue(), counter);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, counter));
        } else {
            counter[0] += node.asText().length();
        }
    }
}
