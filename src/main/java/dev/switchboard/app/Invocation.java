package dev.switchboard.app;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How the person started Switchboard, as a command they can type again: hints such as "Next: add them with
 * `… channels models 'my relay' --add`" must work when pasted, and most people run {@code java -jar
 * switchboard.jar}, not a {@code switchboard} on their PATH.
 */
final class Invocation {
    /** What needs no quoting in a POSIX shell (and in cmd.exe). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/:@%+=,-]+");

    private Invocation() {
    }

    /**
     * The launcher's path when the packaged app runs, else {@code java -jar} and the jar, else {@code switchboard}
     * (running from classes); a path under {@code cwd} relative to it, as the person most likely typed it.
     */
    static String of(String appPath, Path jar, Path cwd) {
        if (appPath != null && !appPath.isBlank()) {
            var launcher = Path.of(appPath.strip());
            var name = launcher.getFileName().toString();
            // the headless launcher is for serving; the main one takes commands
            return arg(shown(launcher.resolveSibling(name.replace("switchboard-headless", "Switchboard")), cwd));
        }
        if (jar != null) {
            return "java -jar " + arg(shown(jar, cwd));
        }
        return "switchboard";
    }

    private static String shown(Path path, Path cwd) {
        var absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(cwd) && !absolute.equals(cwd)) {
            return cwd.relativize(absolute).toString();
        }
        return absolute.toString();
    }

    /**
     * {@code value} as one shell word: as it is when nothing in it is special, else in single quotes (a quote
     * inside closed, escaped and reopened), as POSIX shells (bash, zsh) read it.
     */
    static String arg(String value) {
        if (!value.isEmpty() && PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
