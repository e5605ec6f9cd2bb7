package dev.switchboard.protocol.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A well-formed canonical stream to Responses SSE events for a Responses client (Codex CLI, the OpenAI SDKs).
 *
 * <p>The event sequence is OpenAI's: {@code response.created} and {@code response.in_progress}; for each block one
 * output item, {@code response.output_item.added} … {@code response.output_item.done}, with the content-part,
 * summary-part, delta and {@code .done} events of its kind in between; then exactly one terminal event,
 * {@code response.completed}, {@code response.incomplete} or {@code response.failed}, carrying the whole response.
 * Every event names its type in the {@code event:} line and in its data, and carries a {@code sequence_number}
 * counting from 0. Codex builds its history from the {@code output_item.done} items and the SDKs' accumulators
 * take the terminal response as the answer, so both carry the complete items.
 *
 * <p>Redacted thinking has no Responses form and opens no item. Usage events are cumulative; the last one goes
 * into the terminal response. There is no end marker: the terminal event ends the stream.
 */
final class ResponsesStreamEncoder implements StreamEncoder {
    private final String model;
    private final long createdAt;
    private String responseId = ResponsesJson.responseId(null);
    private long sequence;
    private int nextOutputIndex;
    private final ArrayNode output = ResponsesJson.NODES.arrayNode();
    private Usage usage = Usage.NONE;
    private boolean terminated;

    /** The open block's item. */
    private BlockKind kind;
    private String itemId;
    private int outputIndex;
    private final StringBuilder text = new StringBuilder();
    private String signature;
    private String callId;
    private String toolName;
    private boolean partOpened;

    ResponsesStreamEncoder(String model, long createdAt) {
        this.model = model;
        this.createdAt = createdAt;
    }

    @Override
    public List<SseEvent> encode(StreamEvent event) {
        var out = new ArrayList<SseEvent>();
        if (terminated) {
            return out;
        }
        if (event instanceof StreamEvent.Start s) {
            responseId = ResponsesJson.responseId(s.id());
            out.add(withResponse("response.created", ResponsesOutput.shell(responseId, model, createdAt, "in_progress")));
            out.add(withResponse("response.in_progress",
                    ResponsesOutput.shell(responseId, model, createdAt, "in_progress")));
        } else if (event instanceof StreamEvent.BlockStart b) {
            blockStart(b, out);
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (kind == BlockKind.TEXT && !t.text().isEmpty()) {
                text.append(t.text());
                var e = itemEvent("response.output_text.delta").put("content_index", 0).put("delta", t.text());
                e.putArray("logprobs");
                out.add(sse(e));
            }
        } else if (event instanceof StreamEvent.ThinkingDelta t) {
            if (kind == BlockKind.THINKING && !t.text().isEmpty()) {
                openSummaryPart(out);
                text.append(t.text());
                out.add(sse(itemEvent("response.reasoning_summary_text.delta").put("summary_index", 0)
                        .put("delta", t.text())));
            }
        } else if (event instanceof StreamEvent.SignatureDelta s) {
            signature = s.signature();
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            if (kind == BlockKind.TOOL_CALL && !a.json().isEmpty()) {
                text.append(a.json());
                out.add(sse(itemEvent("response.function_call_arguments.delta").put("delta", a.json())));
            }
        } else if (event instanceof StreamEvent.BlockStop) {
            blockStop(out);
        } else if (event instanceof StreamEvent.Usage u) {
            usage = usage.merge(u.usage());
        } else if (event instanceof StreamEvent.Finish f) {
            var response = ResponsesOutput.shell(responseId, model, createdAt, "completed");
            response.set("output", output.deepCopy());
            ResponsesOutput.finish(response, f.reason(), usage);
            var status = response.get("status").asText();
            out.add(withResponse("incomplete".equals(status) ? "response.incomplete" : "response.completed", response));
            terminated = true;
        } else if (event instanceof StreamEvent.Error e) {
            // one terminal event: response.failed says it all, so no separate `error` event precedes it
            var response = ResponsesOutput.shell(responseId, model, createdAt, "failed");
            response.set("output", output.deepCopy());
            var error = response.putObject("error");
            error.put("code", ResponsesErrors.failedResponseCode(e.type()));
            error.put("message", e.message() == null ? "The upstream failed." : e.message());
            if (!usage.equals(Usage.NONE)) {
                response.set("usage", ResponsesOutput.encodeUsage(usage));
            }
            out.add(withResponse("response.failed", response));
            terminated = true;
        }
        return out;
    }

