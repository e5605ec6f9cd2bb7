package dev.switchboard.app;

import dev.switchboard.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where Switchboard keeps its database, admin token, logs and downloaded updates (DESIGN §7): the folder of the
 * running jar, or of the packaged app (see {@link #homeFolder}), so the whole folder can be copied to a USB stick,
 * unless {@code --data-dir} or {@code SWITCHBOARD_HOME} says otherwise. A jar run from a build folder
 * ({@code target/} of a Maven project) keeps its data in the user's data directory instead, since the next
 * {@code mvn clean} would delete it, and says so.
 *
 * <p>Only the default folder falls back: when the jar's folder cannot be written (an installation under /opt),
 * the user's data directory is used and the person is told. A folder the person chose with {@code --data-dir} or
 * {@code SWITCHBOARD_HOME} is never swapped for another: if it cannot be used that is an error, since data written
 * elsewhere would look lost the next time, and nothing is written anywhere.
 *
 * @param notices what the person must be told about the choice (a fallback)
 */
public record DataFolder(Path path, List<String> notices) {
    public static final String ENV = "SWITCHBOARD_HOME";
    /** Set by the jpackage launcher to its own path; absent under {@code java -jar}. */
    public static final String APP_PATH_PROPERTY = "jpackage.app-path";

    public DataFolder {
        notices = List.copyOf(notices);
    }

    /**
     * Chooses the data folder and makes it if it is missing.
     *
     * @param option      the {@code --data-dir} value, or null
     * @param env         the environment (for {@code SWITCHBOARD_HOME})
     * @param homeFolder  the default: the folder Switchboard runs from (see {@link #homeFolder}), or null when
     *                    running from classes
     * @param userDataDir the per-user fallback, see {@link #userDataDir}
     * @throws IllegalStateException when the chosen folder (or, for the default, the fallback too) cannot be used,
     *                               saying why and what to do; nothing has been made then
     */
    public static DataFolder resolve(String option, Map<String, String> env, Path homeFolder, Path userDataDir) {
        return choose(option, env, homeFolder, userDataDir, true);
    }

    /**
     * The folder {@link #resolve} would choose, without making it: for a look before the command runs (is an
     * update waiting there?), so that a command refused afterwards has written nothing.
     */
    static DataFolder locate(String option, Map<String, String> env, Path homeFolder, Path userDataDir) {
        return choose(option, env, homeFolder, userDataDir, false);
    }

    private static DataFolder choose(String option, Map<String, String> env, Path homeFolder, Path userDataDir,
                                     boolean make) {
        Path wanted;
        String chosenWith = null; // the option or variable the person chose the folder with
        if (option != null && !option.isBlank()) {
            wanted = toPath(option, "--data-dir");
            chosenWith = "--data-dir";
        } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
            wanted = toPath(env.get(ENV), ENV);
            chosenWith = ENV;
        } else if (homeFolder != null && buildOutput(homeFolder) != null) {
            return fromBuildOutput(homeFolder.toAbsolutePath().normalize(), userDataDir, make);
        } else {
            wanted = homeFolder != null ? homeFolder : userDataDir;
        }
        wanted = wanted.toAbsolutePath().normalize();
        var problem = prepare(wanted, make);
        if (problem == null) {
            return new DataFolder(wanted, List.of());
        }
        if (chosenWith != null) {
            throw new IllegalStateException("Cannot use the data folder " + wanted + " given with " + chosenWith
                    + ": " + problem + ". Nothing was written. " + (chosenWith.equals(ENV)
                    ? "Set " + ENV + " to a folder you can write, or unset it to use the default folder."
                    : "Give --data-dir a folder you can write, or leave it out to use the default folder."));
        }
        var fallback = userDataDir.toAbsolutePath().normalize();
        if (wanted.equals(fallback)) {
            throw new IllegalStateException("Cannot use the data folder " + wanted + ": " + problem
                    + ". Start Switchboard with --data-dir pointing at a writable folder.");
        }
        var fallbackProblem = prepare(fallback, make);
        if (fallbackProblem != null) {
            throw new IllegalStateException("Cannot use the data folder " + wanted + " (the folder Switchboard runs"
                    + " from): " + problem + "; nor the fallback " + fallback + ": " + fallbackProblem
                    + ". Start Switchboard with --data-dir pointing at a writable folder.");
        }
        return new DataFolder(fallback, List.of("The data folder " + wanted + " (the folder Switchboard runs from)"
                + " is not writable (" + problem + "). Using " + fallback + " instead. To keep your data in " + wanted
                + ", make that folder writable, or choose another one with --data-dir."));
    }

    /**
     * The build tool that owns {@code folder} as its output ({@code target/} beside a {@code pom.xml},
     * {@code build/libs/} under a Gradle project), or null. A jar run from there is a developer's build, and the
     * folder is deleted by the next {@code mvn clean}: data kept there would be lost with it.
     */
    static String buildOutput(Path folder) {
        var dir = folder.toAbsolutePath().normalize();
        var name = dir.getFileName();
        var parent = dir.getParent();
        if (name == null || parent == null) {
            return null;
        }
        if (name.toString().equals("target") && Files.isRegularFile(parent.resolve("pom.xml"))) {
            return "mvn clean";
        }
        var grand = parent.getParent();
        if (name.toString().equals("libs") && parent.getFileName() != null
                && parent.getFileName().toString().equals("build") && grand != null
                && (Files.isRegularFile(grand.resolve("build.gradle"))
                || Files.isRegularFile(grand.resolve("build.gradle.kts")))) {
            return "gradle clean";
        }
        return null;
    }

    /** The user's data folder in place of a build folder, saying so, and where an earlier run's data is. */
    private static DataFolder fromBuildOutput(Path build, Path userDataDir, boolean make) {
        var fallback = userDataDir.toAbsolutePath().normalize();
        var problem = prepare(fallback, make);
        if (problem != null) {
            throw new IllegalStateException("Switchboard runs from the build folder " + build + ", which "
                    + buildOutput(build) + " deletes, so it keeps its data in " + fallback + "; but that folder"
                    + " cannot be used: " + problem + ". Start Switchboard with --data-dir pointing at a writable"
                    + " folder.");
        }
        var notice = new StringBuilder("Switchboard runs from the build folder " + build + ", which "
                + buildOutput(build) + " deletes; its data is kept in " + fallback + " instead.");
        if (Files.exists(build.resolve(Database.FILE_NAME))) {
            notice.append(" A database from an earlier run is in ").append(build).append(": to keep using it, move ")
                    .append(Database.FILE_NAME).append(" to ").append(fallback)
                    .append(", or start with --data-dir \"").append(build).append("\".");
        } else {
            notice.append(" To keep it elsewhere, start with --data-dir.");
        }
        return new DataFolder(fallback, List.of(notice.toString()));
    }

    /** The per-user data directory: %APPDATA%, ~/Library/Application Support, or $XDG_DATA_HOME. */
    public static Path userDataDir(Map<String, String> env, String osName, Path home) {
        var os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            var appData = env.get("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData").resolve("Roaming"))
                    .resolve("Switchboard");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Switchboard");
        }
        var xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share"))
                .resolve("switchboard");
    }

    /**
     * The folder a person sees as "Switchboard" and copies as one, the default data folder: for a jpackage
     * app-image (the launcher names itself in {@value #APP_PATH_PROPERTY}) its root, not {@code lib/app/} where
     * the jar sits, so the database is in plain sight beside the launcher; else the jar's folder.
     *
     * @param appPath   the value of {@value #APP_PATH_PROPERTY}, or null
     * @param jarFolder the running jar's folder, or null when running from classes
     * @return the folder, or null for the user's data directory (a macOS app installed in an Applications folder)
     */
    public static Path homeFolder(String appPath, String osName, Path jarFolder) {
        if (appPath == null || appPath.isBlank()) {
            return jarFolder;
        }
        Path launcher;
        try {
            launcher = Path.of(appPath.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return jarFolder;
        }
        var parent = launcher.getParent();
        if (parent == null) {
            return jarFolder;
        }
        var os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            // <folder>/Switchboard.app/Contents/MacOS/Switchboard: writing inside the bundle would break its
            // signature, so the data goes beside the bundle.
            for (var p = parent; p != null; p = p.getParent()) {
                var name = p.getFileName();
                if (name != null && name.toString().endsWith(".app")) {
                    var holder = p.getParent();
                    var holderName = holder == null ? null : holder.getFileName();
                    if (holderName != null && holderName.toString().equals("Applications")) {
                        return null; // installed, not portable: an admin can write /Applications, but data there is wrong
                    }
                    return holder != null ? holder : jarFolder;
                }
            }
            return parent;
        }
        if (os.contains("win")) {
            return parent; // <root>/Switchboard.exe
        }
        // <root>/bin/Switchboard
        var name = parent.getFileName();
        if (name != null && name.toString().equals("bin") && parent.getParent() != null) {
            return parent.getParent();
        }
        return parent;
    }

    /** The folder of the jar that holds {@code type}, or null when it runs from a classes folder. */
    public static Path jarFolderOf(Class<?> type) {
        var jar = jarPathOf(type);
        return jar == null ? null : jar.getParent();
    }

    /** The jar that holds {@code type}, or null when it runs from a classes folder. */
    static Path jarPathOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            var location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
                return location;
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Path toPath(String value, String source) {
        try {
            return Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(source + " '" + value + "' is not a valid path: " + e.getReason());
        }
    }

    /**
     * Null when {@code dir} is a folder a file can be written in, made (with its missing parents) if needed; else
     * why not. Whether it can be made is seen before anything is made, and what was made for a folder that then
     * cannot be written in is removed again: a refused folder leaves nothing behind. Without {@code make}, a
     * missing folder that could be made counts as usable and is not made.
     */
    static String prepare(Path dir, boolean make) {
        var existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "cannot create it (no part of that path exists)";
        }
        if (!Files.isDirectory(existing)) {
            return existing.equals(dir) ? "it is a file, not a folder"
                    : "cannot create it (" + existing + " is a file, not a folder)";
        }
        if (!existing.equals(dir) && !Files.isWritable(existing)) {
            return "cannot create it (" + existing + " is not writable)";
        }
        if (!make && !existing.equals(dir)) {
            return null;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return "cannot create it (" + describe(e) + ")";
        }
        try {
            var probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            for (var made = dir; made != null && !made.equals(existing); made = made.getParent()) {
                try {
                    Files.deleteIfExists(made); // only the empty folders made just now
                } catch (IOException ignored) {
                    break;
                }
            }
            return "cannot write in it (" + describe(e) + ")";
        }
    }

    private static String describe(IOException e) {
        var name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "a file of that name is in the way";
            case "FileSystemException" -> e.getMessage() == null ? name : e.getMessage();
            default -> e.getMessage() == null ? name : name + ": " + e.getMessage();
        };
    }
}
