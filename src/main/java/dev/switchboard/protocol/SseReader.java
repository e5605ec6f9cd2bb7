package dev.switchboard.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a byte stream as they arrive: returns each event as soon as its terminating
 * blank line is read, never waiting for more. Follows the WHATWG parsing rules that upstreams rely on: lines end
 * in LF, CRLF or CR; a line starting with ':' is a comment (relays send {@code : ping} keep-alives); one optional
 * space after the colon is dropped; several {@code data:} lines join with '\n'. Text is decoded per whole line, so
 * a UTF-8 character split across network chunks is never broken.
 *
 * <p>An event with only comments is returned too (with null data), so a passthrough can forward keep-alives. At
 * the end of the stream, a last event without its blank line is still returned: some upstreams omit it.
 */
public final class SseReader {
    /** One event larger than this is not an event but a broken upstream. */
    private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private boolean skipLf;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. Blocks until one is complete. */
    public SseEvent next() throws IOException {
        var raw = new ByteArrayOutputStream(256);
        var line = new ByteArrayOutputStream(256);
        String event = null;
        StringBuilder data = null;
        boolean any = false;
        while (true) {
            int b = read();
            if (b < 0) {
                if (line.size() > 0) {
                    var l = line.toString(StandardCharsets.UTF_8);
                    raw.write('\n');
                    any = true;
                    if (!l.startsWith(":")) {
                        var field = field(l);
                        if (field[0].equals("data")) {
                            data = data == null ? new StringBuilder(field[1]) : data.append('\n').append(field[1]);
                        } else if (field[0].equals("event")) {
                            event = field[1];
                        }
                    }
                }
                if (!any) {
                    // Only the LF of the last event's CRLF, which arrived after that event was returned: it goes
                    // on as an event of its own, or a passthrough would end its copy one byte short of the
                    // upstream's (Google's SDK refuses a stream whose last event lacks its CRLF CRLF).
                    return raw.size() > 0 ? new SseEvent(raw.toByteArray(), null, null) : null;
                }
                raw.write('\n');
                return new SseEvent(raw.toByteArray(), event, data == null ? null : data.toString());
            }
            if (skipLf) {
                skipLf = false;
                if (b == '\n') {
                    raw.write(b);
                    continue;
                }
            }
            raw.write(b);
            if (raw.size() > MAX_EVENT_BYTES) {
                throw new IOException("An upstream event exceeded " + MAX_EVENT_BYTES / (1024 * 1024) + " MB");
            }
            if (b != '\n' && b != '\r') {
                line.write(b);
                continue;
            }
            if (b == '\r') {
                skipLf = true;
                if (pos < limit && buffer[pos] == '\n') {
                    // CRLF already here: take it now, so the event's bytes are whole without waiting for more
                    pos++;
                    raw.write('\n');
                    skipLf = false;
                }
            }
            if (line.size() == 0) {
                if (any) {
                    return new SseEvent(raw.toByteArray(), event, data == null ? null : data.toString());
                }
                raw.reset(); // stray blank lines between events
                continue;
            }
            any = true;
            var l = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (l.startsWith(":")) {
                continue;
            }
            var field = field(l);
            switch (field[0]) {
                case "data" -> data = data == null ? new StringBuilder(field[1]) : data.append('\n').append(field[1]);
                case "event" -> event = field[1];
                default -> {
                    // id, retry and unknown fields carry nothing we route on; they stay in raw
                }
            }
        }
    }

    private static String[] field(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new String[] {line, ""};
        }
        var value = line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        return new String[] {line.substring(0, colon), value};
    }

    private int read() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[pos++] & 0xff;
    }
}
