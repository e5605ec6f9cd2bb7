package dev.switchboard.protocol;

import java.util.List;

/**
 * A request in the canonical model: what every client protocol decodes to and every upstream protocol encodes
 * from. Null means "not given": the upstream's default applies.
 *
 * @param system            system prompt pieces in order (Anthropic system blocks, OpenAI system and developer
 *                          messages, Gemini systemInstruction parts)
 * @param parallelToolCalls false when the client turned parallel tool calls off; null when it did not say
 * @param reasoningEffort   "low" / "medium" / "high" where the client asked for an effort level
 * @param thinkingBudget    a thinking token budget where the client gave one (Anthropic, Gemini)
 */
public record ChatRequest(
        String model,
        List<Part.Text> system,
        List<Message> messages,
        List<Tool> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stop,
        boolean stream,
        String reasoningEffort,
        Integer thinkingBudget,
        String user) {

    public ChatRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
    }

    public ChatRequest withModel(String m) {
        return new ChatRequest(m, system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                topP, topK, stop, stream, reasoningEffort, thinkingBudget, user);
    }

    /**
     * This request for an upstream without system messages mid-conversation: their texts join the system prompt,
     * in order, and the messages are gone. What they said stays said; only where they said it is lost.
     */
    public ChatRequest systemMessagesJoined() {
        if (messages.stream().noneMatch(m -> m.role() == Role.SYSTEM)) {
            return this;
        }
        var joined = new java.util.ArrayList<>(system);
        var rest = new java.util.ArrayList<Message>();
        for (var m : messages) {
            if (m.role() == Role.SYSTEM) {
                m.parts().stream().filter(Part.Text.class::isInstance).map(Part.Text.class::cast).forEach(joined::add);
            } else {
                rest.add(m);
            }
        }
        return new ChatRequest(model, joined, rest, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                topP, topK, stop, stream, reasoningEffort, thinkingBudget, user);
    }

    public ChatRequest withStream(boolean s) {
        return new ChatRequest(model, system, messages, tools, toolChoice, parallelToolCalls, maxTokens, temperature,
                topP, topK, stop, s, reasoningEffort, thinkingBudget, user);
    }
}
