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
 * @param jarFolder   folder of the running jar, or null when running from classes
 * @param userDataDir the fallback data folder when the wanted one is not writable
 */
public record Env(
        Map<String, String> variables,
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Path jarFolder,
        Path userDataDir,
        Clock clock) {

    public static Env system() {
        var vars = System.getenv();
        return new Env(vars,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.in,
                DataFolder.jarFolderOf(Main.class),
                DataFolder.userDataDir(vars, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home"))),
                Clock.systemUTC());
    }
}
