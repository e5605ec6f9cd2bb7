package dev.switchboard.routing;

/**
 * What a scene rule may ask of a request besides its model name ({@link SceneRules}). The gateway reads them from
 * the request as the client sent it, each only when a rule asks and at most once; {@link Given} states them
 * outright, for tests and for {@code rules test}.
 */
public interface RequestTraits {
    /** The client protocol, as the request log names it ({@code anthropic-messages}, …). */
    String protocol();

    /** The request asks for thinking or reasoning. */
    boolean thinking();

    /** The request's input holds an image. */
    boolean images();

    /** The request offers a web-search tool. */
    boolean webSearch();

    /** The request is one of Claude Code's background calls, not a turn of the main conversation. */
    boolean background();

    /** The estimated number of input tokens (system, messages, tool definitions; images at a flat rate). */
    long inputTokens();

    /** Traits stated outright. */
    record Given(String protocol, boolean thinking, boolean images, boolean webSearch, boolean background,
                 long inputTokens) implements RequestTraits {
        /** A plain request of {@code protocol}: no thinking, images, web search; not a background call; small. */
        public static Given plain(String protocol) {
            return new Given(protocol, false, false, false, false, 0);
        }
    }
}
