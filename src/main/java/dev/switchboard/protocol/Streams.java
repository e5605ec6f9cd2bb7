package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;

/** Conversions between a whole answer and a canonical stream. */
public final class Streams {
    private Streams() {
    }

    /**
     * Whether these events commit a stream (DESIGN §3's late commit): text, reasoning, a tool call, a thinking
     * signature, opaque (redacted) thinking or the finish. A stream's start, its role and its pings commit nothing:
     * an upstream that opens a stream and then errors or falls silent must still fail over.
     */
    public static boolean meaningful(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.TextDelta || e instanceof StreamEvent.ThinkingDelta
                    || e instanceof StreamEvent.ToolArgumentsDelta || e instanceof StreamEvent.SignatureDelta
                    || e instanceof StreamEvent.Finish) {
                return true;
            }
            if (e instanceof StreamEvent.BlockStart b && (b.kind() == StreamEvent.BlockKind.TOOL_CALL
                    || b.kind() == StreamEvent.BlockKind.REDACTED_THINKING)) {
                return true;
            }
        }
        return false;
    }

    /** The first error among these events, or null. */
    public static StreamEvent.Error firstError(List<StreamEvent> events) {
        for (var e : events) {
            if (e instanceof StreamEvent.Error error) {
                return error;
            }
        }
        return null;
    }

    /** Whether these events are usage and nothing else (Chat's last chunk when usage was asked for). */
    public static boolean usageOnly(List<StreamEvent> events) {
        return !events.isEmpty() && events.stream().allMatch(StreamEvent.Usage.class::isInstance);
    }

    /**
     * The stream that says what {@code response} says: for an upstream that answers a streaming request with
     * plain JSON, so the client still gets the stream it asked for.
     */
    public static List<StreamEvent> fromResponse(ChatResponse response) {
        var out = new ArrayList<StreamEvent>();
        out.add(new StreamEvent.Start(response.id(), response.model()));
        int i = 0;
        for (var part : response.parts()) {
            if (part instanceof Part.Text t) {
                out.add(StreamEvent.BlockStart.text(i));
                out.add(new StreamEvent.TextDelta(i, t.text()));
            } else if (part instanceof Part.Thinking th) {
                if (th.redacted()) {
                    out.add(new StreamEvent.BlockStart(i, StreamEvent.BlockKind.REDACTED_THINKING, null, null,
                            th.signature()));
                } else {
                    out.add(StreamEvent.BlockStart.thinking(i));
                    out.add(new StreamEvent.ThinkingDelta(i, th.text()));
                    if (th.signature() != null) {
                        out.add(new StreamEvent.SignatureDelta(i, th.signature()));
                    }
                }
            } else if (part instanceof Part.ToolCall c) {
                out.add(new StreamEvent.BlockStart(i, StreamEvent.BlockKind.TOOL_CALL, c.id(), c.name(), c.signature()));
                out.add(new StreamEvent.ToolArgumentsDelta(i, c.arguments()));
            } else {
                continue; // images and tool results do not occur in answers
            }
            out.add(new StreamEvent.BlockStop(i));
            i++;
        }
        out.add(new StreamEvent.Usage(response.usage()));
        out.add(new StreamEvent.Finish(response.stopReason()));
        return out;
    }

    /** The whole answer a well-formed stream adds up to (what an SDK's accumulator would build). */
    public static ChatResponse collect(List<StreamEvent> events) {
        String id = null;
        String model = null;
        var parts = new ArrayList<Part>();
        StreamEvent.BlockStart open = null;
        var text = new StringBuilder();
        String signature = null;
        Usage usage = Usage.NONE;
        StopReason reason = null;
        for (var e : events) {
            if (e instanceof StreamEvent.Start s) {
                id = s.id();
                model = s.model();
            } else if (e instanceof StreamEvent.BlockStart b) {
                open = b;
                text.setLength(0);
                signature = b.signature();
            } else if (e instanceof StreamEvent.TextDelta t) {
                text.append(t.text());
            } else if (e instanceof StreamEvent.ThinkingDelta t) {
                text.append(t.text());
            } else if (e instanceof StreamEvent.ToolArgumentsDelta a) {
                text.append(a.json());
            } else if (e instanceof StreamEvent.SignatureDelta s) {
                signature = s.signature();
            } else if (e instanceof StreamEvent.BlockStop && open != null) {
                parts.add(switch (open.kind()) {
                    case TEXT -> new Part.Text(text.toString());
                    case THINKING -> new Part.Thinking(text.toString(), signature, false);
                    case REDACTED_THINKING -> new Part.Thinking("", signature, true);
                    case TOOL_CALL -> new Part.ToolCall(open.toolCallId(), open.toolName(),
                            text.length() == 0 ? "{}" : text.toString(), signature);
                });
                open = null;
            } else if (e instanceof StreamEvent.Usage u) {
                usage = usage.merge(u.usage());
            } else if (e instanceof StreamEvent.Finish f) {
                reason = f.reason();
            }
        }
        return new ChatResponse(id, model, parts, reason == null ? StopReason.END_TURN : reason, usage);
    }
}
