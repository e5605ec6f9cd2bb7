package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * {@code POST /v1/messages/count_tokens} and Gemini's {@code models/{model}:countTokens}, answered locally: Claude
 * Code calls the first to decide when to compact a conversation, and a 404 there breaks it; Google's SDKs offer the
 * second as {@code models.countTokens}. Not every upstream can count (OpenAI-compatible relays have no such
 * endpoint), so Switchboard estimates: one token per four characters of the text the model would read (system,
 * messages, tool definitions), the rule of thumb providers document for English and code. Images count a flat
 * 1,600 tokens (Anthropic's figure for a ~1.15 megapixel image); Gemini's inline and file data count as one image
 * each, whatever their kind. It errs high rather than low on purpose: a client that compacts a little early loses
 * nothing, one that overflows the context fails.
 */
final class TokenEstimate {
    private static final int IMAGE_TOKENS = 1_600;

    private TokenEstimate() {
    }

    /** A Messages request: its system prompt, messages and tool definitions. */
    static long of(JsonNode request) {
        var counter = new long[2]; // [characters, images]
        walk(request.get("system"), counter, TokenEstimate::anthropicImage);
        walk(request.get("messages"), counter, TokenEstimate::anthropicImage);
        walk(request.get("tools"), counter, TokenEstimate::anthropicImage);
        return total(counter);
    }

    /**
     * A Gemini {@code countTokens} request: its {@code contents}, or its {@code generateContentRequest} (contents,
     * system instruction and tools), which Google's SDKs send when they count more than contents.
     */
    static long ofGemini(JsonNode request) {
        var counter = new long[2];
        for (var body : new JsonNode[] {request, request.get("generateContentRequest")}) {
            if (body != null && body.isObject()) {
                walk(body.get("systemInstruction"), counter, TokenEstimate::geminiMedia);
                walk(body.get("contents"), counter, TokenEstimate::geminiMedia);
                walk(body.get("tools"), counter, TokenEstimate::geminiMedia);
            }
        }
        return total(counter);
    }

    /**
     * A generation request of any client protocol, for scene rules' token threshold: what {@link #of} and
     * {@link #ofGemini} count for theirs; a Chat request's messages and tools (and legacy functions); a Responses
     * request's instructions, input and tools. Chat's {@code image_url} and Responses' {@code input_image} parts count
     * as images, so a data URL's base64 is not read as text.
     */
    static long ofRequest(ClientProtocol protocol, JsonNode request) {
        return switch (protocol) {
            case MESSAGES -> of(request);
            case GEMINI -> ofGemini(request);
            case CHAT -> {
                var counter = new long[2];
                walk(request.get("messages"), counter, TokenEstimate::openAiImage);
                walk(request.get("tools"), counter, TokenEstimate::openAiImage);
                walk(request.get("functions"), counter, TokenEstimate::openAiImage);
                yield total(counter);
            }
            case RESPONSES -> {
                var counter = new long[2];
                walk(request.get("instructions"), counter, TokenEstimate::openAiImage);
                walk(request.get("input"), counter, TokenEstimate::openAiImage);
                walk(request.get("tools"), counter, TokenEstimate::openAiImage);
                yield total(counter);
            }
        };
    }

    private static boolean openAiImage(JsonNode node) {
        var type = node.path("type").asText();
        return type.equals("image_url") || type.equals("input_image");
    }

    private static long total(long[] counter) {
        return (long) Math.ceil(counter[0] / 4.0) + counter[1] * IMAGE_TOKENS;
    }

    private static boolean anthropicImage(JsonNode node) {
        return "image".equals(node.path("type").asText());
    }

    /** A part carrying data rather than text: its bytes are not characters the model reads. */
    private static boolean geminiMedia(JsonNode node) {
        return node.has("inlineData") || node.has("inline_data") || node.has("fileData") || node.has("file_data");
    }

    private static void walk(JsonNode node, long[] counter, Predicate<JsonNode> image) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            counter[0] += node.asText().length();
        } else if (node.isObject()) {
            if (image.test(node)) {
                counter[1]++;
                return;
            }
            node.fields().forEachRemaining(f -> {
                // field names of tool schemas are read by the model too; type tags are not
                if (!f.getKey().equals("type") && !f.getKey().equals("cache_control")) {
                    counter[0] += f.getKey().length();
                    walk(f.getValue(), counter, image);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, counter, image));
        } else {
            counter[0] += node.asText().length();
        }
    }
}
