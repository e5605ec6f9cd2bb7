package dev.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A scrape read by real Prometheus parsers, not by our own: {@code promtool check metrics} (Prometheus's own tool:
 * its Go text-format parser and its metric-naming lint) must accept the text as it is, and the Prometheus project's
 * Python parser ({@code prometheus_client.parser}) reads the samples out of it for the assertions.
 *
 * <p>Both come from Debian: {@code .ci/run} unpacks promtool from the {@code prometheus} package into
 * {@code target/promtool} and installs {@code python3-prometheus-client}. On a machine without them the tests that
 * need them are skipped, unless {@code SWITCHBOARD_REQUIRE_PROMTOOL=1} (CI sets it), which makes them fail instead.
 */
public final class PrometheusText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUIRE = "SWITCHBOARD_REQUIRE_PROMTOOL";
    /** The tools found, looked for once per test run. */
    private static Path promtool;
    private static String python;

    /** One sample: a series' name (with {@code _total}, {@code _bucket}, …), its labels and value. */
    public record Sample(String family, String type, String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private PrometheusText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** Checks {@code text} with promtool, then parses it; fails the test when either refuses it. */
    public static PrometheusText parse(String text) {
        var checker = promtool();
        var interpreter = python();
        try {
            var in = Files.createTempFile("scrape", ".txt");
            try {
                Files.writeString(in, text, StandardCharsets.UTF_8);
                var checked = run(in, checker.toString(), "check", "metrics");
                if (checked.code() != 0) {
                    fail("promtool check metrics refused the scrape (exit " + checked.code() + "):\n" + checked.out()
                            + checked.err() + "\n--- the scrape:\n" + text);
                }
                var parsed = run(in, interpreter, script().toString());
                if (parsed.code() != 0) {
                    fail("prometheus_client's parser refused the scrape:\n" + parsed.err() + "\n--- the scrape:\n"
                            + text);
                }
                var out = new ArrayList<Sample>();
                for (var s : JSON.readTree(parsed.out())) {
                    var labels = new LinkedHashMap<String, String>();
                    s.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
                    out.add(new Sample(s.path("family").asText(), s.path("type").asText(), s.path("name").asText(),
                            Map.copyOf(labels), number(s.path("value"))));
                }
                return new PrometheusText(text, List.copyOf(out));
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of series {@code name} whose labels include every {@code label, value} pair given. */
    public List<Sample> all(String name, String... labelPairs) {
        var want = pairs(labelPairs);
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> want.entrySet().stream().allMatch(w -> w.getValue().equals(s.labels().get(w.getKey()))))
                .toList();
    }

    /** The one sample of {@code name} with these labels, if there is one; fails when there are several. */
    public Optional<Sample> find(String name, String... labelPairs) {
        var found = all(name, labelPairs);
        if (found.size() > 1) {
            fail("several samples of " + name + " match " + List.of(labelPairs) + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** The value of the one sample of {@code name} with these labels; fails when there is none. */
    public double value(String name, String... labelPairs) {
        return find(name, labelPairs).orElseThrow(() -> new AssertionError("no sample " + name + " "
                + List.of(labelPairs) + " in:\n" + text)).value();
    }

    /** The type the exposition declares for the family of series {@code name}. */
    public String type(String name) {
        var found = samples.stream().filter(s -> s.name().equals(name)).map(Sample::type).distinct().toList();
        assertEquals(1, found.size(), () -> "the type of " + name + ": " + found);
        return found.get(0);
    }

    /** Whether any sample belongs to the family {@code family} (its name without {@code _total}, {@code _bucket}, …). */
    public boolean hasFamily(String family) {
        return samples.stream().anyMatch(s -> s.family().equals(family));
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        var want = new LinkedHashMap<String, String>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            want.put(labelPairs[i], labelPairs[i + 1]);
        }
        return want;
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText().replace("inf", "Infinity"));
    }

    // ---- the tools

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path stdin, String... command) throws IOException, InterruptedException {
        var out = Files.createTempFile("tool", ".out");
        var err = Files.createTempFile("tool", ".err");
        try {
            var process = new ProcessBuilder(command).redirectInput(stdin.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(command[0] + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** On the PATH, or where {@code .ci/run} unpacks it. */
    private static synchronized Path promtool() {
        if (promtool == null) {
            promtool = findPromtool();
        }
        return promtool;
    }

    private static Path findPromtool() {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            var p = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        var unpacked = Path.of("target", "promtool", "usr", "bin", "promtool").toAbsolutePath();
        if (Files.isExecutable(unpacked)) {
            return unpacked;
        }
        missing("promtool (Debian's prometheus package; .ci/run unpacks it into target/promtool)");
        return null;
    }

    /** A Python that can import the parser: Debian's (the package installs for it), else the first on the PATH. */
    private static synchronized String python() {
        if (python == null) {
            python = findPython();
        }
        return python;
    }

    private static String findPython() {
        for (var candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                var p = new ProcessBuilder(candidate, "-c", "import prometheus_client.parser")
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        missing("python3 with prometheus_client (Debian: apt-get install python3-prometheus-client)");
        return null;
    }

    private static Path script() {
        try {
            return Path.of(PrometheusText.class.getResource("/metrics/exposition_to_json.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips the test, or fails it where the tools are required; never returns. */
    private static void missing(String what) {
        if ("1".equals(System.getenv(REQUIRE))) {
            fail(REQUIRE + "=1, but this machine has no " + what + ".");
        }
        Assumptions.abort("no " + what + " here: skipped (" + REQUIRE + "=1 makes this a failure)");
    }
}
