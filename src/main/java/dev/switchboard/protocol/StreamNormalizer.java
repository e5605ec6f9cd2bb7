package dev.switchboard.protocol;

import dev.switchboard.protocol.StreamEvent.BlockKind;
import dev.switchboard.protocol.StreamEvent.BlockStart;
import dev.switchboard.protocol.StreamEvent.BlockStop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what a decoder saw into a well-formed canonical stream (see {@link StreamEvent}), so that every
 * encoder can rely on it and the client's SDK accepts what it gets:
 * <ul>
 *   <li>{@code Start} comes first (made up when the upstream sent none);</li>
 *   <li>one block at a time: a block that starts while another is open (OpenAI's parallel tool calls
 *       interleave their argument deltas) is buffered and emitted whole after the open one stops, in the order
 *       blocks started, so thinking that came first stays first;</li>
 *   <li>blocks are numbered 0, 1, 2… in emission order; every block opened is closed;</li>
 *   <li>usage is merged as it comes and reported once more just before {@code Finish};</li>
 *   <li>{@code Finish} comes once, at the end, and says {@code TOOL_USE} when tools were called and the upstream
 *       only said it ended its turn;</li>
 *   <li>after an {@code Error} nothing else is emitted.</li>
 * </ul>
 * Not thread-safe: one per stream.
 */
public final class StreamNormalizer {
    private boolean started;
    private boolean ended;
    private Integer openKey;
    private int nextIndex;
    private final Map<Integer, Integer> emittedIndex = new LinkedHashMap<>();
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    private dev.switchboard.protocol.Usage usage = dev.switchboard.protocol.Usage.NONE;
    private boolean sawUsage;
    private StopReason finish;
    private boolean toolCalled;

    /** A block waiting for its turn: its start, its deltas so far, and whether it already stopped. */
    private static final class Pending {
        final BlockStart start;
        final List<StreamEvent> deltas = new ArrayList<>();
        boolean stopped;

        Pending(BlockStart start) {
            this.start = start;
        }
    }

    public List<StreamEvent> accept(StreamEvent event) {
        var out = new ArrayList<StreamEvent>();
        if (ended) {
            return out;
        }
        if (event instanceof StreamEvent.Start s) {
            if (!started) {
                started = true;
                out.add(s);
            }
            return out;
        }
        ensureStarted(out);
        if (event instanceof BlockStart b) {
            if (emittedIndex.containsKey(b.index()) || pending.containsKey(b.index())) {
                return out; // a repeated start for a block we know: nothing new
            }
            if (openKey == null && pending.isEmpty()) {
                open(b, out);
            } else {
                pending.put(b.index(), new Pending(b));
            }
        } else if (event instanceof BlockStop stop) {
            stop(stop.index(), out);
        } else if (event instanceof StreamEvent.Usage u) {
            usage = usage.merge(u.usage());
            sawUsage = true;
            out.add(new StreamEvent.Usage(usage));
        } else if (event instanceof StreamEvent.Finish f) {
            // held until the end: an OpenAI stream reports usage after its finish_reason
            finish = f.reason();
        } else if (event instanceof StreamEvent.Error) {
            closeAll(out);
            out.add(event);
            ended = true;
        } else {
            delta(event, out);
        }
        return out;
    }

    /** The upstream's stream ended: close what is open, flush what waits, finish once. */
    public List<StreamEvent> end() {
        var out = new ArrayList<StreamEvent>();
        if (ended) {
            return out;
        }
        ensureStarted(out);
        closeAll(out);
        if (sawUsage) {
            out.add(new StreamEvent.Usage(usage));
        }
        var reason = finish == null ? StopReason.END_TURN : finish;
        if (toolCalled && reason == StopReason.END_TURN) {
            reason = StopReason.TOOL_USE;
        }
        out.add(new StreamEvent.Finish(reason));
        ended = true;
        return out;
    }

    public dev.switchboard.protocol.Usage usage() {
        return usage;
    }