    @Override
    public List<SseEvent> end() {
        return List.of(); // a Responses stream ends with its terminal event, not with a marker
    }

    private void blockStart(StreamEvent.BlockStart b, List<SseEvent> out) {
        kind = b.kind();
        text.setLength(0);
        signature = null;
        partOpened = false;
        if (kind == BlockKind.REDACTED_THINKING) {
            return; // Anthropic's opaque thinking: nothing a Responses client could show or send back usefully
        }
        outputIndex = nextOutputIndex++;
        ObjectNode item;
        if (kind == BlockKind.TEXT) {
            itemId = ResponsesJson.newId("msg_");
            item = ResponsesOutput.messageItem(itemId, null, false, "in_progress");
        } else if (kind == BlockKind.THINKING) {
            itemId = ResponsesJson.newId("rs_");
            item = ResponsesOutput.reasoningItem(itemId, null, null);
        } else {
            itemId = ResponsesJson.newId("fc_");
            callId = b.toolCallId();
            toolName = b.toolName();
            item = ResponsesOutput.functionCallItem(itemId, callId, toolName, "", "in_progress");
        }
        out.add(sse(event("response.output_item.added").put("output_index", outputIndex).set("item", item)));
        if (kind == BlockKind.TEXT) {
            out.add(sse(itemEvent("response.content_part.added").put("content_index", 0)
                    .set("part", ResponsesOutput.outputText(""))));
        }
    }

    /** A summary part opens with the first thinking text: reasoning without any has an empty summary. */
    private void openSummaryPart(List<SseEvent> out) {
        if (!partOpened) {
            partOpened = true;
            out.add(sse(itemEvent("response.reasoning_summary_part.added").put("summary_index", 0)
                    .set("part", summaryPart(""))));
        }
    }

    private void blockStop(List<SseEvent> out) {
        if (kind == null || kind == BlockKind.REDACTED_THINKING) {
            kind = null;
            return;
        }
        var done = text.toString();
        ObjectNode item;
        if (kind == BlockKind.TEXT) {
            var e = itemEvent("response.output_text.done").put("content_index", 0).put("text", done);
            e.putArray("logprobs");
            out.add(sse(e));
            out.add(sse(itemEvent("response.content_part.done").put("content_index", 0)
                    .set("part", ResponsesOutput.outputText(done))));
            item = ResponsesOutput.messageItem(itemId, done, false, "completed");
        } else if (kind == BlockKind.THINKING) {
            if (partOpened) {
                out.add(sse(itemEvent("response.reasoning_summary_text.done").put("summary_index", 0)
                        .put("text", done)));
                out.add(sse(itemEvent("response.reasoning_summary_part.done").put("summary_index", 0)
                        .set("part", summaryPart(done))));
            }
            item = ResponsesOutput.reasoningItem(itemId, done, signature);
        } else {
            if (done.isEmpty()) {
                // a call without arguments: clients that add up the deltas parse the result as JSON
                done = "{}";
                out.add(sse(itemEvent("response.function_call_arguments.delta").put("delta", done)));
            }
            out.add(sse(itemEvent("response.function_call_arguments.done").put("arguments", done)));
            item = ResponsesOutput.functionCallItem(itemId, callId, toolName, done, "completed");
        }
        out.add(sse(event("response.output_item.done").put("output_index", outputIndex).set("item", item)));
        output.add(item.deepCopy());
        kind = null;
    }

    private static ObjectNode summaryPart(String text) {
        return ResponsesJson.NODES.objectNode().put("type", "summary_text").put("text", text);
    }

    private ObjectNode event(String type) {
        return ResponsesJson.NODES.objectNode().put("type", type).put("sequence_number", sequence++);
    }

    /** An event about the open item's content: it names the item and its place in the output. */
    private ObjectNode itemEvent(String type) {
        return event(type).put("item_id", itemId).put("output_index", outputIndex);
    }

    private SseEvent withResponse(String type, ObjectNode response) {
        return sse(event(type).set("response", response));
    }

    private static SseEvent sse(ObjectNode data) {
        return SseEvent.of(data.get("type").asText(), ResponsesJson.write(data));
    }
}
