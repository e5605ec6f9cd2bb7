package dev.switchboard.store;

import java.util.regex.Pattern;

/**
 * Masks anything that looks like a secret in free text (log lines, upstream error bodies kept in the usage
 * log). A second line of defence: code passes {@link ApiKey}s, whose toString is already masked, but an
 * upstream may echo a key back in its error message.
 */
public final class Redaction {
    private static final Pattern SECRETS = Pattern.compile(
            // OpenAI / Anthropic / most relays: sk-..., sk-ant-..., sk-proj-...
            "\\bsk-[A-Za-z0-9_-]{8,}"
                    // Google API keys
                    + "|\\bAIza[0-9A-Za-z_-]{20,}"
                    // Authorization header values and key=value in URLs or text
                    + "|(?i)(?<=bearer\\s)[A-Za-z0-9._~+/=-]{8,}"
                    + "|(?i)(?<=(?:api[_-]?key|x-api-key|x-goog-api-key|key|token|access_token)[\"']?\\s?[=:]\\s?[\"']?)"
                    + "[A-Za-z0-9._~+/-]{12,}");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        var m = SECRETS.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(ApiKey.mask(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
