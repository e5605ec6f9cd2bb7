package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --peers}: Switchboard and the peers in front of the same mock, measured round by round, and printed in one
 * table with a row per subject.
 *
 * <p>Each round runs a slice of every measurement on every subject before the next round starts: the sequential
 * requests take turns request by request (direct, Switchboard, its conversion, each peer, then direct again), the
 * streams stream by stream, and the throughput slices run one subject after the other, the order rotating each
 * round. A machine that gets busier or quieter during the run so hits every subject alike, which a run of one
 * subject after the other could not promise on a shared 2-core machine. Round 0 is a warm-up for the peers (V8
 * compiles too) and is not counted; Switchboard is already warm from the main run.
 *
 * <p>A subject that fails in a round (an error, a wrong answer, a stream cut short) is taken out of the later
 * rounds and listed with the reason; so is one that could not be installed or started.
 */
final class SideBySide {
    /** One row of the table: what is called, how, and what was measured of it. */
    static final class Subject {
        final String name;
        final int port;
        final Bench.Api api;
        final String headers;
        /** The process whose CPU and RSS count, or null for the direct path (the benchmark's own JVM). */
        final Long pid;
        final boolean direct;
        String problem;
        /** Why its streams are not measured while its other rows are (a peer whose streaming fails). */
        String streamProblem;
        Starts.Times starts;
        long rssStartKb = -1;
        long rssPeakKb = -1;
        final Bench.Samples latency = new Bench.Samples();
        final Bench.Samples delays = new Bench.Samples();
        long loadRequests;
        long loadNanos;
        long cpuNanos;
        boolean cpuKnown = true;

        Subject(String name, int port, Bench.Api api, String headers, Long pid, boolean direct) {
            this.name = name;
            this.port = port;
            this.api = api;
            this.headers = headers;
            this.pid = pid;
            this.direct = direct;
        }

        /** A subject listed with why it has no figures. */
        static Subject missing(String name, String problem) {
            var s = new Subject(name, -1, Bench.Api.CHAT, "", null, false);
            s.problem = problem;
            return s;
        }

        boolean active() {
            return problem == null;
        }

        long cpuNow() {
            return pid == null ? Bench.ownCpuNanos() : Proc.cpuNanos(pid);
        }

        long rssNow() {
            return pid == null ? -1 : Proc.rssKb(pid);
        }

        void failed(int round, Throwable e) {
            if (problem == null) {
                problem = "failed in round " + round + ": " + e.getMessage();
                Bench.log("  " + name + " " + problem);
            }
        }
    }

    private SideBySide() {
    }

    /** Runs the rounds over the subjects (the first must be the direct path) and returns the table. */
    static String run(Bench.Options o, List<Subject> subjects, String nodeVersion) throws Exception {
        int rounds = o.peerRounds();
        int requests = Math.max(100, o.requests() / rounds);
        int streams = Math.max(1, o.streams() / rounds);
        int load = Math.max(100, o.loadRequests() / rounds);
        var loadAtStart = Bench.loadAverage();
        Bench.log("side by side: " + rounds + " rounds (and a warm-up round) of " + requests + " sequential requests, "
                + streams + " streams and " + load + " requests at concurrency " + o.concurrency() + " per subject");
        for (int round = 0; round <= rounds; round++) {
            var order = rotated(subjects.stream().filter(Subject::active).toList(), round);
            Bench.log("  round " + round + (round == 0 ? " (warm-up, not counted)" : "") + " ...");
            boolean counted = round > 0;
            sequential(order, requests, counted, round);
            for (int i = 0; i < streams; i++) {
                for (var s : order) {
                    if (s.active() && s.streamProblem == null) {
                        try {
                            Bench.stream(s.port, s.api, s.headers, o.events(),
                                    counted ? s.delays : new Bench.Samples());
                        } catch (Exception e) {
                            s.streamProblem = "streams failed in round " + round + ": " + e.getMessage();
                            Bench.log("  " + s.name + ": " + s.streamProblem);
                        }
                    }
                }
            }
            for (var s : order) {
                if (s.active()) {
                    throughput(s, o.concurrency(), load, counted, round);
                }
            }
        }
        return table(o, subjects, loadAtStart, nodeVersion);
    }

