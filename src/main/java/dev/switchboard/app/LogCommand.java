package dev.switchboard.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.LoggedRequest;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.UsageRecord;
import dev.switchboard.store.UsageStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard log}: the newest requests of the request log with their attempts, oldest first like a log,
 * and with {@code --follow} the ones recorded after them as they come (polling the database by row id, so it
 * follows a gateway running in another process too).
 *
 * <p>Each request says what chose its candidates ({@code rule:<name>}, {@code pinned:/g/<group>},
 * {@code tier:<tier>}), after its outcome.
 *
 * <p>Nothing shows a key: an attempt names its key by position, and texts from upstreams are redacted by value
 * ({@link Redaction}) and escaped ({@link Views#text}), as everywhere.
 */
@Command(name = "log", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = {"Show recent requests with their attempts (keys never shown).",
                "With --follow, keeps printing new requests as they are recorded, until interrupted (Ctrl-C)."})
final class LogCommand implements Callable<Integer> {
    /** How often --follow looks for new rows: the recorder writes in batches, so a second is soon enough. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Rows read per poll: a burst larger than this is printed over the next polls, without waiting between. */
    private static final int BATCH = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    /**
     * Waits between two polls of --follow; false ends the following. Tests replace it ({@link #pause}) to record
     * rows between polls and to stop after a few, so that they neither sleep nor hang.
     */
    interface Pause {
        boolean await(Duration interval) throws InterruptedException;
    }

    static final Pause SLEEP = interval -> {
        Thread.sleep(interval.toMillis());
        return true;
    };

    /** The pause --follow uses; only tests change it, and put {@link #SLEEP} back. */
    static volatile Pause pause = SLEEP;

    @ParentCommand
    RootCommand root;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
            description = "How many of the newest requests to show (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--json", description = "Print JSON: an array, or with --follow one object a line.")
    boolean json;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new requests as they are recorded.")
    boolean follow;

    @Override
    public Integer call() {
        if (lines < 0 || lines > UsageStore.MAX_PAGE) {
            throw new Main.UsageException("-n takes 0 to " + UsageStore.MAX_PAGE + ", not " + lines + ".");
        }
        var zone = root.env.clock().getZone();
        var out = root.env.out();
        try (var store = root.openStore()) {
            var newest = lines == 0 ? List.<LoggedRequest>of() : store.usage().newest(lines);
            var shown = new java.util.ArrayList<>(newest);
            java.util.Collections.reverse(shown); // oldest first, as a log reads
            long lastId = newest.stream().mapToLong(LoggedRequest::id).max().orElse(0);
            if (lines == 0 || newest.isEmpty()) {
                // start after whatever is there, so that --follow shows only what comes next
                lastId = Math.max(lastId, store.usage().newest(1).stream().mapToLong(LoggedRequest::id).max()
                        .orElse(0));
            }
            if (json && !follow) {
                var arr = Json.object().arrayNode();
                shown.forEach(r -> arr.add(json(r)));
                Json.print(out, arr);
                return Main.OK;
            }
            if (!json) {
                if (shown.isEmpty() && !follow && lines > 0) {
                    out.println("No requests logged yet.");
                }
                if (!shown.isEmpty() || follow) {
                    out.println(header());
                }
            }
            print(out, shown, zone);
            if (!follow) {
                return Main.OK;
            }
            try {
                while (true) {
                    var next = store.usage().after(lastId, BATCH);
                    print(out, next, zone);
                    lastId = next.stream().mapToLong(LoggedRequest::id).reduce(lastId, Math::max);
                    if (next.size() < BATCH && !pause.await(POLL)) {
                        return Main.OK;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Main.OK;
            }
        }
    }

    private void print(PrintWriter out, List<LoggedRequest> requests, ZoneId zone) {
        for (var r : requests) {
            if (json) {
                // one object a line, so that a follower can read each as it comes
                out.println(compact(json(r)));
            } else {
                lines(r.record(), zone).forEach(out::println);
            }
        }
        out.flush();
    }

    private static String compact(ObjectNode n) {
        return n.toString();
    }

    static String header() {
        return row("TIME", "ST", "PROTOCOL", "MODEL", "ENTRY", "TRIES", "MS", "OUTCOME");
    }

    /** Fixed columns, so that rows printed one poll after another line up under one header. */
    private static String row(String time, String status, String protocol, String model, String entry,
                              String tries, String ms, String outcome) {
        var line = String.format("%-14s %3s %-11s %-16s %-24s %5s %6s %s", time, status, cut(protocol, 11),
                cut(model, 16), cut(entry, 24), tries, ms, outcome);
        return cut(line.stripTrailing(), Text.WIDTH);
    }

    /**
     * The request's line; then, for a request that was routed, what chose its candidates (the scene rule, the
     * pinned group or the model-name tier: the request line has no room left for it); then one line per attempt when
     * there was more than one or the request failed.
     */
    static List<String> lines(UsageRecord r, ZoneId zone) {
        var out = new java.util.ArrayList<String>();
        var outcome = r.outcome().id();
        if (r.outcome() != LoggedOutcome.SUCCESS && r.error() != null && !r.error().isBlank()) {
            outcome += ": " + shown(r.error());
        }
        out.add(row(TIME.format(r.startedAt().atZone(zone)), r.status() == null ? "-" : r.status().toString(),
                shown(r.clientProtocol()), shown(r.requestedModel()), entry(r.channelName(), r.upstreamModel()),
                String.valueOf(r.attempts().size()), r.totalMs() == null ? "-" : r.totalMs().toString(), outcome));
        if (r.chosenBy() != null) {
            out.add(cut("  chosen by " + shown(r.chosenBy()), Text.WIDTH));
        }
        if (r.attempts().size() > 1 || r.outcome() != LoggedOutcome.SUCCESS) {
            int i = 1;
            for (var a : r.attempts()) {
                var sb = new StringBuilder("  #").append(i++).append(' ')
                        .append(entry(a.channelName(), a.upstreamModel()));
                if (a.keyIndex() != null) {
                    sb.append(" key ").append(a.keyIndex() + 1); // by position: a key is never shown
                }
                sb.append(' ').append(a.status() == null ? "-" : a.status()).append(' ')
                        .append(a.totalMs() == null ? "-" : a.totalMs() + "ms").append(' ').append(a.outcome().id());
                if (a.error() != null && !a.error().isBlank()) {
                    sb.append(": ").append(shown(a.error()));
                }
                out.add(cut(sb.toString(), Text.WIDTH));
            }
        }
        return out;
    }

    private static String entry(String channel, String model) {
        return channel == null ? "-" : shown(channel + "/" + (model == null ? "" : model));
    }

    /** Redacted by value, then escaped onto one line: an upstream's or a client's words. */
    private static String shown(String value) {
        return value == null ? "-" : Views.text(Redaction.redact(value.strip()));
    }

    private static String cut(String s, int max) {
        return UsageCommand.cut(s, max);
    }

    static ObjectNode json(LoggedRequest logged) {
        var r = logged.record();
        var n = Json.object();
        n.put("id", logged.id());
        n.put("startedAt", r.startedAt().toString());
        n.put("status", r.status());
        n.put("protocol", r.clientProtocol());
        n.put("model", r.requestedModel());
        n.put("chosenBy", r.chosenBy());
        n.put("stream", r.stream());
        n.put("channel", r.channelName());
        n.put("upstreamModel", r.upstreamModel());
        n.put("outcome", r.outcome().id());
        n.put("error", r.error() == null ? null : Redaction.redact(r.error()));
        n.put("ttfbMs", r.ttfbMs());
        n.put("totalMs", r.totalMs());
        var tokens = n.putObject("tokens");
        tokens.put("input", r.tokens().input());
        tokens.put("output", r.tokens().output());
        tokens.put("cacheRead", r.tokens().cacheRead());
        tokens.put("cacheWrite", r.tokens().cacheWrite());
        tokens.put("reasoning", r.tokens().reasoning());
        var attempts = n.putArray("attempts");
        for (var a : r.attempts()) {
            var an = attempts.addObject();
            an.put("channel", a.channelName());
            an.put("upstreamModel", a.upstreamModel());
            an.put("key", a.keyIndex() == null ? null : a.keyIndex() + 1);
            an.put("status", a.status());
            an.put("outcome", a.outcome().id());
            an.put("ttfbMs", a.ttfbMs());
            an.put("totalMs", a.totalMs());
            an.put("error", a.error() == null ? null : Redaction.redact(a.error()));
        }
        return n;
    }
}
