package dev.switchboard.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Gemini's generation paths, where the model and the stream flag live: {@code /v1beta/models/{model}:generateContent}
 * and {@code :streamGenerateContent} (Google's SDKs add {@code ?alt=sse}, which is not part of the path). The
 * {@code /v1} form is accepted too. A model may itself hold a '/' ({@code relay/gemini-2.5-pro}).
 */
record GeminiPath(String model, boolean stream) {
    private static final String[] PREFIXES = {"/v1beta/models/", "/v1/models/"};

    static GeminiPath parse(String path) {
        for (var prefix : PREFIXES) {
            if (!path.startsWith(prefix)) {
                continue;
            }
            var rest = path.substring(prefix.length());
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            var action = rest.substring(colon + 1);
            var model = URLDecoder.decode(rest.substring(0, colon), StandardCharsets.UTF_8);
            return switch (action) {
                case "generateContent" -> new GeminiPath(model, false);
                case "streamGenerateContent" -> new GeminiPath(model, true);
                default -> null;
            };
        }
        return null;
    }
}
