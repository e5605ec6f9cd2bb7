package dev.switchboard.app;

import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedResult;
import dev.switchboard.discovery.SpeedCheck;
import dev.switchboard.store.Group;
import dev.switchboard.upstream.UpstreamClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard test}: the one-click speed test (see {@link SpeedCheck}). Progress goes to stderr as results
 * come in, so that stdout holds only the table and stays fit for a pipe.
 */
@Command(name = "test",
        description = {"Time every enabled entry (or one channel's, or one entry): first token and total.",
                "Each gets a tiny streamed request. Channels run in parallel, one channel's entries in turn.",
                "A rejected key disables the entry as routing would; a success lifts a system disable.",
                "Exit code 1 when any entry failed."},
        mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class)
final class SpeedTestCommand implements Callable<Integer> {
    /** Long upstream messages are cut in the table; the progress line shows the whole (redacted) message. */
    private static final int TABLE_MESSAGE = 60;

    @ParentCommand
    RootCommand root;

    @Parameters(arity = "0..1", paramLabel = "ENTRY", description = "Only this entry (<channel>/<model>).")
    String entry;

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL", description = "Only this channel's enabled entries.")
    String channel;

    @Option(names = "--order-auto", description = "Then order the `auto` group by measured speed: fastest first,"
            + " untested next, failed last.")
    boolean orderAuto;

    @Option(names = "--timeout-seconds", paramLabel = "N", defaultValue = "60",
            description = "Bound on the whole test, 1 to " + SpeedCheck.MAX_BOUND_SECONDS + " (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        if (entry != null && channel != null) {
            throw new Main.UsageException("Give either an ENTRY or --channel, not both.");
        }
        Duration bound;
        try {
            bound = SpeedCheck.bound(timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--timeout-seconds " + timeoutSeconds + ": " + e.getMessage());
        }
        var which = entry != null ? Selection.entry(entry) : channel != null ? Selection.channel(channel)
                : Selection.all();
        var env = root.env;
        boolean colour = colour(env.variables());
        try (var store = root.openStore(); var upstream = UpstreamClient.create()) {
            var test = new SpeedCheck(store, upstream, env.clock());
            var entries = test.entries(which);
            if (entries.isEmpty()) {
                env.out().println(channel != null ? "Channel '" + channel + "' has no enabled entries to test."
                        : "No enabled entries to test. Add models: " + root.hint("entries add <channel> <model>"));
                return Main.OK;
            }
            long channels = entries.stream().map(e -> e.channelId()).distinct().count();
            env.err().println("Testing " + entries.size() + (entries.size() == 1 ? " entry" : " entries") + " on "
                    + channels + (channels == 1 ? " channel" : " channels") + " (at most " + timeoutSeconds + " s)…");
            var done = new AtomicInteger();
            var results = test.run(which, r -> {
                env.err().println("[" + done.incrementAndGet() + "/" + entries.size() + "] " + r.entry() + "  "
                        + (r.ok() ? ms(r.ttftMs()) + " to first token, " + ms(r.totalMs()) + " in all"
                        : "✗ " + r.outcome() + (r.message() == null ? "" : ": " + Views.text(r.message()))));
            }, bound);
            var table = new Table("ENTRY", "RESULT", "TTFT", "TOTAL");
            for (var r : results) {
                table.row(r.entry(), result(r, colour), ms(r.ttftMs()), ms(r.totalMs()));
            }
            table.print(env.out());
            if (orderAuto) {
                var auto = SpeedCheck.orderAuto(store);
                env.out().println("`auto` is now: " + String.join(", ", names(auto, store)) + ".");
            }
            boolean allOk = results.stream().allMatch(SpeedResult::ok);
            return allOk ? Main.OK : Main.FAILURE;
        }
    }


    private static java.util.List<String> names(Group g, dev.switchboard.store.Store store) {
        var refs = new HashMap<Long, String>();
        store.entries().list().forEach(e -> refs.put(e.id(), e.ref()));
        return g.memberIds().stream().map(id -> refs.getOrDefault(id, "#" + id)).toList();
    }

    private static Object result(SpeedResult r, boolean colour) {
        String text;
        if (r.ok()) {
            text = ms(r.totalMs());
        } else {
            var why = r.message() == null ? r.outcome() : r.outcome() + ": " + r.message();
            text = "✗ " + (why.length() > TABLE_MESSAGE ? why.substring(0, TABLE_MESSAGE - 1) + "…" : why);
        }
        return colour ? new Table.Coloured(text, r.ok() ? Table.Coloured.GREEN : Table.Coloured.RED) : text;
    }

    private static String ms(Long ms) {
        return ms == null ? "-" : ms + " ms";
    }

    /**
     * Colour only for a person at a terminal that shows it: a console (not a pipe or a test), a TERM other than
     * "dumb", and no NO_COLOR (https://no-color.org).
     */
    static boolean colour(Map<String, String> env) {
        return System.console() != null && !"dumb".equals(env.get("TERM")) && !env.containsKey("NO_COLOR");
    }
}
