package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Mappers;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StopReason;
import dev.switchboard.protocol.StreamDecoder;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Gemini upstream's {@code streamGenerateContent?alt=sse} stream to canonical events. Each {@code data:} is a
 * whole GenerateContentResponse holding the next piece of the answer; there are no {@code event:} lines and no
 * end sentinel: the chunk with a {@code finishReason} is the last one with content.
 *
 * <p>Blocks are made from parts: consecutive text parts are one text block and consecutive thought parts one
 * thinking block, and a change between the two closes the block. A thought part's signature closes its thinking
 * block; a signature on a plain text part is a thinking block of its own with only that signature (see
 * {@link Parts}). Gemini does not stream function arguments: each {@code functionCall} part is a whole tool call
 * block, its signature in the block start. {@code usageMetadata} repeats the totals so far in every chunk; they are
 * merged count by count. Parts other protocols have no place for (code execution, inline images) are ignored.
 */
final class GeminiStreamDecoder implements StreamDecoder {
    private boolean started;
    private boolean finished;
    private boolean reachedEnd;
    private boolean calledTools;
    /** The open block's key and kind, or null. */
    private Integer open;
    private BlockKind openKind;
    private int nextKey;
    private int calls;
    private String callIdStem;
    private Wire.RawUsage usage = Wire.RawUsage.NONE;

    @Override
    public List<StreamEvent> decode(SseEvent event) throws IOException {
        var out = new ArrayList<StreamEvent>();
        if (!event.hasData() || event.data().isBlank() || event.isDone()) {
            return out; // keep-alive comments, and [DONE] from relays that add OpenAI's sentinel
        }
        JsonNode chunk;
        try {
            chunk = Mappers.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            if (finished) {
                return out;
            }
            throw new IOException("The upstream sent an event that is not JSON: " + e.getOriginalMessage(), e);
        }
        if (chunk == null || !chunk.isObject()) {
            if (finished) {
                return out;
            }
            throw new IOException("The upstream sent an event that is not a JSON object: " + event.data());
        }
        if (finished) {
            usage(chunk, out); // a usage chunk after the finishing one still counts; nothing else does
            return out;
        }
        var error = Wire.field(chunk, "error");
        if (error != null && error.isObject()) {
            var code = Wire.field(error, "code");
            var message = Wire.text(error, "message");
            out.add(new StreamEvent.Error(Wire.neutralErrorType(Wire.text(error, "status"),
                    code != null && code.canConvertToInt() ? code.intValue() : 500),
                    message != null ? message : "The upstream reported an error"));
            finished = true;
            return out;
        }
        var responseId = Wire.text(chunk, "responseId");
        if (!started) {
            started = true;
            callIdStem = Wire.callIdStem(responseId);
            out.add(new StreamEvent.Start(responseId, Wire.text(chunk, "modelVersion")));
        }
        var candidates = Wire.field(chunk, "candidates");
        var candidate = candidates != null && candidates.isArray() && !candidates.isEmpty() ? candidates.get(0) : null;
        var parts = Wire.field(Wire.field(candidate, "content"), "parts");
        if (parts != null && parts.isArray()) {
            for (var part : parts) {
                if (part.isObject()) {
                    part(part, out);
                }
            }
        }
        usage(chunk, out);
        var finishReason = Wire.text(candidate, "finishReason");
        if (finishReason != null && !finishReason.isEmpty() && !finishReason.equals("FINISH_REASON_UNSPECIFIED")) {
            finish(Wire.finishReason(finishReason), out);
        } else if (candidate == null && Wire.text(Wire.field(chunk, "promptFeedback"), "blockReason") != null) {
            finish(StopReason.CONTENT_FILTER, out); // the prompt was blocked: no candidate will come
        }
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public boolean reachedEnd() {
        return reachedEnd;
    }

    private void part(JsonNode part, List<StreamEvent> out) {
        var signature = Wire.signature(Wire.text(part, "thoughtSignature"));
        var call = Wire.field(part, "functionCall");
        if (call != null && call.isObject()) {
            close(out);
            var name = Wire.text(call, "name");
            var id = Wire.text(call, "id");
            int key = nextKey++;
            // numbered as in whole answers (Parts.Calls), so a streamed answer and a whole one agree
            var callId = id != null && !id.isEmpty() ? id : callIdStem + ++calls;
            out.add(new BlockStart(key, BlockKind.TOOL_CALL, callId, name == null ? "" : name, signature));
            var args = Wire.field(call, "args");
            out.add(new StreamEvent.ToolArgumentsDelta(key, args != null && args.isObject() ? Wire.write(args) : "{}"));
            out.add(new StreamEvent.BlockStop(key));
            calledTools = true;
            return;
        }
        var text = Wire.text(part, "text");
        var thought = Wire.field(part, "thought");
        if (thought != null && thought.asBoolean(false)) {
            if (text != null && !text.isEmpty()) {
                ensureOpen(BlockKind.THINKING, out);
                out.add(new StreamEvent.ThinkingDelta(open, text));
            }
            if (signature != null) {
                ensureOpen(BlockKind.THINKING, out);
                out.add(new StreamEvent.SignatureDelta(open, signature));
                close(out); // the signature belongs to the thoughts up to here
            }
            return;
        }
        if (signature != null) {
            close(out);
            ensureOpen(BlockKind.THINKING, out);
            out.add(new StreamEvent.SignatureDelta(open, signature));
            close(out);
        }
        if (text != null && !text.isEmpty()) {
            ensureOpen(BlockKind.TEXT, out);
            out.add(new StreamEvent.TextDelta(open, text));
        }
    }

    private void ensureOpen(BlockKind kind, List<StreamEvent> out) {
        if (open != null && openKind == kind) {
            return;
        }
        close(out);
        open = nextKey++;
        openKind = kind;
        out.add(kind == BlockKind.TEXT ? BlockStart.text(open) : BlockStart.thinking(open));
    }

    private void close(List<StreamEvent> out) {
        if (open != null) {
            out.add(new StreamEvent.BlockStop(open));
            open = null;
            openKind = null;
        }
    }

    private void usage(JsonNode chunk, List<StreamEvent> out) {
        var raw = Wire.RawUsage.of(Wire.field(chunk, "usageMetadata"));
        if (!raw.isEmpty()) {
            usage = usage.merge(raw);
            out.add(new StreamEvent.Usage(usage.canonical()));
        }
    }

    private void finish(StopReason reason, List<StreamEvent> out) {
        close(out);
        out.add(new StreamEvent.Finish(reason == StopReason.END_TURN && calledTools ? StopReason.TOOL_USE : reason));
        finished = true;
        reachedEnd = true;
    }
}
