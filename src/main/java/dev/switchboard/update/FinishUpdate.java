package dev.switchboard.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finishes a staged update once the Switchboard that staged it has exited, then starts the new version. Windows
 * does not let anyone rename a file that a running program opened without sharing it for deletion, and a JVM holds
 * its own jar (and a jpackage launcher its runtime) so for as long as it runs: there, the old version stages the
 * update ({@link Updater#stagePending()}), starts this in a JVM of its own from a copy of its jar kept in
 * {@code updates/}, and exits; this waits for it to be gone, renames the staged files into place
 * ({@link StagedUpdate#finish()}) and starts the same command line again, now the new version.
 *
 * <pre>java -cp updates/finisher.jar dev.switchboard.update.FinishUpdate PID ARCHIVE VERSION [STAGED TARGET]... -- COMMAND...</pre>
 *
 * If the files cannot be put in place, it says so and starts the old version again: the archive stays, and the next
 * start tries once more.
 */
public final class FinishUpdate {
    /** A file the exited process held may stay locked a moment (an antivirus scan): how long to keep trying. */
    private static final long RENAME_PATIENCE_MILLIS = 20_000;
    private static final String JPACKAGE_MARK = "_JPACKAGE_LAUNCHER";

    private FinishUpdate() {
    }

    /** The helper's command line for {@code staged}, run by {@code java} with {@code finisherJar} as its class path. */
    public static List<String> command(Path java, Path finisherJar, long parentPid, StagedUpdate staged,
                                       List<String> relaunch) {
        var command = new ArrayList<>(List.of(java.toString(), "-cp", finisherJar.toString(),
                FinishUpdate.class.getName(), Long.toString(parentPid), staged.archive().toString(),
                staged.version()));
        for (var move : staged.moves()) {
            command.add(move.staged().toString());
            command.add(move.target().toString());
        }
        command.add("--");
        command.addAll(relaunch);
        return command;
    }

    public static void main(String[] args) throws InterruptedException {
        int dashes = Arrays.asList(args).indexOf("--");
        if (args.length < 3 || dashes < 3 || (dashes - 3) % 2 != 0 || dashes == args.length - 1) {
            System.err.println("usage: FinishUpdate PID ARCHIVE VERSION [STAGED TARGET]... -- COMMAND...");
            System.exit(2);
        }
        long parent = Long.parseLong(args[0]);
        var moves = new ArrayList<StagedUpdate.Move>();
        for (int i = 3; i < dashes; i += 2) {
            moves.add(new StagedUpdate.Move(Path.of(args[i]), Path.of(args[i + 1])));
        }
        var staged = new StagedUpdate(args[2], Path.of(args[1]), moves, null);
        var relaunch = List.of(args).subList(dashes + 1, args.length);

        awaitExit(parent);
        try {
            finishPatiently(staged);
        } catch (IOException e) {
            System.err.println("error: Could not put Switchboard " + staged.version() + " in place (" + e.getMessage()
                    + "); it waits in " + staged.archive() + " and the next start tries again. Starting the"
                    + " installed version.");
        }
        try {
            var builder = new ProcessBuilder(relaunch).inheritIO();
            builder.environment().remove(JPACKAGE_MARK); // see StartupUpdate.relaunchBuilder
            builder.start();
            // Not waited for: the new version is the program now, and this JVM would only sit beside it.
        } catch (IOException e) {
            System.err.println("error: Switchboard " + staged.version() + " is installed but could not be started ("
                    + e.getMessage() + "). Start it again.");
            System.exit(1);
        }
        System.exit(0);
    }

    private static void awaitExit(long pid) throws InterruptedException {
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        try {
            handle.get().onExit().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // It should be gone within moments; if it is not, the renames below say what holds the files.
        }
    }

    private static void finishPatiently(StagedUpdate staged) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RENAME_PATIENCE_MILLIS);
        long pause = 50;
        while (true) {
            try {
                staged.finish();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || staged.moves().stream().anyMatch(m -> !Files.exists(m.staged())
                        && !Files.exists(m.target()))) {
                    throw e;
                }
                Thread.sleep(pause); // a lock held by another program: nothing to wait on but time
                pause = Math.min(pause * 2, 1000);
            }
        }
    }
}
