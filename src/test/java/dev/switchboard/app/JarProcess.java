package dev.switchboard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The packaged jar running as a separate OS process, as a person or a script runs it: what it prints is collected as
 * it comes (so it never blocks on a full pipe), a test can wait for a line, and the process can be killed with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux), which gives it no chance to close or checkpoint anything.
 */
final class JarProcess {
    /** Short-lived JVMs on a small machine: C1 only and the serial collector start faster and use less CPU. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final List<Waiter> waiters = new ArrayList<>();
    private final CompletableFuture<String> drained = new CompletableFuture<>();
    private boolean ended;

    private record Waiter(Pattern pattern, CompletableFuture<String> line) {
    }

    private JarProcess(Process process) {
        this.process = process;
        var reader = new Thread(this::read, "jar-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code java -jar JAR ARGS…} in {@code workDir}, with {@code stdin} written to its standard input and closed. */
    static JarProcess start(Path jar, Path workDir, String stdin, List<String> args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            var p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // it may already be gone (killed at launch); what it printed says why
            }
            return new JarProcess(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no checkpoint, no close. Harmless when the process has already ended. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM: the shutdown hook runs (the gateway stops and checkpoints). */
    void stop() {
        process.destroy();
    }

    /** Completes when the process has ended and everything it printed has been read; gives its exit code. */
    CompletableFuture<Integer> exit() {
        return process.onExit().thenCombine(drained, (p, out) -> p.exitValue());
    }

    int awaitExit(Duration limit) throws Exception {
        return exit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first line, from the beginning of its output, that {@code pattern} finds; null when it ends without one. */
    CompletableFuture<String> line(Pattern pattern) {
        synchronized (this) {
            for (var l : output.toString().split("\n", -1)) {
                if (pattern.matcher(l).find()) {
                    return CompletableFuture.completedFuture(l);
                }
            }
            if (ended) {
                return CompletableFuture.completedFuture(null);
            }
            var waiter = new Waiter(pattern, new CompletableFuture<>());
            waiters.add(waiter);
            return waiter.line();
        }
    }

    synchronized String output() {
        return output.toString();
    }

    /**
     * Whether the process has {@code fileName} (in any folder) open right now, from {@code /proc/PID/fd}: how a
     * test knows that a CLI run has reached its database without asking it. False where there is no {@code /proc}.
     */
    boolean holdsOpen(String fileName) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    var target = Files.readSymbolicLink(fd).getFileName();
                    return target != null && target.toString().equals(fileName);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false; // gone, or no /proc here
        }
    }

    static boolean canSeeOpenFiles() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /**
     * Returns once the process holds {@code fileName} open, or has ended (then false). Polls {@code /proc}, which
     * offers no notification; the pause between looks only keeps the poll from taking a core from the process it
     * watches, and is not what the test waits for.
     */
    boolean awaitOpen(String fileName) {
        while (process.isAlive()) {
            if (holdsOpen(fileName)) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return false;
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                List<Waiter> matched = new ArrayList<>();
                synchronized (this) {
                    output.append(l).append('\n');
                    for (var it = waiters.iterator(); it.hasNext(); ) {
                        var w = it.next();
                        if (w.pattern().matcher(l).find()) {
                            matched.add(w);
                            it.remove();
                        }
                    }
                }
                for (var w : matched) {
                    w.line().complete(l);
                }
            }
        } catch (IOException e) {
            // the pipe broke with the process: what was read is all there is
        } finally {
            List<Waiter> left;
            synchronized (this) {
                ended = true;
                left = List.copyOf(waiters);
                waiters.clear();
            }
            left.forEach(w -> w.line().complete(null));
            drained.complete(output());
        }
    }
}
