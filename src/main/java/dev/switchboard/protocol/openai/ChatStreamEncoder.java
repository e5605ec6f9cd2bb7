package dev.switchboard.protocol.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A well-formed canonical stream to Chat {@code chat.completion.chunk}s for a Chat client.
 *
 * <p>Chat has no blocks: text is {@code delta.content}, thinking {@code delta.reasoning_content}, and each tool
 * call one chunk with its {@code index}, {@code id}, {@code type} and name, then its argument pieces under the
 * same {@code index} (0, 1, … counting calls, not blocks). Usage goes in one last chunk with empty
 * {@code choices} after the {@code finish_reason} chunk, where OpenAI puts it: the SDK's accumulator refuses a
 * usage chunk before the finish and a second one after it, so the cumulative usage events are held and sent once.
 * Thinking signatures and redacted thinking have no Chat form and are dropped.
 */
final class ChatStreamEncoder implements StreamEncoder {
    private final String model;
    private final long created;
    private String id = ChatJson.completionId(null);
    private BlockKind openKind;
    private int toolCalls;
    private boolean argumentsSent;
    private Usage usage;
    private boolean failed;

    ChatStreamEncoder(String model, long created) {
        this.model = model;
        this.created = created;
    }

    @Override
    public List<SseEvent> encode(StreamEvent event) {
        var out = new ArrayList<SseEvent>();
        if (event instanceof StreamEvent.Start s) {
            id = ChatJson.completionId(s.id());
            // role only: whether content follows is not known yet, and an answer that only calls tools has
            // null content in Chat, which a content "" here would turn into an empty string
            out.add(chunk(ChatJson.NODES.objectNode().put("role", "assistant"), null));
        } else if (event instanceof StreamEvent.BlockStart b) {
            openKind = b.kind();
            if (b.kind() == BlockKind.TOOL_CALL) {
                argumentsSent = false;
                var call = toolCall(toolCalls++);
                call.put("id", b.toolCallId());
                call.put("type", "function");
                call.putObject("function").put("name", b.toolName() == null ? "" : b.toolName()).put("arguments", "");
                out.add(chunk(toolCallsDelta(call), null));
            }
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (!t.text().isEmpty()) {
                out.add(chunk(ChatJson.NODES.objectNode().put("content", t.text()), null));
            }
        } else if (event instanceof StreamEvent.ThinkingDelta t) {
            if (!t.text().isEmpty()) {
                out.add(chunk(ChatJson.NODES.objectNode().put("reasoning_content", t.text()), null));
            }
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            if (!a.json().isEmpty()) {
                argumentsSent = true;
                out.add(arguments(a.json()));
            }
        } else if (event instanceof StreamEvent.BlockStop) {
            if (openKind == BlockKind.TOOL_CALL && !argumentsSent) {
                // a call without arguments: clients parse the accumulated text as JSON, and "" is not JSON
                out.add(arguments("{}"));
            }
            openKind = null;
        } else if (event instanceof StreamEvent.Usage u) {
            usage = usage == null ? u.usage() : usage.merge(u.usage());
        } else if (event instanceof StreamEvent.Finish f) {
            out.add(chunk(ChatJson.NODES.objectNode(), ChatResponses.finishReason(f.reason())));
            if (usage != null && !usage.equals(Usage.NONE)) {
                var last = base();
                last.putArray("choices");
                last.set("usage", ChatResponses.encodeUsage(usage));
                out.add(SseEvent.of(null, ChatJson.write(last)));
            }
        } else if (event instanceof StreamEvent.Error e) {
            out.add(SseEvent.of(null, ChatJson.write(ChatErrors.body(e.message(), e.type()))));
            failed = true;
        }
        // SignatureDelta: Chat has nowhere to put a thinking signature
        return out;
    }

    /**
     * {@code [DONE]}, unless the stream failed: its error chunk is the last word, as OpenAI's own streams end, and
     * a {@code [DONE]} after it would tell a client that reads only the framing that the answer is whole.
     */
    @Override
    public List<SseEvent> end() {
        return failed ? List.of() : List.of(SseEvent.of(null, "[DONE]"));
    }

    private SseEvent arguments(String json) {
        var call = toolCall(toolCalls - 1);
        call.putObject("function").put("arguments", json);
        return chunk(toolCallsDelta(call), null);
    }

    private static ObjectNode toolCall(int index) {
        return ChatJson.NODES.objectNode().put("index", index);
    }

    private static ObjectNode toolCallsDelta(ObjectNode call) {
        var delta = ChatJson.NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    private ObjectNode base() {
        var chunk = ChatJson.NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private SseEvent chunk(ObjectNode delta, String finishReason) {
        var chunk = base();
        var choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return SseEvent.of(null, ChatJson.write(chunk));
    }
}
