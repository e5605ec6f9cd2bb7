package dev.switchboard.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The window and tray, double-clicked as a jar, run in a JVM started with the options the packaged app uses.
 *
 * <p>Why: a jar cannot carry JVM options, and {@code java -jar} with none sizes the JVM for the machine, not for a
 * tray utility. On a 24 GB machine that is G1 with a 384 MB starting heap growing to 6 GB: 250 to 520 MB resident
 * after a burst of traffic, where the same gateway with a small serial heap stays under 200 MB at the same speed
 * (docs/BENCHMARKS.md, issue 14). So the desktop start, and only it, starts this jar again with {@link #OPTIONS}
 * and a class-data archive (AppCDS, which makes later starts faster), and the first process ends at once: the
 * second one is the app. The archive is written by the JVM when the app quits for the first time, in the data
 * folder's {@code cache/} (it belongs to this jar and this Java: their identity is in its name), and used from
 * then on.
 *
 * <p>Not relaunched, because the process is the app's only one and must stay so: every CLI command; {@code serve
 * --headless} and any start without a display (a terminal's Ctrl+C and a service manager's stop reach the process
 * they started; servers set their own options, see README); the packaged app (its launcher sets these options
 * itself); a JVM given its own heap or collector options (the person's choice wins); and
 * {@code SWITCHBOARD_TUNED_LAUNCH=0}. If the second JVM cannot be started, this one carries on as before.
 */
final class TunedLaunch {
    /** What the second JVM is given: the app-image's options too (installer/README.md). Kept in step by a test. */
    static final List<String> OPTIONS = List.of(
            // One collector thread and no concurrent phases: a gateway's live set is tens of MB, so its pauses are
            // a millisecond or two, and nothing in the app needs G1's concurrent marking.
            "-XX:+UseSerialGC",
            // Starts small and grows only as far as the work needs; the ceiling covers two requests at the 32 MB
            // body limit being converted at once (each held as bytes, a JSON tree and the converted copy).
            "-Xms32m", "-Xmx512m",
            // Give memory back after a full collection (IdleHeap runs one after a burst) down to 30 % free.
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
    /** Set on the second JVM, so that it knows it is the tuned one (and the restart after an update keeps it). */
    static final String MARK = "switchboard.launch";
    static final String OFF_VARIABLE = "SWITCHBOARD_TUNED_LAUNCH";

    /** The options a desktop start may carry besides the root options that take a value. */
    private static final Set<String> FLAGS = Set.of("-v", "--verbose");

    private TunedLaunch() {
    }

    /**
     * Starts the tuned JVM for a desktop start and returns 0 for this one to exit with; empty to carry on here.
     */
    static OptionalInt relaunch(Env env, String[] args) {
        if (!wanted(env, args, System.getProperties().stringPropertyNames(), jvmOptions())) {
            return OptionalInt.empty();
        }
        try {
            StartupUpdate.childOf(command(env, args)).inheritIO().start();
            return OptionalInt.of(Main.OK);
        } catch (IOException | RuntimeException e) {
            env.err().println("note: could not start Switchboard with its own JVM options (" + e.getMessage()
                    + "); carrying on with the defaults.");
            return OptionalInt.empty();
        }
    }

    /** Whether this start should run in a tuned JVM: see the class comment for each reason it should not. */
    static boolean wanted(Env env, String[] args, Set<String> properties, List<String> jvmOptions) {
        if (env.jarFolder() == null || properties.contains(MARK) || properties.contains("jpackage.app-path")
                || "0".equals(env.variables().get(OFF_VARIABLE))) {
            return false;
        }
        for (var o : jvmOptions) {
            if (o.startsWith("-Xmx") || o.startsWith("-Xms") || o.startsWith("-XX:MaxRAM")
                    || o.matches("-XX:[+-]Use\\w*GC") || o.startsWith("-XX:SharedArchiveFile")) {
                return false;
            }
        }
        return desktopStart(args) && hasDisplay(env.variables());
    }

    /** Only root options (no command, or {@code serve}), and not {@code --headless}, {@code --help}, {@code -V}. */
    static boolean desktopStart(String[] args) {
        var options = Main.gatewayStartOptions(args);
        return options != null && FLAGS.containsAll(options); // --headless, --help, --version, anything unknown: no
    }

    /**
     * Whether a window could open, without starting AWT (which costs this short-lived JVM a quarter of a second):
     * Windows and macOS always have a desktop session when double-clicked; elsewhere an X or Wayland display.
     */
    static boolean hasDisplay(Map<String, String> variables) {
        var os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return true;
        }
        return notBlank(variables.get("DISPLAY")) || notBlank(variables.get("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The second JVM's command line: this Java, {@link #OPTIONS}, the archive, this JVM's own options, the jar. */
    static List<String> command(Env env, String[] args) {
        var command = new ArrayList<String>();
        // javaw when double-clicked on Windows: the second JVM must not open a console either
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(OPTIONS);
        var jar = env.jarFolder().resolve(jarName());
        command.addAll(archiveOptions(env, args, jar));
        command.add("-D" + MARK + "=tuned");
        command.addAll(jvmOptions()); // -D and --add-opens the person gave, kept
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The jar this class came from: the person may have renamed it (switchboard-1.2.0.jar). */
    private static String jarName() {
        var path = DataFolder.jarPathOf(TunedLaunch.class);
        return path == null ? "switchboard.jar" : path.getFileName().toString();
    }

    /**
     * Use the archive when it exists, else have the JVM write it when the app quits. Other archives in the folder
     * (an older jar's, another Java's) are removed when a new one is due. None when the data folder is unusable.
     */
    static List<String> archiveOptions(Env env, String[] args, Path jar) {
        try {
            var folder = DataFolder.locate(StartupUpdate.dataDirOption(args), env.variables(), env.homeFolder(),
                    env.userDataDir()).path().resolve("cache");
            var archive = folder.resolve("switchboard-" + archiveKey(jar) + ".jsa");
            // JDK 17 says "[warning][cds]" on stdout when an archive no longer matches; it then runs without one
            var quiet = "-Xlog:cds=off,cds+dynamic=off";
            if (Files.isRegularFile(archive)) {
                return List.of("-XX:SharedArchiveFile=" + archive, quiet);
            }
            // Java 17 refuses to start when asked to record without the JDK's own archive (a JDK installed without
            // classes.jsa, or started with -Xshare:off): this JVM, the same Java, shows whether it has one.
            if (!PackagedArchive.thisJvmShares()) {
                return List.of();
            }
            Files.createDirectories(folder);
            try (var old = Files.newDirectoryStream(folder, "switchboard-*.jsa")) {
                for (var f : old) {
                    Files.deleteIfExists(f);
                }
            }
            return List.of("-XX:ArchiveClassesAtExit=" + archive, quiet);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** This jar (path, size, time) and this Java: an archive made for any other would be refused by the JVM. */
    static String archiveKey(Path jar) throws IOException {
        var identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                + "|" + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This JVM's own options as given ({@code -D…}, {@code --add-opens …}): what comes before {@code -jar} on its
     * command line as the OS reports it. Read from the OS rather than the management beans, which would cost this
     * short-lived JVM a tenth of a second to load; empty where the OS does not say (double-clicked, there are none).
     */
    static List<String> jvmOptions() {
        var arguments = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        int jar = arguments.indexOf("-jar");
        return jar < 0 ? List.of() : arguments.subList(0, jar);
    }
}
