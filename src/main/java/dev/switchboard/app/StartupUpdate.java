package dev.switchboard.app;

import dev.switchboard.update.FinishUpdate;
import dev.switchboard.update.StagedUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * At start, before anything opens the database: installs a downloaded update (see
 * {@link dev.switchboard.update.Updater#installPending()}) and runs the new version in this one's place with the
 * same command line, so that "update, then start" is one step for the person. Any failure is told and this
 * version simply carries on.
 */
final class StartupUpdate {
    private static final System.Logger LOG = System.getLogger(StartupUpdate.class.getName());

    private StartupUpdate() {
    }

    /** The exit code of the new version when one was installed and run; empty to carry on with this one. */
    static OptionalInt installAndRelaunch(Env env, String[] args) {
        if (env.jarFolder() == null) {
            return OptionalInt.empty(); // running from classes: nothing to replace
        }
        DataFolder folder;
        try {
            folder = DataFolder.locate(dataDirOption(args), env.variables(), env.homeFolder(),
                    env.userDataDir());
        } catch (RuntimeException e) {
            return OptionalInt.empty(); // the command itself reports an unusable data folder
        }
        if (!Files.isDirectory(folder.path().resolve("updates"))) {
            return OptionalInt.empty(); // the usual start: costs one stat
        }
        var updates = folder.path().resolve("updates");
        deleteQuietly(updates.resolve(FINISHER)); // left by an update finished after this one's last exit
        try {
            var updater = UpdateCommand.updater(folder.path(), env.jarFolder(), null, env.clock());
            var staged = updater.stagePending();
            if (staged.isEmpty()) {
                return OptionalInt.empty();
            }
            if (finishesAfterExit()) {
                return finishAfterExit(env, args, updates, staged.get());
            }
            try {
                staged.get().finish();
            } catch (IOException e) {
                env.err().println("note: Could not install Switchboard " + staged.get().version() + " ("
                        + e.getMessage() + "); it waits in " + staged.get().archive() + " for the next start."
                        + " Carrying on with " + Version.current() + ".");
                env.err().flush();
                return OptionalInt.empty();
            }
            if (staged.get().runtimeHome() != null) {
                // This JVM's runtime folder now holds the new runtime (the old one was set aside). Start the new
                // version without the runtime's process-spawning helper (jspawnhelper), which would now be the new
                // runtime's, not this JVM's own: a plain fork needs none.
                System.setProperty("jdk.lang.Process.launchMechanism", "FORK");
            }
            env.err().println("note: Updated Switchboard " + Version.current() + " to " + staged.get().version()
                    + "; the database was backed up beside it first. Starting the new version.");
            env.err().flush();
        } catch (dev.switchboard.update.UpdateException | RuntimeException e) {
            env.err().println("note: " + e.getMessage());
            env.err().flush();
            return OptionalInt.empty();
        }
        return relaunch(env, args);
    }

    /** The copy of this jar that {@link FinishUpdate} runs from, in {@code updates/}. */
    static final String FINISHER = "finisher.jar";
    /** For tests on other systems: finish as on Windows. A test seam, not a setting. */
    static final String FINISH_AFTER_EXIT_PROPERTY = "switchboard.test.finish-after-exit";

    /**
     * Whether the staged files are put in place by a helper after this process has exited, rather than by this
     * process: on Windows, where this JVM's own jar (and the launcher's runtime) cannot be renamed while it runs.
     * Elsewhere a rename over a running jar is fine, and this process stays the parent of the new version (a service
     * manager keeps its process; the exit code is the new version's).
     */
    static boolean finishesAfterExit() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
                || Boolean.getBoolean(FINISH_AFTER_EXIT_PROPERTY);
    }

    /**
     * Starts {@link FinishUpdate} from a copy of this jar (the jar itself must be free to be replaced) with this
     * JVM's {@code java}, and lets this process end: the helper waits for that, renames the staged files and starts
     * this command line again. The exit code is this process's, 0; the new version's output follows on the same
     * console.
     */
    private static OptionalInt finishAfterExit(Env env, String[] args, Path updates, StagedUpdate staged) {
        try {
            var finisher = Files.copy(env.jarFolder().resolve("switchboard.jar"), updates.resolve(FINISHER),
                    StandardCopyOption.REPLACE_EXISTING);
            // The running runtime, unless the update replaces it: then the new one, as staged.
            var home = staged.runtimeHome() != null ? staged.runtimeHome() : Path.of(System.getProperty("java.home"));
            var java = home.resolve("bin").resolve(finishesOnWindows() ? "java.exe" : "java");
            var command = FinishUpdate.command(java, finisher, ProcessHandle.current().pid(), staged,
                    commandLine(env, args));
            var builder = new ProcessBuilder(command).inheritIO();
            builder.environment().remove(JPACKAGE_MARK);
            builder.start();
        } catch (IOException e) {
            env.err().println("note: Could not start the update to " + staged.version() + " (" + e.getMessage()
                    + "); it waits for the next start. Carrying on with " + Version.current() + ".");
            env.err().flush();
            return OptionalInt.empty();
        }
        env.err().println("note: Updating Switchboard " + Version.current() + " to " + staged.version()
                + "; the database was backed up beside it first. The new version starts in a moment.");
        env.err().flush();
        return OptionalInt.of(Main.OK);
    }

    private static boolean finishesOnWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot delete " + file + " yet: " + e.getMessage());
        }
    }

    /** Runs the same command line again (now starting the new jar), passing its exit code on. */
    private static OptionalInt relaunch(Env env, String[] args) {
        try {
            var child = relaunchBuilder(env, args).inheritIO().start();
            // Stopping this process (a service manager's SIGTERM) stops the new version too.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (child.isAlive()) {
                    child.destroy();
                    try {
                        child.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "switchboard-relaunch-stop"));
            return OptionalInt.of(child.waitFor());
        } catch (IOException e) {
            env.err().println("error: The update is installed, but the new version could not be started ("
                    + e.getMessage() + "). Start Switchboard again.");
            return OptionalInt.of(Main.FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(Main.FAILURE);
        }
    }

    /**
     * Starts this Switchboard again, see {@link #commandLine}. The jpackage launcher marks the JVM it starts with
     * {@value #JPACKAGE_MARK} so that it can tell its own re-execution; a launcher started from here would inherit
     * the mark and behave as plain {@code java} (skipping its configuration: {@code --version} would print
     * Java's), so the child does not get it.
     */
    static ProcessBuilder relaunchBuilder(Env env, String[] args) {
        return childOf(commandLine(env, args));
    }

    /** A process for {@code command} that starts Switchboard again: without the launcher's mark (see above). */
    static ProcessBuilder childOf(List<String> command) {
        var builder = new ProcessBuilder(command);
        builder.environment().remove(JPACKAGE_MARK);
        return builder;
    }

    static final String JPACKAGE_MARK = "_JPACKAGE_LAUNCHER";

    /**
     * The packaged launcher when there is one (jpackage names it in {@code jpackage.app-path}; it adds its own
     * Java options), else this process's own command line as the OS reports it, else {@code java -jar}.
     */
    static List<String> commandLine(Env env, String[] args) {
        var command = new ArrayList<String>();
        var launcher = System.getProperty("jpackage.app-path");
        var info = ProcessHandle.current().info();
        if (launcher != null && !launcher.isBlank()) {
            command.add(launcher);
            command.addAll(List.of(args));
        } else if (info.command().isPresent() && info.arguments().isPresent()) {
            command.add(info.command().get());
            command.addAll(List.of(info.arguments().get()));
        } else {
            LOG.log(System.Logger.Level.DEBUG, "The OS did not report this command line; using java -jar");
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
            command.add(env.jarFolder().resolve("switchboard.jar").toString());
            command.addAll(List.of(args));
        }
        return command;
    }

    /** {@code --data-dir DIR} or {@code --data-dir=DIR} anywhere on the command line (it is inherited by commands). */
    static String dataDirOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--data-dir=")) {
                return args[i].substring("--data-dir=".length());
            }
        }
        return null;
    }
}
