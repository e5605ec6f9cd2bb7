package dev.switchboard.protocol;

/** Why the model stopped, in the terms all four protocols can say. */
public enum StopReason {
    /** A natural end of the turn. */
    END_TURN,
    /** Cut off by the output token limit. */
    MAX_TOKENS,
    /** A stop sequence was produced. */
    STOP_SEQUENCE,
    /** The model called one or more tools and waits for their results. */
    TOOL_USE,
    /** The model declined to answer. */
    REFUSAL,
    /** The provider's content filter cut the answer. */
    CONTENT_FILTER
}
