package dev.switchboard.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scene rule: when a request is of a kind (its conditions, {@link When}), its candidates are the members of a
 * group, whatever model it names. The rules are an ordered list, tried before the model-name tiers of DESIGN §2;
 * {@code routing.SceneRules} says which rule wins.
 *
 * @param name    unique, ignoring case; what the request log names ({@code rule:<name>})
 * @param enabled a switched-off rule is kept in its place but never chosen
 * @param group   the target group's name; it may have been deleted since, which makes the rule point nowhere
 */
public record SceneRule(long id, String name, boolean enabled, When when, String group) {

    /** The client protocols a rule may ask for, as the request log names them. */
    public static final List<String> PROTOCOLS = List.of("openai-chat", "openai-responses", "anthropic-messages",
            "gemini");

    /** Shorter names a person may type for a protocol. */
    private static final Map<String, String> PROTOCOL_ALIASES = Map.of(
            "chat", "openai-chat",
            "chat-completions", "openai-chat",
            "responses", "openai-responses",
            "messages", "anthropic-messages",
            "anthropic", "anthropic-messages");

    /**
     * What a request must be for the rule to apply: every condition given must hold. An unset condition (null,
     * false) is not checked; a rule has at least one ({@link #isEmpty}).
     *
     * @param protocol    the client protocol ({@link #PROTOCOLS}), or null for any
     * @param model       the model-name pattern, or null for any name
     * @param thinking    the request asks for thinking or reasoning
     * @param images      the request's input holds an image
     * @param webSearch   the request offers a web-search tool
     * @param background  the request is one of Claude Code's background calls (not the main conversation)
     * @param tokensAbove the request's estimated input is more than this many tokens, or null for any size
     */
    public record When(String protocol, ModelPattern model, boolean thinking, boolean images, boolean webSearch,
                       boolean background, Long tokensAbove) {
        public static final When NOTHING = new When(null, null, false, false, false, false, null);

        public boolean isEmpty() {
            return protocol == null && model == null && !thinking && !images && !webSearch && !background
                    && tokensAbove == null;
        }

        /**
         * The conditions in plain words, joined by "and", in one fixed order: {@code background call and model
         * claude*}. What the CLI and the admin API show.
         */
        public String describe() {
            var parts = new ArrayList<String>();
            if (background) {
                parts.add("background call");
            }
            if (protocol != null) {
                parts.add("protocol " + protocol);
            }
            if (model != null) {
                parts.add("model " + model.text());
            }
            if (thinking) {
                parts.add("thinking");
            }
            if (images) {
                parts.add("images");
            }
            if (webSearch) {
                parts.add("web search");
            }
            if (tokensAbove != null) {
                parts.add("input over " + tokensAbove + " tokens");
            }
            return parts.isEmpty() ? "-" : String.join(" and ", parts);
        }

        public When withProtocol(String p) {
            return new When(p, model, thinking, images, webSearch, background, tokensAbove);
        }

        public When withModel(ModelPattern m) {
            return new When(protocol, m, thinking, images, webSearch, background, tokensAbove);
        }

        public When withThinking(boolean t) {
            return new When(protocol, model, t, images, webSearch, background, tokensAbove);
        }

        public When withImages(boolean i) {
            return new When(protocol, model, thinking, i, webSearch, background, tokensAbove);
        }

        public When withWebSearch(boolean w) {
            return new When(protocol, model, thinking, images, w, background, tokensAbove);
        }

        public When withBackground(boolean b) {
            return new When(protocol, model, thinking, images, webSearch, b, tokensAbove);
        }

        public When withTokensAbove(Long n) {
            return new When(protocol, model, thinking, images, webSearch, background, n);
        }
    }

    /** A rule as a person gives it: to add, or to replace a rule's fields with. */
    public record Draft(String name, boolean enabled, When when, String group) {
    }

    public Draft draft() {
        return new Draft(name, enabled, when, group);
    }

    /**
     * A protocol as a person typed it, in the form the request log uses: one of {@link #PROTOCOLS}, or
     * {@code chat}, {@code responses}, {@code messages}, {@code anthropic}.
     *
     * @throws StoreException (invalid) naming the protocols there are
     */
    public static String protocol(String raw) {
        var v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (PROTOCOLS.contains(v)) {
            return v;
        }
        var aliased = PROTOCOL_ALIASES.get(v);
        if (aliased != null) {
            return aliased;
        }
        throw StoreException.invalid("'" + ControlChars.escape(raw == null ? "" : raw.strip())
                + "' is not a client protocol. Use one of " + String.join(", ", PROTOCOLS)
                + (v.equals("openai") ? " (OpenAI has two: openai-chat and openai-responses)." : "."));
    }
}