    /** The subjects from position {@code round % n} on, then the rest: each goes first once every n rounds. */
    private static List<Subject> rotated(List<Subject> subjects, int round) {
        var out = new ArrayList<Subject>(subjects.size());
        for (int i = 0; i < subjects.size(); i++) {
            out.add(subjects.get((i + round) % subjects.size()));
        }
        return out;
    }

    /** {@code n} requests per subject, taking turns request by request, each on its own keep-alive connection. */
    private static void sequential(List<Subject> order, int n, boolean counted, int round) {
        var clients = new Bench.Client[order.size()];
        try {
            for (int k = 0; k < order.size(); k++) {
                var s = order.get(k);
                try {
                    clients[k] = new Bench.Client(s.port, s.api, s.headers);
                } catch (IOException e) {
                    s.failed(round, e);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < order.size(); k++) {
                    var s = order.get(k);
                    if (!s.active() || clients[k] == null) {
                        continue;
                    }
                    try {
                        long t = Bench.timed(clients[k]);
                        if (counted) {
                            s.latency.add(t);
                        }
                    } catch (Exception e) {
                        s.failed(round, e);
                    }
                }
            }
        } finally {
            for (var c : clients) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // done with it
                    }
                }
            }
        }
    }

    /** One throughput slice: its wall time, requests and its process's CPU add to the subject's sums. */
    private static void throughput(Subject s, int concurrency, int n, boolean counted, int round) {
        var peak = new AtomicLong(s.rssNow());
        long cpu0 = s.cpuNow();
        long t0 = System.nanoTime();
        try {
            Bench.load(s.port, s.api, s.headers, concurrency, n, () -> peak.accumulateAndGet(s.rssNow(), Math::max));
        } catch (Exception e) {
            s.failed(round, e);
            return;
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = s.cpuNow();
        if (counted) {
            s.loadRequests += n;
            s.loadNanos += elapsed;
            s.cpuKnown &= cpu0 >= 0 && cpu >= 0;
            s.cpuNanos += cpu - cpu0;
            s.rssPeakKb = Math.max(s.rssPeakKb, peak.get());
        }
    }

    // ------------------------------------------------------------------------------------------------- the table

    private static String table(Bench.Options o, List<Subject> subjects, String loadAtStart, String nodeVersion) {
        var direct = subjects.get(0);
        var d = direct.latency.sorted();
        var de = direct.delays.sorted();
        double directRps = rps(direct);
        var s = new StringBuilder();
        s.append("\nSide by side (--peers): ").append(java.time.LocalDate.now()).append(", ")
                .append(Bench.machine()).append(", Java ").append(System.getProperty("java.version"))
                .append(", node ").append(nodeVersion).append(".\n");
        s.append("Load average (1, 5, 15 min) at the start of the rounds: ").append(loadAtStart)
                .append("; at the end: ").append(Bench.loadAverage()).append(".\n");
        s.append(String.format(Locale.ROOT, "%d rounds after a warm-up round; per subject and round: %d sequential "
                        + "requests, %d stream(s) × %d events %s ms apart, %d requests at concurrency %d. Same mock "
                        + "upstream for all. Conversion subjects take Anthropic Messages in and send Chat Completions "
                        + "to the mock; their added latency is against the direct Chat call.%n%n",
                o.peerRounds(), Math.max(100, o.requests() / o.peerRounds()),
                Math.max(1, o.streams() / o.peerRounds()), o.events(), Bench.trim(o.gapMicros() / 1000.0),
                Math.max(100, o.loadRequests() / o.peerRounds()), o.concurrency()));
        s.append("| subject | start to serving | RSS just started | RSS peak under load | latency p50 (adds) | "
                + "latency p99 (adds) | requests/s, c=").append(o.concurrency())
                .append(" (of direct) | CPU per request | per-event delay p50 (adds) | per-event delay p99 (adds) |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var x : subjects) {
            s.append("| ").append(x.name).append(" | ");
            if (x.loadRequests == 0 && x.latency.size() == 0) {
                var why = x.problem == null ? "no figures" : x.problem;
                // A peer that started but then failed still shows how long it took to start.
                s.append(x.starts == null ? why + " | " : x.starts.text() + " | " + why)
                        .append(" |  |  |  |  |  |  |  |\n");
                continue;
            }
            var l = x.latency.sorted();
            var e = x.delays.sorted();
            s.append(x.starts == null ? "" : x.starts.text()).append(" | ")
                    .append(x.direct ? "" : Bench.mb(x.rssStartKb)).append(" | ")
                    .append(x.direct ? "" : Bench.mb(x.rssPeakKb)).append(" | ")
                    .append(withAdds(l, d, 50, x.direct)).append(" | ")
                    .append(withAdds(l, d, 99, x.direct)).append(" | ");
            double r = rps(x);
            s.append(r <= 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f (%.0f %%)", r, r / directRps * 100))
                    .append(" | ");
            s.append(!x.cpuKnown || x.loadRequests == 0 ? "n/a" : Bench.us(x.cpuNanos / x.loadRequests))
                    .append(x.direct ? " (client + mock)" : "").append(" | ")
                    .append(e.length == 0 && x.streamProblem != null ? x.streamProblem : withAdds(e, de, 50, x.direct))
                    .append(" | ").append(e.length == 0 && x.streamProblem != null ? "" : withAdds(e, de, 99, x.direct))
                    .append(" |\n");
            if (x.problem != null) {
                s.append("|  ↳ ").append(x.problem).append(" (the figures above are from the rounds before) "
                        + "|  |  |  |  |  |  |  |  |  |\n");
            }
        }
        return s.toString();
    }

    private static double rps(Subject x) {
        return x.loadNanos == 0 ? -1 : x.loadRequests / (x.loadNanos / 1e9);
    }

    /** "0.252 ms (+0.190)", against the direct path's same percentile; the direct row alone shows no addition. */
    private static String withAdds(long[] sorted, long[] direct, double p, boolean isDirect) {
        if (sorted.length == 0) {
            return "n/a";
        }
        double v = Bench.ms(Bench.pct(sorted, p));
        if (isDirect) {
            return Bench.msText(v);
        }
        double adds = v - Bench.ms(Bench.pct(direct, p));
        return Bench.msText(v) + String.format(Locale.ROOT, " (%+.3f)", adds);
    }

    /**
     * Checks a freshly started subject with one request and one stream, so that a peer configured wrongly is
     * listed as such instead of failing every round; then, 2 s later, its RSS (as the gateway's "just started").
     * A peer whose request works but whose stream fails keeps its other rows; its stream columns say why.
     */
    static void checkAndWeigh(Subject s, int events) {
        try (var c = new Bench.Client(s.port, s.api, s.headers)) {
            var r = c.post();
            var text = new String(r.body(), StandardCharsets.UTF_8);
            if (r.status() != 200 || !text.contains("Hello from the mock")) {
                s.problem = "did not answer the first request right: HTTP " + r.status() + " "
                        + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
                return;
            }
            try {
                Bench.stream(s.port, s.api, s.headers, events, new Bench.Samples());
            } catch (Exception e) {
                s.streamProblem = "streams fail: " + e.getMessage();
            }
            TimeUnit.SECONDS.sleep(2);
            s.rssStartKb = s.rssNow();
        } catch (Exception e) {
            s.problem = "did not answer the first request right: " + e.getMessage();
        }
    }
}
