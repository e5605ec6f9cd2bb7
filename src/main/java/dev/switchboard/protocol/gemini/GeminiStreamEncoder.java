package dev.switchboard.protocol.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.StreamEncoder;
import dev.switchboard.protocol.StreamEvent;
import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A well-formed canonical stream ({@link dev.switchboard.protocol.StreamNormalizer}) as the
 * {@code streamGenerateContent?alt=sse} stream a Gemini client reads: one {@code data:} GenerateContentResponse per
 * piece of text or thought, one per whole function call, and a last one with the {@code finishReason} and the
 * {@code usageMetadata}; or {@code data: {"error": …}} when the upstream failed. Gemini's SSE has no event names and
 * no end sentinel.
 *
 * <p>Three things are held back, each only until the event that completes it: a tool call's arguments until its
 * block stops (Gemini sends function calls whole, with {@code args} an object); the latest piece of a thinking
 * block, so the block's signature (which comes last) rides on it as Gemini's would; and a signature-only thinking
 * block's signature, which goes on the next text part (see {@link Parts}), or on a part of its own when no text
 * follows. Every chunk carries the {@code responseId} and the {@code modelVersion}.
 */
final class GeminiStreamEncoder implements StreamEncoder {
    private final String requestedModel;
    private String model;
    private String responseId;
    private boolean ended;
    private BlockKind openKind;
    private String toolName;
    private String toolSignature;
    private final StringBuilder toolArgs = new StringBuilder();
    private String heldThought;
    private boolean thoughtSent;
    private String pendingSignature;
    private Usage usage = Usage.NONE;

    GeminiStreamEncoder(String model) {
        this.requestedModel = model;
        this.model = model;
    }

    @Override
    public List<SseEvent> encode(StreamEvent event) {
        var out = new ArrayList<SseEvent>();
        if (ended) {
            return out;
        }
        if (event instanceof StreamEvent.Start s) {
            responseId = s.id();
            if (requestedModel == null) {
                model = s.model();
            }
        } else if (event instanceof StreamEvent.Error e) {
            var error = Wire.object();
            int code = Wire.httpCode(e.type());
            error.putObject("error").put("code", code).put("message", e.message() == null ? "" : e.message())
                    .put("status", Wire.googleStatus(e.type(), code));
            out.add(SseEvent.of(null, Wire.write(error)));
            ended = true;
        } else if (event instanceof StreamEvent.BlockStart b) {
            openKind = b.kind();
            if (b.kind() != BlockKind.TEXT && pendingSignature != null) {
                out.add(chunk(signaturePart())); // no text follows it: a part of its own
            }
            if (b.kind() == BlockKind.TOOL_CALL) {
                toolName = b.toolName();
                toolSignature = Wire.toGemini(b.signature());
                toolArgs.setLength(0);
            } else if (b.kind() == BlockKind.THINKING) {
                heldThought = null;
                thoughtSent = false;
            }
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (!t.text().isEmpty()) {
                var part = Wire.object().put("text", t.text());
                if (pendingSignature != null) {
                    part.put("thoughtSignature", pendingSignature);
                    pendingSignature = null;
                }
                out.add(chunk(part));
            }
        } else if (event instanceof StreamEvent.ThinkingDelta t) {
            if (!t.text().isEmpty()) {
                flushThought(null, out);
                heldThought = t.text();
            }
        } else if (event instanceof StreamEvent.SignatureDelta s) {
            signature(Wire.toGemini(s.signature()), out);
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            toolArgs.append(a.json());
        } else if (event instanceof StreamEvent.BlockStop) {
            stop(out);
        } else if (event instanceof StreamEvent.Usage u) {
            usage = usage.merge(u.usage());
        } else if (event instanceof StreamEvent.Finish f) {
            var body = Wire.object();
            var candidate = body.putArray("candidates").addObject();
            if (pendingSignature != null) {
                var content = candidate.putObject("content");
                content.putArray("parts").add(signaturePart());
                content.put("role", "model");
            }
            candidate.put("finishReason", Wire.finishReason(f.reason())).put("index", 0);
            body.set("usageMetadata", Wire.usageMetadata(usage));
            out.add(event(body));
            ended = true;
        }
        return out;
    }

    /** Nothing: Gemini's stream simply ends after the last chunk. */
    @Override
    public List<SseEvent> end() {
        return List.of();
    }

    private void signature(String signature, List<SseEvent> out) {
        if (signature == null || signature.isEmpty()) {
            return;
        }
        if (openKind == BlockKind.TOOL_CALL) {
            toolSignature = signature;
        } else if (heldThought != null) {
            flushThought(signature, out);
        } else if (!thoughtSent) {
            pendingSignature = signature; // thinking with nothing but a signature: it belongs to the next text
        } else {
            out.add(chunk(Wire.object().put("text", "").put("thought", true).put("thoughtSignature", signature)));
        }
    }

    private void stop(List<SseEvent> out) {
        if (openKind == BlockKind.THINKING) {
            flushThought(null, out);
        } else if (openKind == BlockKind.TOOL_CALL) {
            var part = Wire.object();
            part.putObject("functionCall").put("name", toolName).set("args", Parts.args(toolArgs.toString()));
            if (toolSignature != null) {
                part.put("thoughtSignature", toolSignature);
            }
            out.add(chunk(part));
        }
        openKind = null;
    }

    private void flushThought(String signature, List<SseEvent> out) {
        if (heldThought == null) {
            return;
        }
        var part = Wire.object().put("text", heldThought).put("thought", true);
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        out.add(chunk(part));
        heldThought = null;
        thoughtSent = true;
    }

    private ObjectNode signaturePart() {
        var part = Wire.object().put("text", "").put("thoughtSignature", pendingSignature);
        pendingSignature = null;
        return part;
    }

    private SseEvent chunk(ObjectNode part) {
        var body = Wire.object();
        var content = body.putArray("candidates").addObject().putObject("content");
        content.putArray("parts").add(part);
        content.put("role", "model");
        ((ObjectNode) body.get("candidates").get(0)).put("index", 0);
        return event(body);
    }

    private SseEvent event(ObjectNode body) {
        if (model != null) {
            body.put("modelVersion", model);
        }
        if (responseId == null) {
            responseId = Wire.responseId(null); // one id for every chunk of the answer
        }
        body.put("responseId", responseId);
        return SseEvent.of(null, Wire.write(body));
    }
}
