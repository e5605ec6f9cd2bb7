package dev.switchboard.protocol;

/**
 * Who said a message. The system prompt before the conversation is not a message here ({@link ChatRequest#system()});
 * tool results are parts of a user message, as Anthropic and Gemini have them, and become {@code tool} messages for
 * OpenAI.
 */
public enum Role {
    USER,
    ASSISTANT,
    /**
     * A system message in the middle of the conversation, where the client put it (Claude Code sends them after a
     * user turn). Its parts are text. Upstreams that take such messages get them in place; the others get them
     * joined to the system prompt ({@link ChatRequest#systemMessagesJoined()}).
     */
    SYSTEM
}
