package dev.switchboard.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The benchmark behind {@code scripts/bench} and {@code docs/BENCHMARKS.md}: what the gateway costs on top of
 * talking to the upstream directly.
 *
 * <p>It is not a test. It lives in the test sources so that {@code ./mvnw verify} compiles it (it cannot rot)
 * while it never reaches the shipped jar; Surefire and Failsafe never run it, because its name matches none of
 * their patterns ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase}, {@code *IT}) and it has no
 * {@code @Test}. It uses only what the shipped jar already contains (Jetty, for the mock upstream) and the JDK.
 *
 * <p>One run:
 * <ol>
 *   <li>a mock upstream (Jetty, in this JVM, 127.0.0.1) answers {@code POST /v1/chat/completions} with a fixed
 *       small completion, or, for {@code "stream":true}, with N chunk events a fixed gap apart, then a finish
 *       chunk, a usage chunk and {@code [DONE]}. Each chunk's content is the {@link System#nanoTime()} at which
 *       the mock wrote it;</li>
 *   <li>the gateway runs as a separate process, {@code java -jar switchboard.jar serve --headless --port 0},
 *       over a temporary data folder holding one channel (the mock) with one model, configured with the CLI
 *       first;</li>
 *   <li>a minimal blocking HTTP/1.1 client (keep-alive, TCP_NODELAY, one socket per thread) calls the mock
 *       directly and through the gateway. Being in the same JVM as the mock, it can subtract the mock's
 *       stamp from its own receive time: that is one event's delay, direct or through the gateway, on one
 *       clock;</li>
 *   <li>unless {@code --no-conversion}, the same client also sends Anthropic Messages requests ({@code POST
 *       /v1/messages}) to the gateway, which converts them for the {@code openai} mock and converts the answer
 *       back: the stamp travels in each {@code content_block_delta}'s text. These are compared with the Chat
 *       passthrough through the gateway, interleaved in the same loops: what conversion adds.</li>
 * </ol>
 * Before anything is measured, both paths are warmed up in rounds of every kind of traffic until the JIT
 * compilers of both JVMs (the gateway's and this one) have gone quiet: on 2 cores the gateway's JIT keeps a core
 * busy for the better part of a minute, and measuring during that would measure the compiler.
 * The gateway process is always stopped at the end, also on failure or Ctrl+C.
 */
public final class Bench {
    static final String MODEL = "bench-model";
    static final String PATH = "/v1/chat/completions";
    static final Pattern LISTENING = Pattern.compile("is listening on http://127\\.0\\.0\\.1:(\\d+)");
    /** Held so the level set on it survives: JUL keeps loggers weakly. Jetty's INFO lines are noise here. */
    static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static final byte[] CHAT_REQUEST = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say hello in one short sentence.\"}]}").getBytes(StandardCharsets.UTF_8);
    static final byte[] STREAM_REQUEST = ("{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"Count slowly.\"}]}").getBytes(StandardCharsets.UTF_8);
    static final String MESSAGES_PATH = "/v1/messages";
    static final byte[] MESSAGES_REQUEST = ("{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);
    static final byte[] MESSAGES_STREAM_REQUEST = ("{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8);

    /**
     * What a client sends and how it reads a stream: Chat Completions (the direct path and the gateway's
     * passthrough), or Anthropic Messages (the gateway converts it for the {@code openai} channel and back).
     * {@code stampField} is the JSON field whose text carries the mock's stamp, in events holding
     * {@code stampEvent} (any event when null).
     */
    enum Api {
        CHAT(PATH, CHAT_REQUEST, STREAM_REQUEST, "Authorization: Bearer bench\r\n", null, "\"content\":\""),
        MESSAGES(MESSAGES_PATH, MESSAGES_REQUEST, MESSAGES_STREAM_REQUEST,
                "x-api-key: bench\r\nanthropic-version: 2023-06-01\r\n", "content_block_delta", "\"text\":\"");

        final String path;
        final byte[] request;
        final byte[] streamRequest;
        final String headers;
        final String stampEvent;
        final String stampField;

        Api(String path, byte[] request, byte[] streamRequest, String headers, String stampEvent, String stampField) {
            this.path = path;
            this.request = request;
            this.streamRequest = streamRequest;
            this.headers = headers;
            this.stampEvent = stampEvent;
            this.stampField = stampField;
        }
    }

    /** The sizes of one run; every loop of the benchmark is bounded by them. */
    record Options(Path jar, int warmupSeconds, int requests, int concurrency, int loadRequests, int streams,
                   int events, int gapMicros, List<String> gatewayJavaOptions, boolean conversion, int starts,
                   int openStreams, int openSeconds, boolean peers, int peerRounds, int windowStarts) {
        /** Events of one held stream: one every {@link MockUpstream#HOLD_GAP_MILLIS} for {@code openSeconds}. */
        int holdEvents() {
            return (int) Math.max(1, openSeconds * 1000L / MockUpstream.HOLD_GAP_MILLIS);
        }

        static Options parse(String[] args) {
            Path jar = Path.of("target/switchboard.jar");
            int warmup = 120;
            int requests = 5000;
            int concurrency = 32;
            int load = 30000;
            int streams = 40;
            int events = 100;
            double gapMs = 2;
            List<String> javaOptions = List.of();
            boolean conversion = true;
            int starts = 5;
            int openStreams = 1000;
            int openSeconds = 8;
            boolean peers = false;
            int peerRounds = 5;
            int windowStarts = 5;
            for (int i = 0; i < args.length; i++) {
                var a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    throw new Usage(null);
                }
                if (a.equals("--no-conversion")) {
                    conversion = false;
                    continue;
                }
                if (a.equals("--peers")) {
                    peers = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new Usage(a + " needs a value");
                }
                var v = args[++i];
                switch (a) {
                    case "--jar" -> jar = Path.of(v);
                    case "--gateway-java-options" ->
                            javaOptions = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                    case "--warmup-max" -> warmup = number(a, v, 1, 3600);
                    case "--requests" -> requests = number(a, v, 100, 1_000_000);
                    case "--concurrency" -> concurrency = number(a, v, 1, 1024);
                    case "--load-requests" -> load = number(a, v, 100, 10_000_000);
                    case "--streams" -> streams = number(a, v, 1, 100_000);
                    case "--events" -> events = number(a, v, 1, 100_000);
                    case "--starts" -> starts = number(a, v, 0, 100);
                    case "--window-starts" -> windowStarts = number(a, v, 0, 100);
                    case "--open-streams" -> openStreams = number(a, v, 0, 20_000);
                    case "--open-seconds" -> openSeconds = number(a, v, 1, 600);
                    case "--peer-rounds" -> peerRounds = number(a, v, 1, 100);
                    case "--gap-ms" -> {
                        try {
                            gapMs = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            throw new Usage(a + " must be a number of milliseconds, not " + v);
                        }
                        if (!(gapMs >= 0 && gapMs <= 1000)) {
                            throw new Usage(a + " must be between 0 and 1000");
                        }
                    }
                    default -> throw new Usage("unknown option " + a);
                }
            }
            if (!Files.isRegularFile(jar)) {
                throw new Usage(jar + " does not exist: build it with ./mvnw -q package -DskipTests");
            }
            return new Options(jar, warmup, requests, concurrency, load, streams, events,
                    (int) Math.round(gapMs * 1000), javaOptions, conversion, starts, openStreams, openSeconds, peers,
                    peerRounds, windowStarts);
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n < min || n > max) {
                    throw new Usage(option + " must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new Usage(option + " must be a whole number, not " + value);
            }
        }
    }

    static final class Usage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }

    static final String HELP = """
            usage: scripts/bench [options]
              --requests N       sequential requests per path for the latency rows (default 5000)
              --concurrency N    client connections for the throughput row (default 32)
              --load-requests N  requests per path at that concurrency (default 30000)
              --streams N        streams per path for the per-event rows (default 40)
              --events N         chunk events per stream (default 100)
              --gap-ms X         pause between two events of a stream (default 2)
              --warmup-max S     warm up until the JIT compilers are quiet, but at most S seconds (default 120)
              --jar PATH         the gateway jar (default target/switchboard.jar)
              --gateway-java-options "OPTS"
                                 JVM options for the gateway process (default none: as `java -jar` runs it)
              --no-conversion    skip the conversion rows (Anthropic Messages client -> openai upstream, compared
                                 with the Chat passthrough)
              --starts N         cold starts for the start-to-serving row, median taken (default 5; 0 skips it)
              --window-starts N  cold desktop starts (window and tray, as a double-click) for the row "start to
                                 the window visible", median taken (default 5; 0 skips it). Needs a display
                                 (DISPLAY, e.g. under xvfb-run) and xwininfo; without them the row says so
              --open-streams N   streams open at once through the gateway (default 1000; 0 skips the row)
              --open-seconds S   how long the mock holds each of them open, an event every 200 ms (default 8)
              --peers            also install the peers pinned with npm into target/bench-peers/ (Portkey's
                                 gateway, claude-code-router, ...), put them in front of the same mock and print
                                 them side by side with Switchboard, interleaved round by round
              --peer-rounds N    rounds of the side-by-side run (default 5; each round is a slice of every size)
            """;

    private Bench() {
    }

    public static void main(String[] args) {
        JETTY.setLevel(java.util.logging.Level.WARNING);
        Options options;
        try {
            options = Options.parse(args);
        } catch (Usage u) {
            if (u.getMessage() != null) {
                System.err.println("error: " + u.getMessage());
            }
            System.err.print(HELP);
            System.exit(u.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            System.out.print(new Bench().run(options));
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** "2 cores (AMD EPYC), 24 GB, Linux 6.1 amd64": what a reader needs to compare a run with theirs. */
    static String machine() {
        var cpu = "";
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException | UncheckedIOException ignored) {
            // not Linux: the core count says enough
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? String.format(Locale.ROOT, ", %.0f GB", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)) : "";
        return Runtime.getRuntime().availableProcessors() + " cores" + cpu + memory + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    /** /proc/loadavg's first three fields, or "n/a". */
    static String loadAverage() {
        try {
            var f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    String run(Options o) throws Exception {
        var loadAtStart = loadAverage();
        var temp = Files.createTempDirectory("switchboard-bench-");
        var started = new java.util.concurrent.CopyOnWriteArrayList<Process>();
        // Ctrl+C or a kill of the benchmark must not leave the gateway running, nor the temporary folder behind.
        var cleanup = new Thread(() -> {
            for (var p : started) {
                p.destroyForcibly();
            }
            for (var p : started) {
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            deleteQuietly(temp);
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        var mock = new MockUpstream(o.events(), o.gapMicros(), o.holdEvents());
        GatewayProcess gateway = null;
        var peerProcesses = new ArrayList<Process>();
        try {
            mock.start();
            log("mock upstream on 127.0.0.1:" + mock.port());
            GatewayProcess.prepare(o.jar(), temp, mock.port(), started);
            var peers = o.peers() ? Peers.install(Path.of("target", "bench-peers")) : List.<Peers.Installed>of();
            var starts = coldStarts(o, temp, mock.port(), peers, started);
            var windowStarts = windowStarts(o, temp, started);

            gateway = GatewayProcess.start(o.jar(), o.gatewayJavaOptions(), temp, started);
            log("gateway (pid " + gateway.pid() + ") on 127.0.0.1:" + gateway.port());
            int direct = mock.port();
            int via = gateway.port();
            check(direct, Api.CHAT, "direct", o.events());
            check(via, Api.CHAT, "gateway", o.events());
            if (o.conversion()) {
                check(via, Api.MESSAGES, "conversion", o.events());
            }
            Thread.sleep(2000);
            long rssStart = gateway.rssKb();

            var warm = warmUp(o, direct, via, gateway);
            log("letting the gateway settle ...");
            System.gc(); // this JVM's garbage from the warm-up goes now, not during the measurements
            Thread.sleep(3000);
            long rssIdle = gateway.rssKb();

            log("latency: " + o.requests() + " sequential requests per path, interleaved ...");
            var latencies = sequential(direct, via, o.conversion(), o.requests());

            log("streams: " + o.streams() + " × " + o.events() + " events per path, interleaved ...");
            var directDelays = new Samples();
            var viaDelays = new Samples();
            var convertedDelays = new Samples();
            for (int i = 0; i < o.streams(); i++) {
                stream(direct, Api.CHAT, o.events(), directDelays);
                stream(via, Api.CHAT, o.events(), viaDelays);
                if (o.conversion()) {
                    stream(via, Api.MESSAGES, o.events(), convertedDelays);
                }
            }

            log("throughput: " + o.loadRequests() + " requests per path at concurrency " + o.concurrency() + " ...");
            long cpu0 = ownCpuNanos();
            double directRps = load(direct, Api.CHAT, o.concurrency(), o.loadRequests(), null);
            long directCpu = ownCpuNanos() - cpu0;
            var peak = new AtomicLong(gateway.rssKb());
            var g = gateway;
            long gatewayCpu0 = gateway.cpuNanos();
            double viaRps = load(via, Api.CHAT, o.concurrency(), o.loadRequests(),
                    () -> peak.accumulateAndGet(g.rssKb(), Math::max));
            long gatewayCpu = gateway.cpuNanos() - gatewayCpu0;
            var cpu = new long[] {directCpu / o.loadRequests(), gatewayCpu0 < 0 ? -1 : gatewayCpu / o.loadRequests()};

            var afterBurst = afterBurst(gateway);

            var sideBySide = "";
            if (o.peers()) {
                var subjects = subjects(o, mock.port(), gateway, peers, starts, rssStart, temp, peerProcesses, started);
                sideBySide = SideBySide.run(o, subjects, Peers.nodeVersion());
                peerProcesses.forEach(Proc::stop);
            }

            OpenStreams.Result open = null;
            int heldAtUpstream = -1;
            if (o.openStreams() > 0) {
                log("open streams: " + o.openStreams() + " at once through the gateway, each held " + o.openSeconds()
                        + " s with an event every " + MockUpstream.HOLD_GAP_MILLIS + " ms ...");
                mock.takeHeldPeak();
                open = OpenStreams.run(via, o.openStreams(), o.holdEvents(),
                        TimeUnit.SECONDS.toNanos(o.openSeconds() + 60L), g::rssKb);
                heldAtUpstream = mock.takeHeldPeak();
                log("  " + OpenStreams.summary(open) + "; " + heldAtUpstream + " open at once at the upstream");
            }

            var footprint = new Footprint(starts.get(SWITCHBOARD), windowStarts, afterBurst, open, heldAtUpstream,
                    describe(gateway));
            return table(o, loadAtStart, warm, latencies, directDelays.sorted(), viaDelays.sorted(),
                    convertedDelays.sorted(), directRps, viaRps, cpu, rssStart, rssIdle, peak.get(), footprint)
                    + sideBySide;
        } finally {
            peerProcesses.forEach(Process::destroyForcibly);
            if (gateway != null) {
                gateway.stop();
            }
            started.forEach(Process::destroyForcibly);
            mock.stop();
            deleteQuietly(temp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- phases

    /** The key of Switchboard's own cold starts in {@link #coldStarts}' answer; peers are keyed by their label. */
    static final String SWITCHBOARD = "switchboard";

    /**
     * {@code --starts} cold starts of the gateway ({@code serve --headless} on the prepared data folder, a port
     * chosen here, the same JVM options as the measured gateway) and, with {@code --peers}, of every peer that
     * installed, taking turns start by start. Before the measured gateway starts, so nothing else runs meanwhile.
     * A subject whose start fails gets the reason instead of times.
     */
    private static java.util.Map<String, Starts.Times> coldStarts(Options o, Path temp, int mockPort,
                                                                   List<Peers.Installed> peers, List<Process> started) {
        var launchers = new java.util.LinkedHashMap<String, Starts.Launcher>();
        var health = new java.util.HashMap<String, String>();
        launchers.put(SWITCHBOARD, port -> GatewayProcess.launch(o.jar(), o.gatewayJavaOptions(), temp, port,
                temp.resolve("start.out"), temp.resolve("start.err"), started));
        health.put(SWITCHBOARD, "/healthz");
        int k = 0;
        for (var p : peers) {
            if (p.ok()) {
                var home = temp.resolve("peer-start-" + k++);
                launchers.put(p.peer().label(), port -> Peers.launch(p, port, mockPort, home, started));
                health.put(p.peer().label(), p.peer().healthPath());
            }
        }
        var times = new java.util.HashMap<String, List<Long>>();
        var failures = new java.util.HashMap<String, String>();
        if (o.starts() > 0) {
            log("start to serving: " + o.starts() + " cold starts of " + String.join(", ", launchers.keySet())
                    + ", taking turns ...");
        }
        for (int i = 0; i < o.starts(); i++) {
            for (var e : launchers.entrySet()) {
                if (failures.containsKey(e.getKey())) {
                    continue;
                }
                try {
                    long t = Starts.once(e.getValue(), health.get(e.getKey()), started);
                    times.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(t);
                } catch (Exception ex) {
                    failures.put(e.getKey(), "did not start: " + ex.getMessage());
                    log("  " + e.getKey() + " did not start: " + ex.getMessage());
                }
            }
        }
        var out = new java.util.HashMap<String, Starts.Times>();
        for (var key : launchers.keySet()) {
            if (failures.containsKey(key)) {
                out.put(key, Starts.Times.failed(failures.get(key)));
            } else if (times.containsKey(key)) {
                out.put(key, new Starts.Times(times.get(key).stream().mapToLong(Long::longValue).toArray(), null));
            }
        }
        return out;
    }

    /**
     * {@code --window-starts} cold desktop starts on the prepared data folder (so a returning person's window: one
     * channel, the tab last shown), one after the other, each stopped and awaited before the next, after the
     * headless starts and before the measured gateway. Null when skipped; the reason when there is no display.
     */
    private static Starts.Times windowStarts(Options o, Path temp, List<Process> started) {
        if (o.windowStarts() == 0) {
            return null;
        }
        var unavailable = WindowStarts.unavailable();
        if (unavailable != null) {
            log("start to the window visible: " + unavailable);
            return Starts.Times.failed(unavailable);
        }
        log("start to the window visible: " + o.windowStarts() + " cold desktop starts ...");
        var nanos = new long[o.windowStarts()];
        try {
            var log = WindowStarts.log(temp);
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = WindowStarts.once(o.jar(), o.gatewayJavaOptions(), temp, log, started);
            }
        } catch (Exception e) {
            log("  the window did not show: " + e.getMessage());
            return Starts.Times.failed("did not show: " + e.getMessage());
        }
        return new Starts.Times(nanos, null);
    }

    /** The gateway's RSS every second for 30 s after the throughput run, with no traffic: the last and the least. */
    record AfterBurst(long rssAt30sKb, long rssMinKb) {
    }

    private static AfterBurst afterBurst(GatewayProcess gateway) throws InterruptedException {
        log("RSS after the burst: sampling the gateway's VmRSS every second for 30 s with no traffic ...");
        long min = Long.MAX_VALUE;
        long last = -1;
        long t0 = System.nanoTime();
        for (int second = 1; second <= 30; second++) {
            // Paced against the start, not the previous sample, so the last one is at 30 s and not later.
            long wait = t0 + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            last = gateway.rssKb();
            if (last >= 0) {
                min = Math.min(min, last);
            }
        }
        return new AfterBurst(last, min == Long.MAX_VALUE ? -1 : min);
    }

    /** What issue 14 added to the table: start to serving, RSS after the burst, and the open streams. */
    record Footprint(Starts.Times starts, Starts.Times windowStarts, AfterBurst afterBurst, OpenStreams.Result open, int heldAtUpstream,
                     String gatewayProcess) {
    }

    /**
     * Which process the gateway rows measured and the JVM options it runs with, read from its command line: if
     * the program ever starts itself again with options of its own, the table says so rather than print "none".
     */
    private static String describe(GatewayProcess gateway) {
        var options = Proc.jvmOptions(gateway.pid());
        return "Measured process: " + (gateway.relaunched() ? "a second JVM the launch started" : "the launched JVM")
                + " (pid " + gateway.pid() + "), running with " + (options.isEmpty() ? "no JVM options" : options);
    }

    /**
     * The side-by-side subjects: direct, Switchboard's passthrough and conversion (the measured gateway, already
     * warm), then each peer, started now on a free port, checked and weighed, or listed with why it is not there.
     */
    private static List<SideBySide.Subject> subjects(Options o, int mockPort, GatewayProcess gateway,
                                                     List<Peers.Installed> peers,
                                                     java.util.Map<String, Starts.Times> starts, long rssStart,
                                                     Path temp, List<Process> peerProcesses, List<Process> started) {
        var out = new ArrayList<SideBySide.Subject>();
        var direct = new SideBySide.Subject("direct to the mock", mockPort, Api.CHAT, "", null, true);
        out.add(direct);
        var pass = new SideBySide.Subject("Switchboard, `java -jar`" + (o.gatewayJavaOptions().isEmpty() ? ""
                : " (" + String.join(" ", o.gatewayJavaOptions()) + ")"), gateway.port(), Api.CHAT, "",
                gateway.pid(), false);
        pass.starts = starts.get(SWITCHBOARD);
        pass.rssStartKb = rssStart;
        out.add(pass);
        if (o.conversion()) {
            var conv = new SideBySide.Subject("Switchboard, Anthropic in → OpenAI out", gateway.port(), Api.MESSAGES,
                    "", gateway.pid(), false);
            conv.rssStartKb = rssStart;
            out.add(conv);
        }
        int k = 0;
        for (var p : peers) {
            var peer = p.peer();
            var name = peer.label() + (peer.api() == Api.MESSAGES ? " (Anthropic in → OpenAI out)" : "");
            if (!p.ok()) {
                out.add(SideBySide.Subject.missing(name, p.problem()));
                continue;
            }
            var home = temp.resolve("peer-" + k++);
            try {
                int port = Starts.freePort();
                var process = Peers.launch(p, port, mockPort, home, started);
                peerProcesses.add(process);
                Starts.awaitServing(port, peer.healthPath(), process, TimeUnit.SECONDS.toNanos(60));
                var subject = new SideBySide.Subject(name, port, peer.api(), Peers.headers(peer, mockPort),
                        process.pid(), false);
                subject.starts = starts.get(peer.label());
                SideBySide.checkAndWeigh(subject, o.events());
                log("peer " + peer.label() + " (pid " + process.pid() + ") on 127.0.0.1:" + port
                        + (subject.problem == null ? "" : ": " + subject.problem));
                out.add(subject);
            } catch (Exception e) {
                out.add(SideBySide.Subject.missing(name, "did not start: " + e.getMessage() + Peers.tail(home)));
            }
        }
        return out;
    }


    /** How the warm-up went: rounds, seconds, and whether the compilers went quiet within the limit. */
    record WarmUp(int rounds, double seconds, boolean quiet) {
    }

    /**
     * Rounds of all the traffic the benchmark makes, on every path (conversion included, unless skipped), until a
     * round in which the compiler threads of both JVMs used at most 5 % of one core (after at least 3 rounds), or
     * until the time limit.
     */
    private static WarmUp warmUp(Options o, int direct, int via, GatewayProcess gateway) throws Exception {
        log("warming up every path until the JIT compilers are quiet (at most " + o.warmupSeconds() + " s) ...");
        var gatewayJit = new CompilerCpu(gateway.pid());
        var ownJit = new CompilerCpu(ProcessHandle.current().pid());
        long start = System.nanoTime();
        long limit = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        int burst = Math.max(Math.min(o.loadRequests() / 6, 5000), 100);
        for (int round = 1; ; round++) {
            long t0 = System.nanoTime();
            gatewayJit.delta();
            ownJit.delta();
            sequential(direct, via, o.conversion(), 1000);
            load(direct, Api.CHAT, o.concurrency(), burst, null);
            load(via, Api.CHAT, o.concurrency(), burst, null);
            if (o.conversion()) {
                load(via, Api.MESSAGES, o.concurrency(), burst, null);
            }
            for (int i = 0; i < 2; i++) {
                stream(direct, Api.CHAT, o.events(), new Samples());
                stream(via, Api.CHAT, o.events(), new Samples());
                if (o.conversion()) {
                    stream(via, Api.MESSAGES, o.events(), new Samples());
                }
            }
            double wall = System.nanoTime() - t0;
            double gatewayShare = gatewayJit.delta() / wall;
            double ownShare = ownJit.delta() / wall;
            double seconds = (System.nanoTime() - start) / 1e9;
            log(String.format(Locale.ROOT, "  round %d: JIT busy %.0f %% (gateway), %.0f %% (bench) of a core",
                    round, gatewayShare * 100, ownShare * 100));
            if (round >= 3 && gatewayShare <= 0.05 && ownShare <= 0.05) {
                return new WarmUp(round, seconds, true);
            }
            if (System.nanoTime() > limit) {
                log("  the JIT is not quiet yet; measuring anyway (see the note under the table)");
                return new WarmUp(round, seconds, false);
            }
        }
    }

    /**
     * One request to make sure the path answers what the mock says, before anything is timed. Messages also
     * gets one stream, to make sure the conversion delivers every event with its stamp.
     */
    private static void check(int port, Api api, String what, int events) throws IOException {
        try (var c = new Client(port, api)) {
            var r = c.post();
            var text = new String(r.body(), StandardCharsets.UTF_8);
            if (r.status() != 200 || !text.contains("Hello from the mock")
                    || (api == Api.MESSAGES && !text.contains("\"type\":\"message\""))) {
                throw new IllegalStateException("the " + what + " path answered " + r.status() + ": " + text);
            }
        }
        if (api == Api.MESSAGES) {
            stream(port, api, events, new Samples()); // every content_block_delta must carry its stamp
        }
    }

    /**
     * {@code n} requests per path, one at a time, alternating direct, gateway (passthrough) and, with {@code
     * conversion}, gateway (Anthropic Messages converted), so drift hits all alike. Returns the times of each
     * path in that order; the third is empty without conversion.
     */
    private static long[][] sequential(int direct, int via, boolean conversion, int n) throws IOException {
        var d = new long[n];
        var g = new long[n];
        var m = new long[conversion ? n : 0];
        try (var cd = new Client(direct, Api.CHAT); var cg = new Client(via, Api.CHAT);
             var cm = conversion ? new Client(via, Api.MESSAGES) : null) {
            for (int i = 0; i < n; i++) {
                d[i] = timed(cd);
                g[i] = timed(cg);
                if (cm != null) {
                    m[i] = timed(cm);
                }
            }
        }
        return new long[][] {d, g, m};
    }

    static long timed(Client c) throws IOException {
        long t0 = System.nanoTime();
        var r = c.post();
        long t = System.nanoTime() - t0;
        if (r.status() != 200) {
            throw new IllegalStateException("HTTP " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return t;
    }

    /**
     * {@code total} requests over {@code concurrency} connections, as fast as they are answered; returns
     * requests per second. {@code sampler} (may be null) runs every 50 ms meanwhile.
     */
    static double load(int port, Api api, int concurrency, int total, Runnable sampler) throws Exception {
        return load(port, api, "", concurrency, total, sampler);
    }

    /** As above, with header lines a peer needs besides the API's own. */
    static double load(int port, Api api, String headers, int concurrency, int total, Runnable sampler)
            throws Exception {
        var left = new AtomicInteger(total);
        var failed = new AtomicInteger();
        var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var ready = new CountDownLatch(concurrency);
        var go = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < concurrency; t++) {
            var thread = new Thread(() -> {
                try (var c = new Client(port, api, headers)) {
                    ready.countDown();
                    go.await();
                    while (left.getAndDecrement() > 0) {
                        if (c.post().status() != 200) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    error.compareAndSet(null, e);
                    ready.countDown();
                }
            }, "bench-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load clients could not connect within 30 s");
        }
        long t0 = System.nanoTime();
        go.countDown();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        for (var thread : threads) {
            while (thread.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the load run did not finish within 10 minutes");
                }
                if (sampler != null) {
                    sampler.run();
                }
                thread.join(50);
            }
        }
        long elapsed = System.nanoTime() - t0;
        if (error.get() != null) {
            throw new IllegalStateException("a load client failed: " + error.get(), error.get());
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + total + " requests did not get HTTP 200");
        }
        return total / (elapsed / 1e9);
    }

    /** One stream; adds each stamped event's delay (receive time − the mock's write time), in ns, to {@code into}. */
    static void stream(int port, Api api, int events, Samples into) throws IOException {
        stream(port, api, "", events, into);
    }

    /** As above, with header lines a peer needs besides the API's own. */
    static void stream(int port, Api api, String headers, int events, Samples into) throws IOException {
        try (var c = new Client(port, api, headers)) {
            int seen = c.stream(into);
            if (seen != events) {
                throw new IllegalStateException("a " + api + " stream on port " + port + " delivered " + seen + " of "
                        + events + " events");
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------- report

    /** CPU time of this JVM (the client and the mock upstream), in ns. */
    static long ownCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static String table(Options o, String loadAtStart, WarmUp warm, long[][] latencies, long[] directDelays,
                                long[] viaDelays, long[] convertedDelays, double directRps, double viaRps,
                                long[] cpu, long rssStart, long rssIdle, long rssPeak, Footprint f) {
        var d = latencies[0].clone();
        var g = latencies[1].clone();
        Arrays.sort(d);
        Arrays.sort(g);
        double d50 = ms(pct(d, 50));
        double g50 = ms(pct(g, 50));
        double d99 = ms(pct(d, 99));
        double g99 = ms(pct(g, 99));
        double e50d = ms(pct(directDelays, 50));
        double e50g = ms(pct(viaDelays, 50));
        double e99d = ms(pct(directDelays, 99));
        double e99g = ms(pct(viaDelays, 99));
        double ratio = viaRps / directRps * 100;
        var s = new StringBuilder();
        s.append('\n');
        s.append(String.format(Locale.ROOT, "Switchboard benchmark, %s: %s, Java %s (%s)%n", java.time.LocalDate.now(),
                machine(), System.getProperty("java.version"), System.getProperty("java.vm.name")));
        s.append("Load average (1, 5, 15 min) at the start: ").append(loadAtStart).append("; at the end: ")
                .append(loadAverage()).append(" (other processes share the cores: the higher, the noisier).\n");
        s.append(String.format(Locale.ROOT, "Sizes: %d sequential requests per path; %d requests per path at "
                        + "concurrency %d; %d streams × %d events, %s ms apart.%n",
                o.requests(), o.loadRequests(), o.concurrency(), o.streams(), o.events(),
                trim(o.gapMicros() / 1000.0)));
        s.append(String.format(Locale.ROOT, "Start to serving: %s. Open streams: %s.%n",
                o.starts() == 0 ? "skipped (--starts 0)" : "median of " + o.starts() + " cold starts to the first "
                        + "HTTP 200 from GET /healthz, each a new process on the same data folder",
                o.openStreams() == 0 ? "skipped (--open-streams 0)" : String.format(Locale.ROOT,
                        "%,d at once, each held %d s by the mock with an event every %d ms", o.openStreams(),
                        o.openSeconds(), MockUpstream.HOLD_GAP_MILLIS)));
        s.append(String.format(Locale.ROOT, "Warm-up: %d rounds, %.0f s, %s.%n", warm.rounds(), warm.seconds(),
                warm.quiet() ? "until the JIT compilers were quiet"
                        : "stopped at the limit with the JIT compilers still busy"));
        s.append("Gateway JVM options: ").append(o.gatewayJavaOptions().isEmpty() ? "none (as `java -jar` runs it)"
                : String.join(" ", o.gatewayJavaOptions())).append(". ").append(f.gatewayProcess()).append(".\n");
        s.append(o.conversion()
                ? "Conversion rows: Anthropic Messages (POST /v1/messages) through the gateway to the openai mock and "
                        + "back, interleaved with the other paths. In them, the direct column is the Chat passthrough "
                        + "through the gateway, via gateway is the conversion, and gateway adds is conversion − "
                        + "passthrough.\n\n"
                : "Conversion rows: skipped (--no-conversion).\n\n");
        s.append("| measure | direct | via gateway | gateway adds | target | result |\n");
        s.append("|---|---:|---:|---:|---|---|\n");
        if (f.starts() != null) {
            var st = f.starts();
            row(s, "start to serving (`java -jar … serve`, to the first 200 from /healthz)", "", st.failure() != null
                    ? st.failure() : st.text(), "", "≤ 1.2 s", st.failure() != null ? Boolean.FALSE
                    : st.median() <= 1_200_000_000L);
        }
        if (f.windowStarts() != null) {
            var ws = f.windowStarts();
            row(s, "start to the window visible (`java -jar`, no command: window and tray, to the X server's "
                    + "viewable window)", "", ws.text(), "", "≤ 1.5 s", ws.failure() == null ? ws.median() <= 1_500_000_000L
                    : ws.failure().startsWith("not measured") ? null : Boolean.FALSE);
        }
        row(s, "latency p50, sequential", msText(d50), msText(g50), msText(g50 - d50), "≤ 0.25 ms",
                g50 - d50 <= 0.25);
        judgedRow(s, "latency p99, sequential", msText(d99), msText(g99), msText(g99 - d99), "≤ 2 ms",
                judged(d99, g99, 2));
        row(s, "requests/s, concurrency " + o.concurrency(), String.format(Locale.ROOT, "%,.0f", directRps),
                String.format(Locale.ROOT, "%,.0f", viaRps), String.format(Locale.ROOT, "%.0f %% of direct", ratio),
                "≥ 50 % of direct", ratio >= 50);
        row(s, "CPU per request at concurrency " + o.concurrency() + " (direct: client + mock; via: gateway only)",
                cpu[0] < 0 ? "n/a" : us(cpu[0]), cpu[1] < 0 ? "n/a" : us(cpu[1]), "", "≤ 80 µs (gateway)",
                cpu[1] < 0 ? null : cpu[1] <= 80_000);
        row(s, "per-event delay p50, stream", msText(e50d), msText(e50g), msText(e50g - e50d), "", null);
        judgedRow(s, "per-event delay p99, stream", msText(e99d), msText(e99g), msText(e99g - e99d), "≤ 1 ms",
                judged(e99d, e99g, 1));
        row(s, "gateway RSS just started", "", mb(rssStart), "", "≤ 120 MB",
                rssStart < 0 ? null : rssStart / 1024.0 <= 120);
        row(s, "gateway RSS idle, after warm-up", "", mb(rssIdle), "", "", null);
        row(s, "gateway RSS peak under load (concurrency " + o.concurrency() + ")", "", mb(rssPeak), "", "≤ 300 MB",
                rssPeak < 0 ? null : rssPeak / 1024.0 <= 300);
        var after = f.afterBurst();
        row(s, "gateway RSS 30 s after the burst (no traffic)", "", mb(after.rssAt30sKb()),
                "least in the 30 s: " + mb(after.rssMinKb()), "≤ 150 MB",
                after.rssAt30sKb() < 0 ? null : after.rssAt30sKb() / 1024.0 <= 150);
        if (f.open() != null) {
            var open = f.open();
            var name = String.format(Locale.ROOT, "%,d concurrent open streams", open.streams());
            row(s, name + ": errors, held at once", "", OpenStreams.errorsText(open),
                    String.format(Locale.ROOT, "%,d whole; at once: %,d at the client, %,d at the upstream",
                            open.completed(), open.peakOpen(), f.heldAtUpstream()),
                    "0 errors, all held at once", open.errors() == 0 && f.heldAtUpstream() == open.streams());
            var delays = open.delays();
            row(s, name + ": gateway RSS peak", "", mb(open.rssPeakKb()), delays.length == 0 ? ""
                            : "per-event delay meanwhile p50 " + msText(ms(pct(delays, 50))) + ", p99 "
                            + msText(ms(pct(delays, 99))), "≤ 300 MB",
                    open.rssPeakKb() < 0 ? null : open.rssPeakKb() / 1024.0 <= 300);
        }
        if (o.conversion()) {
            var c = latencies[2].clone();
            Arrays.sort(c);
            double c50 = ms(pct(c, 50));
            double c99 = ms(pct(c, 99));
            double ce50 = ms(pct(convertedDelays, 50));
            double ce99 = ms(pct(convertedDelays, 99));
            row(s, "conversion: latency p50, sequential", msText(g50), msText(c50), msText(c50 - g50), "≤ 1 ms",
                    c50 - g50 <= 1);
            judgedRow(s, "conversion: latency p99, sequential", msText(g99), msText(c99), msText(c99 - g99), "",
                    shownTail(g99, c99));
            row(s, "conversion: per-event delay p50, stream", msText(e50g), msText(ce50), msText(ce50 - e50g),
                    "≤ 0.1 ms (none measurable)", ce50 - e50g <= 0.1);
            judgedRow(s, "conversion: per-event delay p99, stream", msText(e99g), msText(ce99), msText(ce99 - e99g),
                    "", shownTail(e99g, ce99));
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String name, String direct, String via, String adds, String target,
                            Boolean pass) {
        judgedRow(s, name, direct, via, adds, target, pass == null ? "" : pass ? "PASS" : "MISS");
    }

    private static void judgedRow(StringBuilder s, String name, String direct, String via, String adds, String target,
                                  String result) {
        s.append("| ").append(name).append(" | ").append(direct).append(" | ").append(via).append(" | ").append(adds)
                .append(" | ").append(target).append(" | ").append(result).append(" |\n");
    }

    /**
     * A p99 difference is only meaningful when the direct path's tail is below the gateway's: when a hiccup of
     * the machine hit the direct run harder, the difference is negative and says nothing.
     */
    private static String judged(double direct, double via, double limit) {
        if (via < direct) {
            return "INCONCLUSIVE (direct tail > gateway tail: noise)";
        }
        return via - direct <= limit ? "PASS" : "MISS";
    }

    /**
     * A conversion p99 row has no target, so no verdict; but a negative difference is flagged as noise, as in
     * {@link #judged}: the passthrough's tail took the larger hiccup.
     */
    private static String shownTail(double passthrough, double conversion) {
        return conversion < passthrough ? "INCONCLUSIVE (passthrough tail > conversion tail: noise)" : "";
    }

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String msText(double ms) {
        return String.format(Locale.ROOT, "%.3f ms", ms);
    }

    static String us(long nanos) {
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }

    static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A growable array of longs: no boxing, so collecting samples does not make garbage of its own. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] sorted() {
            var out = Arrays.copyOf(values, size);
            Arrays.sort(out);
            return out;
        }
    }

    /**
     * CPU time of a JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…} in
     * /proc/PID/task/TID/comm), as deltas between calls. Compiler threads come and go; a thread's time is
     * counted from when it is first seen.
     */
    static final class CompilerCpu {
        private final long pid;
        private final java.util.Map<String, Long> last = new java.util.HashMap<>();

        CompilerCpu(long pid) {
            this.pid = pid;
        }

        /** Nanoseconds of compiler CPU since the previous call; 0 where /proc is not available. */
        long delta() {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (var task : (Iterable<Path>) tasks::iterator) {
                    try {
                        var name = Files.readString(task.resolve("comm")).trim();
                        if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                            continue;
                        }
                        long now = Proc.cpuNanos(task.resolve("stat"));
                        var before = last.put(task.getFileName().toString(), now);
                        sum += now - (before == null ? now : before);
                    } catch (IOException | RuntimeException ignored) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | UncheckedIOException ignored) {
                return 0;
            }
            return sum;
        }
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // likewise
        }
    }

    // ------------------------------------------------------------------------------------------ the mock upstream

    /** An OpenAI-compatible upstream that answers at once: a fixed completion, or a stamped stream. */
    static final class MockUpstream {
        static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":"
                + "1700000000,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"Hello from the mock upstream.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}")
                .getBytes(StandardCharsets.UTF_8);
        static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{";
        static final byte[] TAIL = ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":"
                + "1700000000,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":"
                + "\"stop\"}]}\n\n"
                + "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":"
                + "100,\"total_tokens\":112}}\n\n"
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);

        /** Between two events of a held stream: slow, like a model that thinks, so a thousand cost little CPU. */
        static final long HOLD_GAP_MILLIS = 200;

        private final int events;
        private final long gapNanos;
        private final int holdEvents;
        private final Server server;
        private final ServerConnector connector;
        /** Paces held streams: they wait on a timer, not on a thread each, so a thousand need no thousand threads. */
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newScheduledThreadPool(2, r -> {
                    var t = new Thread(r, "mock-upstream-hold");
                    t.setDaemon(true);
                    return t;
                });
        private final AtomicInteger held = new AtomicInteger();
        private final AtomicInteger heldPeak = new AtomicInteger();

        MockUpstream(int events, int gapMicros, int holdEvents) {
            this.events = events;
            this.gapNanos = gapMicros * 1000L;
            this.holdEvents = holdEvents;
            var pool = new QueuedThreadPool(200, 8);
            pool.setName("mock-upstream");
            pool.setDaemon(true);
            server = new Server(pool);
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract(Invocable.InvocationType.BLOCKING) {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    byte[] body;
                    try (var in = Content.Source.asInputStream(request)) {
                        body = in.readAllBytes();
                    }
                    if (!Request.getPathInContext(request).equals(PATH)) {
                        response.setStatus(404);
                        response.write(true, ByteBuffer.allocate(0), callback);
                    } else if (new String(body, StandardCharsets.UTF_8).contains(OpenStreams.HOLD_MARK)) {
                        hold(response, callback);
                    } else if (new String(body, StandardCharsets.UTF_8).contains("\"stream\":true")) {
                        stream(response, callback);
                    } else {
                        response.setStatus(200);
                        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, COMPLETION.length);
                        response.write(true, ByteBuffer.wrap(COMPLETION), callback);
                    }
                    return true;
                }
            });
        }

        /** N chunks, each stamped with the nanoTime it is written at, {@code gap} apart; then the tail. */
        private void stream(Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            try {
                for (int i = 0; i < events; i++) {
                    if (i > 0 && gapNanos > 0) {
                        LockSupport.parkNanos(gapNanos);
                    }
                    var role = i == 0 ? "\"role\":\"assistant\"," : "";
                    // The stamp is taken last, right before the write.
                    var chunk = CHUNK_HEAD + role + "\"content\":\"" + System.nanoTime()
                            + "\"},\"finish_reason\":null}]}\n\n";
                    Content.Sink.write(response, false, ByteBuffer.wrap(chunk.getBytes(StandardCharsets.US_ASCII)));
                }
                Content.Sink.write(response, true, ByteBuffer.wrap(TAIL));
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            }
        }

        /**
         * A held stream ({@link OpenStreams}): {@code holdEvents} stamped chunks {@link #HOLD_GAP_MILLIS} apart, then
         * the tail. Written asynchronously from the timer, so the handler's thread is free at once. Counts how many
         * are open at a time: the gateway may queue requests before they reach the upstream.
         */
        private void hold(Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            heldPeak.accumulateAndGet(held.incrementAndGet(), Math::max);
            new Callback() {
                private int sent;
                private boolean ended;

                /** Writes the next chunk now; this object hears when it is written. */
                void next() {
                    if (sent == holdEvents) {
                        ended = true;
                        response.write(true, ByteBuffer.wrap(TAIL), this);
                        return;
                    }
                    var role = sent == 0 ? "\"role\":\"assistant\"," : "";
                    sent++;
                    var chunk = CHUNK_HEAD + role + "\"content\":\"" + System.nanoTime()
                            + "\"},\"finish_reason\":null}]}\n\n";
                    response.write(false, ByteBuffer.wrap(chunk.getBytes(StandardCharsets.US_ASCII)), this);
                }

                @Override
                public void succeeded() {
                    if (ended) {
                        held.decrementAndGet();
                        callback.succeeded();
                    } else {
                        timer.schedule(this::next, HOLD_GAP_MILLIS, TimeUnit.MILLISECONDS);
                    }
                }

                @Override
                public void failed(Throwable x) {
                    held.decrementAndGet();
                    callback.failed(x);
                }
            }.next();
        }

        /** The most held streams that were open at once since the last call; starts counting anew. */
        int takeHeldPeak() {
            return heldPeak.getAndSet(held.get());
        }

        void start() throws Exception {
            server.start();
        }

        int port() {
            return connector.getLocalPort();
        }

        void stop() {
            timer.shutdownNow();
            try {
                server.stop();
            } catch (Exception e) {
                log("stopping the mock upstream failed: " + e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- the gateway process

    /** {@code java -jar switchboard.jar serve} in a process of its own, over a temporary data folder. */
    static final class GatewayProcess {
        private final Process process;
        private final int port;
        /** The process that listens: the launched one, or a second JVM it started (then measured and stopped). */
        private final long measured;

        private GatewayProcess(Process process, int port) {
            this.process = process;
            this.port = port;
            this.measured = Proc.listenerPid(port).orElse(process.pid());
        }

        /**
         * The data folder set up with the CLI, as a person would: one channel, the mock, with one model. Every
         * process this starts is added to {@code started} first, for the benchmark's shutdown hook.
         */
        static void prepare(Path jar, Path dataDir, int upstreamPort, List<Process> started) throws Exception {
            var add = new ArrayList<>(cli(jar, dataDir));
            add.addAll(List.of("channels", "add", "bench-upstream", "--url", "http://127.0.0.1:" + upstreamPort + "/v1",
                    "--key", "sk-bench-not-a-real-key", "-m", MODEL));
            var addLog = dataDir.resolve("channels-add.log");
            var adding = new ProcessBuilder(add).redirectErrorStream(true).redirectOutput(addLog.toFile()).start();
            started.add(adding);
            try {
                if (!adding.waitFor(60, TimeUnit.SECONDS) || adding.exitValue() != 0) {
                    throw new IllegalStateException("`channels add` failed: " + Files.readString(addLog));
                }
            } finally {
                adding.destroyForcibly();
            }
        }

        /** {@code java -jar JAR --data-dir DIR}: the start of every command line this runs. */
        private static List<String> cli(Path jar, Path dataDir) {
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return List.of(java, "-jar", jar.toAbsolutePath().toString(), "--data-dir", dataDir.toString());
        }

        /**
         * Launches {@code serve --headless --port PORT} (0: any free port) over a prepared data folder, with the
         * given JVM options before {@code -jar}; output goes to {@code out} and {@code err}. Does not wait.
         */
        static Process launch(Path jar, List<String> javaOptions, Path dataDir, int port, Path out, Path err,
                              List<Process> started) throws IOException {
            var cli = cli(jar, dataDir);
            var serve = new ArrayList<String>();
            serve.add(cli.get(0));
            serve.addAll(javaOptions);
            serve.addAll(cli.subList(1, cli.size()));
            serve.addAll(List.of("serve", "--headless", "--port", Integer.toString(port)));
            var process = new ProcessBuilder(serve).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            started.add(process);
            return process;
        }

        /** Starts the gateway over a prepared data folder on any free port, and waits until it says where. */
        static GatewayProcess start(Path jar, List<String> javaOptions, Path dataDir, List<Process> started)
                throws Exception {
            var out = dataDir.resolve("serve.out");
            var err = dataDir.resolve("serve.err");
            var process = launch(jar, javaOptions, dataDir, 0, out, err, started);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    var m = LISTENING.matcher(Files.readString(out));
                    if (m.find()) {
                        return new GatewayProcess(process, Integer.parseInt(m.group(1)));
                    }
                    // Exiting with 0 may be a launch that hands over to a second JVM: that one says where it listens.
                    if (!process.isAlive() && process.exitValue() != 0) {
                        throw new IllegalStateException("the gateway exited with " + process.exitValue() + ": "
                                + Files.readString(out) + Files.readString(err));
                    }
                    Thread.sleep(50);
                }
                throw new IllegalStateException("the gateway did not say it was listening within 60 s: "
                        + Files.readString(out) + Files.readString(err));
            } catch (Exception | Error e) {
                process.destroyForcibly();
                throw e;
            }
        }

        int port() {
            return port;
        }

        /** The pid of the process that serves, whose memory and CPU the rows show. */
        long pid() {
            return measured;
        }

        /** Whether the launched process handed over to a second one that serves. */
        boolean relaunched() {
            return measured != process.pid();
        }

        /** The process's resident set (VmRSS) in kB, or -1 where /proc is not available. */
        long rssKb() {
            return Proc.rssKb(measured);
        }

        /** The process's CPU time so far (user + system), in ns; or -1 where /proc is not available. */
        long cpuNanos() {
            return Proc.cpuNanos(measured);
        }

        /** SIGTERM (so it checkpoints its database), then SIGKILL if it has not gone within 10 s. */
        void stop() {
            Proc.stop(process);
            if (relaunched()) {
                Proc.stop(measured);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- the client

    record Reply(int status, byte[] body) {
    }

    /**
     * A minimal blocking HTTP/1.1 client: one keep-alive connection to 127.0.0.1 for one {@link Api},
     * TCP_NODELAY, Content-Length and chunked bodies. Much lighter than a general client, so that what is
     * measured is the servers, not it.
     */
    static final class Client implements AutoCloseable {
        private final Api api;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] head;

        Client(int port, Api api) throws IOException {
            this(port, api, "");
        }

        /** {@code extraHeaders}: CRLF-terminated header lines a peer needs besides the API's own. */
        Client(int port, Api api, String extraHeaders) throws IOException {
            this.api = api;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
            head = ("POST " + api.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + api.headers + extraHeaders
                    + "Content-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        }

        /** The API's non-streaming request. */
        Reply post() throws IOException {
            send(api.request, "application/json");
            int status = readHead();
            var content = new ByteArrayOutputStream(1024);
            if (chunked) {
                while (true) {
                    int size = chunkSize();
                    if (size == 0) {
                        skipTrailers();
                        break;
                    }
                    content.write(readExactly(size));
                    crlf();
                }
            } else {
                content.write(readExactly(contentLength < 0 ? 0 : (int) contentLength));
            }
            return new Reply(status, content.toByteArray());
        }

        /**
         * Sends the API's streaming request and reads the SSE reply as it comes; for every event carrying a
         * stamp, adds receive time − stamp to {@code delays}. Returns how many stamped events came.
         */
        int stream(Samples delays) throws IOException {
            send(api.streamRequest, "text/event-stream");
            int status = readHead();
            if (status != 200 || !chunked) {
                throw new IllegalStateException("a stream answered HTTP " + status + (chunked ? "" : " unchunked"));
            }
            int seen = 0;
            var pending = new StringBuilder();
            while (true) {
                int size = chunkSize();
                if (size == 0) {
                    skipTrailers();
                    return seen;
                }
                var data = readExactly(size);
                long received = System.nanoTime();
                crlf();
                pending.append(new String(data, StandardCharsets.UTF_8));
                int end;
                while ((end = pending.indexOf("\n\n")) >= 0) {
                    long stamp = stampOf(pending, end, api);
                    if (stamp != Long.MIN_VALUE) {
                        delays.add(received - stamp);
                        seen++;
                    }
                    pending.delete(0, end + 2);
                }
            }
        }

        /**
         * The mock's nanoTime in the event's text: Chat's {@code "content"}, or the {@code "text"} of a Messages
         * {@code content_block_delta} (the gateway converts one into the other); MIN_VALUE when the event has none.
         */
        static long stampOf(CharSequence event, int end, Api api) {
            var text = event.subSequence(0, end).toString();
            if (api.stampEvent != null && !text.contains(api.stampEvent)) {
                return Long.MIN_VALUE;
            }
            int at = text.indexOf(api.stampField);
            if (at < 0) {
                return Long.MIN_VALUE;
            }
            int from = at + api.stampField.length();
            int to = text.indexOf('"', from);
            try {
                return Long.parseLong(text.substring(from, to));
            } catch (RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }

        private void send(byte[] body, String accept) throws IOException {
            var rest = (body.length + "\r\nAccept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            var request = new byte[head.length + rest.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(rest, 0, request, head.length, rest.length);
            System.arraycopy(body, 0, request, head.length + rest.length, body.length);
            out.write(request);
            out.flush();
        }

        private long contentLength;
        private boolean chunked;

        private int readHead() throws IOException {
            var status = line();
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 response: " + status);
            }
            contentLength = -1;
            chunked = false;
            String h;
            while (!(h = line()).isEmpty()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                var name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                var value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    throw new IOException("the server closes the connection; keep-alive is needed for a fair run");
                }
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private int chunkSize() throws IOException {
            var l = line();
            int semi = l.indexOf(';');
            return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
        }

        private void skipTrailers() throws IOException {
            while (!line().isEmpty()) {
                // trailers carry nothing we need
            }
        }

        private void crlf() throws IOException {
            if (!line().isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }

        private byte[] readExactly(int n) throws IOException {
            var bytes = in.readNBytes(n);
            if (bytes.length != n) {
                throw new IOException("the connection closed mid-body");
            }
            return bytes;
        }

        /** One CRLF-terminated line, without it; at most 64 KiB. */
        private String line() throws IOException {
            var sb = new StringBuilder(64);
            for (int i = 0; i < 65536; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) b);
            }
            throw new IOException("a header line longer than 64 KiB");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
