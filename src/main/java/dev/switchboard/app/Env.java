package dev.switchboard.app;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a run of Switchboard gets from the outside world, passed in so tests can run the CLI in-process with
 * their own streams, environment and folders.
 *
 * @param jarFolder   folder of the running jar (the one an update replaces), or null when running from classes
 * @param homeFolder  the default data folder: the jar's folder, or the app-image root when run by the packaged
 *                    launcher (see {@link DataFolder#homeFolder}); null when running from classes
 * @param userDataDir the fallback data folder when the wanted one is not writable
 * @param secrets     asks for a key at the terminal without echo ({@code --key -}), or answers null
 * @param command     how the person started Switchboard ({@code java -jar switchboard.jar}, the launcher's path,
 *                    or {@code switchboard}), for hints that name a command they can paste
 */
public record Env(
        Map<String, String> variables,
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Path jarFolder,
        Path homeFolder,
        Path userDataDir,
        Clock clock,
        SecretPrompt secrets,
        String command) {

    /** Without a terminal to ask for secrets at: keys come from standard input. */
    public Env(Map<String, String> variables, PrintWriter out, PrintWriter err, InputStream in, Path jarFolder,
            Path homeFolder, Path userDataDir, Clock clock) {
        this(variables, out, err, in, jarFolder, homeFolder, userDataDir, clock, SecretPrompt.NONE, "switchboard");
    }

    /** Not packaged: the data folder defaults to the jar's folder. */
    public Env(Map<String, String> variables, PrintWriter out, PrintWriter err, InputStream in, Path jarFolder,
            Path userDataDir, Clock clock) {
        this(variables, out, err, in, jarFolder, jarFolder, userDataDir, clock);
    }

    /**
     * This environment with control characters in what is printed escaped ({@link TerminalWriter}): what every
     * command prints with.
     */
    Env escapingControls() {
        return new Env(variables, TerminalWriter.over(out), TerminalWriter.over(err), in, jarFolder, homeFolder,
                userDataDir, clock, secrets, command);
    }

    public static Env system() {
        var vars = System.getenv();
        var osName = System.getProperty("os.name", "");
        var jarFolder = DataFolder.jarFolderOf(Main.class);
        return new Env(vars,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.in,
                jarFolder,
                DataFolder.homeFolder(System.getProperty(DataFolder.APP_PATH_PROPERTY), osName, jarFolder),
                DataFolder.userDataDir(vars, osName, Path.of(System.getProperty("user.home"))),
                Clock.systemUTC(),
                SecretPrompt.console(),
                Invocation.of(System.getProperty(DataFolder.APP_PATH_PROPERTY), DataFolder.jarPathOf(Main.class),
                        Path.of("").toAbsolutePath()));
    }
}
