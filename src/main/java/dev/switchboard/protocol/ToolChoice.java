package dev.switchboard.protocol;

/** Whether and which tool the model must call. */
public sealed interface ToolChoice {
    /** The model decides. */
    record Auto() implements ToolChoice {
    }

    /** No tool calls. */
    record None() implements ToolChoice {
    }

    /** At least one tool call, any tool ("required" / "any"). */
    record Required() implements ToolChoice {
    }

    /** This tool. */
    record Named(String name) implements ToolChoice {
    }
}