    private void ensureStarted(List<StreamEvent> out) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start("msg_" + UUID.randomUUID().toString().replace("-", ""), null));
        }
    }

    private void delta(StreamEvent event, List<StreamEvent> out) {
        int key = keyOf(event);
        if (openKey != null && openKey == key) {
            out.add(renumber(event, emittedIndex.get(key)));
            return;
        }
        var p = pending.get(key);
        if (p == null && !emittedIndex.containsKey(key)) {
            // A delta for a block never started (relays that skip the start): start one of the right kind.
            var start = new BlockStart(key, kindOf(event), null, null, null);
            if (openKey == null && pending.isEmpty()) {
                open(start, out);
                out.add(renumber(event, emittedIndex.get(key)));
                return;
            }
            p = new Pending(start);
            pending.put(key, p);
        }
        if (p != null) {
            p.deltas.add(event);
        }
        // a delta for a block already stopped is dropped: its block is closed for the client
    }

    private void stop(int key, List<StreamEvent> out) {
        if (openKey != null && openKey == key) {
            out.add(new BlockStop(emittedIndex.get(key)));
            openKey = null;
            promote(out);
            return;
        }
        var p = pending.get(key);
        if (p != null) {
            p.stopped = true;
        }
    }

    /** After a block closes, the oldest waiting block takes its turn; finished ones are emitted whole. */
    private void promote(List<StreamEvent> out) {
        while (openKey == null && !pending.isEmpty()) {
            var key = pending.keySet().iterator().next();
            var p = pending.remove(key);
            open(p.start, out);
            for (var d : p.deltas) {
                out.add(renumber(d, emittedIndex.get(key)));
            }
            if (p.stopped) {
                out.add(new BlockStop(emittedIndex.get(key)));
                openKey = null;
            }
        }
    }

    private void closeAll(List<StreamEvent> out) {
        if (openKey != null) {
            out.add(new BlockStop(emittedIndex.get(openKey)));
            openKey = null;
        }
        for (var p : pending.values()) {
            p.stopped = true;
        }
        promote(out);
    }

    private void open(BlockStart b, List<StreamEvent> out) {
        int index = nextIndex++;
        emittedIndex.put(b.index(), index);
        openKey = b.index();
        if (b.kind() == BlockKind.TOOL_CALL) {
            toolCalled = true;
        }
        var id = b.kind() == BlockKind.TOOL_CALL && (b.toolCallId() == null || b.toolCallId().isEmpty())
                ? "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) : b.toolCallId();
        out.add(new BlockStart(index, b.kind(), id, b.toolName(), b.signature()));
    }

    private static int keyOf(StreamEvent e) {
        if (e instanceof StreamEvent.TextDelta t) {
            return t.index();
        } else if (e instanceof StreamEvent.ThinkingDelta t) {
            return t.index();
        } else if (e instanceof StreamEvent.SignatureDelta s) {
            return s.index();
        } else if (e instanceof StreamEvent.ToolArgumentsDelta a) {
            return a.index();
        }
        throw new IllegalArgumentException("not a delta: " + e);
    }

    private static BlockKind kindOf(StreamEvent e) {
        if (e instanceof StreamEvent.ThinkingDelta || e instanceof StreamEvent.SignatureDelta) {
            return BlockKind.THINKING;
        } else if (e instanceof StreamEvent.ToolArgumentsDelta) {
            return BlockKind.TOOL_CALL;
        }
        return BlockKind.TEXT;
    }

    private static StreamEvent renumber(StreamEvent e, int index) {
        if (e instanceof StreamEvent.TextDelta t) {
            return new StreamEvent.TextDelta(index, t.text());
        } else if (e instanceof StreamEvent.ThinkingDelta t) {
            return new StreamEvent.ThinkingDelta(index, t.text());
        } else if (e instanceof StreamEvent.SignatureDelta s) {
            return new StreamEvent.SignatureDelta(index, s.signature());
        } else if (e instanceof StreamEvent.ToolArgumentsDelta a) {
            return new StreamEvent.ToolArgumentsDelta(index, a.json());
        }
        return e;
    }
}
