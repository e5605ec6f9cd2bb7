package dev.switchboard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as it came off the wire (WHATWG HTML §9.2): the raw bytes, kept so a same-protocol
 * passthrough forwards exactly what the upstream sent, and the parsed fields, for tapping usage and errors.
 *
 * @param raw   the event's bytes including its terminating blank line; comments-only events have no data
 * @param event the {@code event:} field, or null when there was none
 * @param data  the {@code data:} lines joined with '\n', or null when there was no data field
 */
public record SseEvent(byte[] raw, String event, String data) {

    public boolean hasData() {
        return data != null;
    }

    /** OpenAI's end-of-stream sentinel. */
    public boolean isDone() {
        return "[DONE]".equals(data == null ? null : data.strip());
    }

    /** Builds an event from fields, as an encoder writes it. */
    public static SseEvent of(String event, String data) {
        var sb = new StringBuilder();
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        for (var line : data.split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        return new SseEvent(sb.toString().getBytes(StandardCharsets.UTF_8), event, data);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data + "]";
    }
}
