package dev.switchboard.gateway;

/**
 * Gemini's generation paths, where the model and the stream flag live: {@code /v1beta/models/{model}:generateContent}
 * and {@code :streamGenerateContent} (Google's SDKs add {@code ?alt=sse}, which is not part of the path). The
 * {@code /v1} form is accepted too. A model may itself hold a '/' ({@code relay/gemini-2.5-pro}): see
 * {@link ModelPath}, which reads the path.
 */
record GeminiPath(String model, boolean stream) {
    static GeminiPath parse(String path) {
        var parsed = ModelPath.parse(path);
        if (parsed == null || parsed.method() == null) {
            return null;
        }
        return switch (parsed.method()) {
            case ModelPath.GENERATE -> new GeminiPath(parsed.id(), false);
            case ModelPath.STREAM_GENERATE -> new GeminiPath(parsed.id(), true);
            default -> null;
        };
    }
}
