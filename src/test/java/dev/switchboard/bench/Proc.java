package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark does with any process it starts, the gateway, a peer (a node process) or a cold start: read
 * its memory and CPU from Linux's /proc, and stop it. The readings answer -1 where /proc is not there (not Linux)
 * or the process has gone, so a row shows "n/a" rather than failing the run.
 */
final class Proc {
    private Proc() {
    }

    /** The process's resident set (VmRSS) in kB, or -1. */
    static long rssKb(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /**
     * The process's CPU time so far, all its threads (user + system, from /proc/PID/stat in clock ticks, taken as
     * the usual 100 per second), in ns; or -1.
     */
    static long cpuNanos(long pid) {
        try {
            return cpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User + system time from a /proc stat file (process or thread), in ns. */
    static long cpuNanos(Path stat) throws IOException {
        var text = Files.readString(stat);
        // Fields after the command name, which is in parentheses and may hold spaces.
        var f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
        return ticks * 10_000_000L;
    }

    /**
     * SIGTERM (the gateway checkpoints its database, a node server closes its sockets), then SIGKILL if it has not
     * gone within 10 s. Returns once it has exited, so the next start on the same data folder or port is clean.
     */
    static void stop(Process process) {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The process listening on 127.0.0.1:{@code port} (from /proc/net/tcp{,6} and the owners of the socket's inode),
     * if it can be found. A gateway that starts itself again in a second JVM (with options of its own) listens in
     * that one, not in the process the benchmark launched; its memory and CPU are the ones to measure, and it must
     * be stopped too.
     */
    static OptionalLong listenerPid(int port) {
        var inodes = new HashSet<String>();
        for (var table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (var line : Files.readAllLines(Path.of(table))) {
                    var f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
                            && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no IPv6 table, or not Linux
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        for (long pid : pids()) {
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (var fd : (Iterable<Path>) fds::iterator) {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        return OptionalLong.of(pid);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // gone meanwhile, or not ours to read
            }
        }
        return OptionalLong.empty();
    }

    /** The processes running now (the numeric entries of /proc); none where there is no /proc. */
    static List<Long> pids() {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf)
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // not Linux
        }
    }

    /** A process's command line, an element per argument; empty when it is gone or not ours to read. */
    static List<String> commandLine(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The JVM options a Java process runs with (its command line up to {@code -jar} or {@code -cp}), or "". */
    static String jvmOptions(long pid) {
        var args = commandLine(pid);
        var out = new StringBuilder();
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("-jar") || args.get(i).equals("-cp") || args.get(i).equals("-classpath")) {
                break;
            }
            out.append(out.length() == 0 ? "" : " ").append(args.get(i));
        }
        return out.toString();
    }

    /** Stops a process that the benchmark did not launch itself (a second JVM its launch started), by pid. */
    static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }
}
