package dev.switchboard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One model name taken apart for matching. Upstreams decorate the same model many ways (namespaces, dates, quantization
 * and router tags, {@code 3.5} vs {@code 3-5}), so names are compared as token lists at several strengths:
 * <ul>
 *   <li>{@link #plain}: lower case, namespace gone; what an exact id comparison uses.</li>
 *   <li>{@link #tokens}: also without vendor decorations (Bedrock, Vertex), split on separators, so that
 *       {@code claude-3.5-sonnet} and {@code claude-3-5-sonnet} agree.</li>
 *   <li>{@link #canonical}: also without noise, words that never change which model answers (dates, {@code latest},
 *       {@code preview}, {@code exp}, {@code :free}, {@code fp8}, ...).</li>
 *   <li>{@link #base}: also without variant words ({@code thinking}, {@code instruct}, {@code it}), which
 *       {@link #variants} keeps so that {@code Kimi-K2-Instruct} does not land on {@code kimi-k2-thinking}.</li>
 * </ul>
 */
final class ModelName {
    private static final Set<String> NOISE = Set.of("latest", "preview", "exp", "experimental", "free", "beta", "fp8",
            "fp16", "bf16", "fp4", "int4", "int8", "awq", "gptq", "gguf", "mlx", "nitro", "floor", "online", "extended",
            "exacto");
    private static final Set<String> VARIANTS = Set.of("thinking", "instruct", "it");
    // Bedrock writes "anthropic.claude-..." and "us.anthropic.claude-..."; a dot followed by a letter never occurs
    // inside a real model id (those dots are version dots, "gpt-4.1"), so it is safe to read as a namespace.
    private static final Pattern DOTTED_VENDOR = Pattern.compile("^(?:[a-z]{2,6}\\.)?[a-z-]+\\.(?=[a-z])");
    // Bedrock's version tail "-v2:0", and the ":0" alone.
    private static final Pattern BEDROCK_TAIL = Pattern.compile("(?:-v\\d+)?:\\d+$");
    // "llama3" and "qwen3" are "llama-3" and "qwen-3" elsewhere; short prefixes ("o3", "k2", "r1", "v3") are names.
    private static final Pattern GLUED_VERSION = Pattern.compile("^([a-z]{3,})(\\d.*)$");

    final String plain;
    final List<String> tokens;
    final List<String> canonical;
    final List<String> base;
    final Set<String> variants;

    private ModelName(String plain, List<String> tokens, List<String> canonical, List<String> base,
                      Set<String> variants) {
        this.plain = plain;
        this.tokens = List.copyOf(tokens);
        this.canonical = List.copyOf(canonical);
        this.base = List.copyOf(base);
        this.variants = Set.copyOf(variants);
    }

    static ModelName of(String raw) {
        String name = raw.strip().toLowerCase(Locale.ROOT);
        // Namespaces: "deepseek-ai/DeepSeek-V3.2", "models/gemini-2.5-pro", "accounts/fireworks/models/x".
        name = name.substring(name.lastIndexOf('/') + 1);
        String plain = name;
        name = DOTTED_VENDOR.matcher(name).replaceFirst("");
        name = BEDROCK_TAIL.matcher(name).replaceFirst("");

        List<String> tokens = new ArrayList<>();
        for (String token : name.split("[-_.:@\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            var glued = GLUED_VERSION.matcher(token);
            if (tokens.isEmpty() && glued.matches()) {
                tokens.add(glued.group(1));
                tokens.add(glued.group(2));
            } else {
                tokens.add(token);
            }
        }
        if (tokens.isEmpty()) {
            tokens.add(plain);
        }
        List<String> canonical = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            // The first token is the model's name even when it looks like noise ("exp" would be an odd model, not none).
            if (i == 0 || !NOISE.contains(tokens.get(i))) {
                canonical.add(tokens.get(i));
            }
        }
        stripDates(canonical);
        List<String> base = new ArrayList<>();
        Set<String> variants = new TreeSet<>();
        for (int i = 0; i < canonical.size(); i++) {
            if (i > 0 && VARIANTS.contains(canonical.get(i))) {
                variants.add(canonical.get(i));
            } else {
                base.add(canonical.get(i));
            }
        }
        return new ModelName(plain, tokens, canonical, base, variants);
    }

    /**
     * Drops date-like tails, repeatedly: 20250929, 2024-08-06, 05-20 (month-day), 03-2025 (month-year), 0528 or 2507
     * (a four-digit snapshot), 001 (Google's revision). Never drops the last remaining token.
     */
    private static void stripDates(List<String> t) {
        while (t.size() > 1) {
            int n = t.size();
            String last = t.get(n - 1);
            if (n >= 4 && digits(t.get(n - 3), 4) && digits(t.get(n - 2), 2) && digits(last, 2)) {
                drop(t, 3);
            } else if (n >= 3 && digits(t.get(n - 2), 2) && (digits(last, 2) || digits(last, 4))) {
                drop(t, 2);
            } else if (digits(last, 8) || digits(last, 6) || digits(last, 4) || digits(last, 3)) {
                drop(t, 1);
            } else {
                return;
            }
        }
    }

    private static void drop(List<String> t, int count) {
        t.subList(t.size() - count, t.size()).clear();
    }

    private static boolean digits(String s, int length) {
        return s.length() == length && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return String.join("-", canonical);
    }
}
