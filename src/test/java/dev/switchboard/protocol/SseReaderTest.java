package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static byte[] fixture(String name) throws IOException {
        try (var in = SseReaderTest.class.getResourceAsStream("/sse/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Delivers one byte per read, as the slowest network would: splits every UTF-8 character and CRLF. */
    private static InputStream dribble(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<SseEvent> readAll(InputStream in) throws IOException {
        var reader = new SseReader(in);
        var events = new ArrayList<SseEvent>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            events.add(e);
        }
        return events;
    }

    @Test
    void parsesCrlfCommentsMultiLineDataAndAMissingFinalBlankLineEvenOneByteAtATime() throws IOException {
        var bytes = fixture("crlf-ping-utf8-no-final-blank.txt");

        var events = readAll(dribble(bytes));

        assertEquals(4, events.size(), events.toString());
        assertNull(events.get(0).data(), "a comment-only event carries no data");
        assertEquals("{\"a\":\"héllo ✓\"}", events.get(1).data());
        assertEquals("message_delta", events.get(2).event());
        assertEquals("line1\nline2", events.get(2).data());
        assertTrue(events.get(3).isDone());
    }

    @Test
    void rawBytesOfEachEventForwardAsACompleteEventThatReadsBackTheSame() throws IOException {
        var events = readAll(new ByteArrayInputStream(fixture("crlf-ping-utf8-no-final-blank.txt")));

        var forwarded = new ByteArrayOutputStream();
        for (var e : events) {
            forwarded.write(e.raw());
        }
        var again = readAll(new ByteArrayInputStream(forwarded.toByteArray()));

        // Passthrough forwards raw bytes: what the client parses is what the upstream meant, including the
        // last event whose blank line the upstream left out.
        assertEquals(events.stream().map(SseEvent::toString).toList(), again.stream().map(SseEvent::toString).toList());
        assertTrue(new String(events.get(3).raw(), StandardCharsets.UTF_8).endsWith("\n\n"));
    }

    @Test
    void returnsAnEventAsSoonAsItsBlankLineArrivesWithoutWaitingForMore() throws Exception {
        var pipe = new PipedOutputStream();
        var reader = new SseReader(new PipedInputStream(pipe));

        pipe.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        pipe.flush();
        var first = reader.next(); // would block forever if the reader waited for more bytes

        assertEquals("first", first.data());
        pipe.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
        pipe.close();
        assertEquals("second", reader.next().data());
        assertNull(reader.next());
    }

    @Test
    void encodesEventsThatReadBackTheSame() throws IOException {
        var written = SseEvent.of("content_block_delta", "{\"x\":1}\n{\"y\":2}");

        var read = new SseReader(new ByteArrayInputStream(written.raw())).next();

        assertEquals("content_block_delta", read.event());
        assertEquals("{\"x\":1}\n{\"y\":2}", read.data());
        assertArrayEquals(written.raw(), read.raw());
    }

    @Test
    void crlfEventsForwardEveryByteUpToTheLastLfWholeOrOneByteAtATime() throws IOException {
        // As Google's API ends every event, the last one too: the copy must end in CRLF CRLF as well.
        var stream = ("data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        for (var in : List.of(new java.io.ByteArrayInputStream(stream), dribble(stream))) {
            var copy = new java.io.ByteArrayOutputStream();
            var data = new java.util.ArrayList<String>();
            for (var e : readAll(in)) {
                copy.writeBytes(e.raw());
                if (e.data() != null) {
                    data.add(e.data());
                }
            }
            assertEquals(new String(stream, StandardCharsets.UTF_8), copy.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), data);
        }
    }
}
