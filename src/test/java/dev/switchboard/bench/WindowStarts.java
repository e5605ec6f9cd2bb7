package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Start to the window visible: the wall time from launching {@code java -jar switchboard.jar} as a double-click
 * does (no command, so the window and the tray) to the X server reporting Switchboard's main window mapped and
 * viewable. It counts everything a person waits for: a relaunch in a tuned JVM, opening the data folder, starting
 * the gateway, building the window and mapping it.
 *
 * <p>The window is seen from outside, with {@code xwininfo} and {@code xprop} (Debian's {@code x11-utils}): a
 * top-level window whose class is {@code Switchboard}, at least 100 pixels wide (the tray's popup is smaller),
 * viewable, and made by a process of this start ({@code _NET_WM_PID}, which AWT sets, names a process whose
 * command line has this start's {@code --port}), so that a window left open by anything else never counts. The
 * double-clicked JVM starts the app again in a tuned JVM and exits, so the window's process is no descendant of
 * the launched one: it is found, and stopped, by its command line. Without a display or without these tools the row says so instead
 * of guessing. X11 only: on Wayland the X server sees no native windows.
 */
final class WindowStarts {
    /** A tree line of {@code xwininfo -root -tree}: the id, then {@code "title": ("name" "class")}. */
    private static final Pattern OURS = Pattern.compile("^\\s*(0x[0-9a-f]+) \"[^\"]*\": \\(\"[^\"]*\" \"Switchboard\"\\)",
            Pattern.MULTILINE);
    private static final Pattern WIDTH = Pattern.compile("^\\s*Width: (\\d+)", Pattern.MULTILINE);
    private static final Pattern PID = Pattern.compile("_NET_WM_PID\\(CARDINAL\\) = (\\d+)");
    /** Each poll runs xwininfo: a few ms of CPU, so not more often than this. */
    private static final long POLL_MILLIS = 20;

    private WindowStarts() {
    }

    /** Why the row cannot be measured here, or null when it can. */
    static String unavailable() {
        var display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            return "not measured: no display (DISPLAY is unset; run under xvfb-run to include it)";
        }
        try {
            var p = new ProcessBuilder("xwininfo", "-root").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return "not measured: xwininfo cannot read the display " + display;
            }
            new ProcessBuilder("xprop", "-version").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            return "not measured: xwininfo or xprop not found (Debian: apt install x11-utils)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not measured: interrupted";
        }
        return null;
    }

    /**
     * One cold desktop start on {@code dataDir}, listening on a free port; returns the ns from just before the
     * launch to the window viewable. Stops the app (and any JVM it started in its place) and waits for it to exit.
     */
    static long once(Path jar, List<String> javaOptions, Path dataDir, Path log, List<Process> started)
            throws Exception {
        int port = Starts.freePort();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port)));
        long t0 = System.nanoTime();
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        started.add(process);
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (!viewable(port)) {
                if (!process.isAlive() && process.exitValue() != 0) {
                    throw new IllegalStateException("exited with " + process.exitValue() + " before its window showed ("
                            + log + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no window within 60 s (" + log + ")");
                }
                Thread.sleep(POLL_MILLIS);
            }
            return System.nanoTime() - t0;
        } finally {
            Proc.stop(process);
            ofThisStart(port).forEach(Proc::stop); // the tuned JVM it handed over to, an orphan by now
        }
    }

    /** Whether a window of class Switchboard, wider than 100 pixels, made by a process of this start, is viewable. */
    private static boolean viewable(int port) throws IOException, InterruptedException {
        var tree = run("xwininfo", "-root", "-tree");
        var m = OURS.matcher(tree);
        while (m.find()) {
            var info = run("xwininfo", "-id", m.group(1));
            var w = WIDTH.matcher(info);
            if (info.contains("Map State: IsViewable") && w.find() && Integer.parseInt(w.group(1)) > 100
                    && ours(port, run("xprop", "-id", m.group(1), "_NET_WM_PID"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean ours(int port, String xprop) {
        var m = PID.matcher(xprop);
        return m.find() && ofThisStart(port).contains(Long.parseLong(m.group(1)));
    }

    /** The processes whose command line has {@code --port <port>}: the ports are fresh for every start. */
    private static List<Long> ofThisStart(int port) {
        return Proc.pids().stream().filter(pid -> {
            var args = Proc.commandLine(pid);
            int at = args.indexOf("--port");
            return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(Integer.toString(port));
        }).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Creates the log file the starts append to. */
    static Path log(Path temp) throws IOException {
        return Files.createFile(temp.resolve("window-starts.log"));
    }
}
