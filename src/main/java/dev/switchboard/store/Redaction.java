package dev.switchboard.store;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in free text that Switchboard relays, stores, logs or shows: upstream error bodies and stream
 * error events, exception messages, log lines (DESIGN §6). Two passes:
 * <ol>
 *   <li>by value: every secret this process holds ({@link HeldSecrets}: channel keys, client access keys, the
 *       admin token, credential headers, proxy passwords), whatever its shape. This is what catches a relay that
 *       echoes its bare hex key in full;</li>
 *   <li>by shape: strings that look like keys of the common providers, or that follow {@code Bearer} or
 *       {@code key=} / {@code "api_key": }, for secrets this process never held (a key of another account
 *       quoted by a relay, a key pasted into a URL).</li>
 * </ol>
 * Values go first, so that a held key is masked whole even where the shape pass would have stopped early inside
 * it (a key with a {@code .}), and the masked forms ({@code 3f9a…5e3c}) never match a shape again: the
 * ellipsis breaks every pattern.
 *
 * <p>Code passes {@link ApiKey}s, whose toString is already masked; this is for the texts Switchboard did not
 * write itself. It runs on error paths and log lines, never on the events of a good stream.
 */
public final class Redaction {
    private static final Pattern SECRETS = Pattern.compile(String.join("|",
            // OpenAI (sk-proj-…), Anthropic (sk-ant-…), OpenRouter (sk-or-…), DeepSeek, Moonshot, most relays
            "\\bsk-[A-Za-z0-9_-]{8,}",
            // Google API keys and OAuth access tokens
            "\\bAIza[0-9A-Za-z_-]{20,}",
            "\\bya29\\.[0-9A-Za-z_-]{20,}",
            // Groq, Hugging Face, Replicate, Fireworks, GitHub: prefix_ then letters and digits only, so that a
            // snake_case word (hf_model_name) is not taken for a key
            "\\b(?:gsk|hf|r8|fw|gh[pousr])_[A-Za-z0-9]{16,}",
            "\\bgithub_pat_[A-Za-z0-9_]{20,}",
            // xAI, Perplexity, NVIDIA
            "\\b(?:xai|pplx|nvapi)-[A-Za-z0-9_-]{16,}",
            // a JWT (header.payload[.signature], both JSON objects, so both start with eyJ): relay session tokens
            "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]*)?",
            // an Authorization header's value
            "(?i:(?<=bearer\\s)[A-Za-z0-9._~+/=-]{8,})",
            // key=value in URLs, key: value in text, "api_key": "value" in JSON
            "(?i:(?<=(?:api[_-]?key|x-api-key|x-goog-api-key|key|token|access_token|secret|password)[\"']?\\s?[=:]"
                    + "\\s?[\"']?)[A-Za-z0-9._~+/-]{12,})"));

    /**
     * A literal that every match of {@link #SECRETS} contains, lower-cased: one alternative's prefix each, or the
     * word its look-behind needs. A text holding none of them cannot match, so the pattern (an alternation with
     * look-behinds, tried at every position) is not run on it: that was 4 % of the gateway's CPU under load, all
     * of it on request-log lines holding no such word. The case-sensitive prefixes are lower-cased too, which only
     * lets more texts through to the pattern, never fewer.
     */
    private static final List<String> TELLTALES = List.of(
            "sk-", "aiza", "ya29.", "gsk_", "hf_", "r8_", "fw_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
            "xai-", "pplx-", "nvapi-", "eyj", "bearer", "key", "token", "secret", "password");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        var byValue = HeldSecrets.mask(text);
        if (!mayHoldShapedSecret(byValue)) {
            return byValue;
        }
        var m = SECRETS.matcher(byValue);
        if (!m.find()) {
            return byValue;
        }
        var out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(ApiKey.mask(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    static boolean mayHoldShapedSecret(String text) {
        var lower = text.toLowerCase(Locale.ROOT);
        for (var telltale : TELLTALES) {
            if (lower.contains(telltale)) {
                return true;
            }
        }
        return false;
    }
}
