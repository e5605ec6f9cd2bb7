package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
