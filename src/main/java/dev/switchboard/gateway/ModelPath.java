package dev.switchboard.gateway;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.util.URIUtil;

/**
 * A path that names one model: {@code /v1/models/{id}}, {@code /models/{id}} or {@code /v1beta/models/{id}}, and on
 * Gemini's two prefixes ({@code /v1beta/models/}, {@code /v1/models/}) a method after the id:
 * {@code :generateContent}, {@code :streamGenerateContent}, {@code :countTokens}.
 *
 * <p>The id is everything after the prefix and may itself hold a '/' ({@code relay/gemini-2.5-pro},
 * {@code deepseek-ai/DeepSeek-V3.2}): Google's SDKs send it as is, OpenAI's and Anthropic's Java and Node SDKs
 * percent-encode it ({@code relay%2Fgemini-2.5-pro}). It is decoded once, as a path ({@code +} stays a plus), from
 * the path Jetty routes on, which keeps escapes such as {@code %2F} and {@code %20}. A ':' is a method only when a
 * method's name follows it, so an id such as {@code qwen2.5:7b} stays whole.
 *
 * @param prefix the prefix, one of {@link #PREFIXES}
 * @param id     the model id, decoded; never empty
 * @param method the Gemini method after the id, or null
 */
record ModelPath(String prefix, String id, String method) {
    static final String GENERATE = "generateContent";
    static final String STREAM_GENERATE = "streamGenerateContent";
    static final String COUNT_TOKENS = "countTokens";
    static final List<String> PREFIXES = List.of("/v1beta/models/", "/v1/models/", "/models/");
    private static final List<String> GEMINI_PREFIXES = List.of("/v1beta/models/", "/v1/models/");
    private static final Set<String> METHODS = Set.of(GENERATE, STREAM_GENERATE, COUNT_TOKENS);

    /** @param path the request's path as Jetty routes on it ({@code Request.getPathInContext}); null when none */
    static ModelPath parse(String path) {
        for (var prefix : PREFIXES) {
            if (!path.startsWith(prefix) || path.length() == prefix.length()) {
                continue;
            }
            var rest = path.substring(prefix.length());
            int colon = rest.lastIndexOf(':');
            if (GEMINI_PREFIXES.contains(prefix) && colon > 0 && METHODS.contains(rest.substring(colon + 1))) {
                return new ModelPath(prefix, URIUtil.decodePath(rest.substring(0, colon)), rest.substring(colon + 1));
            }
            return new ModelPath(prefix, URIUtil.decodePath(rest), null);
        }
        return null;
    }

    /** Under {@code /v1beta}: only Gemini's clients call there. */
    boolean geminiOnly() {
        return prefix.startsWith("/v1beta/");
    }

    /**
     * Whether an encoded '/' ({@code %2F}) in this path is part of a model id, the one place it is read here:
     * everywhere else it is refused as Jetty refuses it ({@link EncodedSlashes}). Even in an id, one that decodes
     * to an empty, {@code .} or {@code ..} segment is refused, so that no path can be read as two different ones.
     */
    static boolean allowsEncodedSlash(String path) {
        var parsed = parse(path);
        if (parsed == null) {
            return false;
        }
        for (var segment : parsed.id().split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
