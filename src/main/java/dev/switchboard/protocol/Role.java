package dev.switchboard.protocol;

/**
 * Who said a message. System prompts are not messages here ({@link ChatRequest#system()}); tool results are
 * parts of a user message, as Anthropic and Gemini have them, and become {@code tool} messages for OpenAI.
 */
public enum Role {
    USER,
    ASSISTANT
}
