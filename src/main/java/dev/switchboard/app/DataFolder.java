package dev.switchboard.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where Switchboard keeps its database, admin token, logs and downloaded updates (DESIGN §7): the folder of the
 * running jar, or of the packaged app (see {@link #homeFolder}), so the whole folder can be copied to a USB stick,
 * unless {@code --data-dir} or {@code SWITCHBOARD_HOME} says otherwise. A folder that cannot be written falls back to the user's data
 * directory, and the person is told.
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
     * @param option      the {@code --data-dir} value, or null
     * @param env         the environment (for {@code SWITCHBOARD_HOME})
     * @param homeFolder  the default: the folder Switchboard runs from (see {@link #homeFolder}), or null when
     *                    running from classes
     * @param userDataDir the per-user fallback, see {@link #userDataDir}
     */
    public static DataFolder resolve(String option, Map<String, String> env, Path homeFolder, Path userDataDir) {
        Path wanted;
        String because;
        if (option != null && !option.isBlank()) {
            wanted = toPath(option, "--data-dir");
            because = "--data-dir";
        } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
            wanted = toPath(env.get(ENV), ENV);
            because = ENV;
        } else if (homeFolder != null) {
            wanted = homeFolder;
            because = "the folder Switchboard runs from";
        } else {
            wanted = userDataDir;
            because = null;
        }
        wanted = wanted.toAbsolutePath().normalize();
        var notices = new ArrayList<String>();
        var problem = unwritable(wanted);
        if (problem == null) {
            return new DataFolder(wanted, notices);
        }
        if (wanted.equals(userDataDir.toAbsolutePath().normalize())) {
            throw new IllegalStateException("Cannot use the data folder " + wanted + ": " + problem
                    + ". Start Switchboard with --data-dir pointing at a writable folder.");
        }
        var fallback = userDataDir.toAbsolutePath().normalize();
        var fallbackProblem = unwritable(fallback);
        if (fallbackProblem != null) {
            throw new IllegalStateException("Cannot use the data folder " + wanted + " (" + because + "): " + problem
                    + "; nor the fallback " + fallback + ": " + fallbackProblem
                    + ". Start Switchboard with --data-dir pointing at a writable folder.");
        }
        notices.add("The data folder " + wanted + " (" + because + ") is not writable (" + problem + "). Using "
                + fallback + " instead. To keep your data in " + wanted + ", make that folder writable, or choose"
                + " another one with --data-dir.");
        return new DataFolder(fallback, notices);
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
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            var location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
                return location.getParent();
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

    /** Null when {@code dir} exists (or can be created) and a file can be written in it; else why not. */
    static String unwritable(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return "cannot create it (" + describe(e) + ")";
        }
        if (!Files.isDirectory(dir)) {
            return "it is not a folder";
        }
        try {
            var probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
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
