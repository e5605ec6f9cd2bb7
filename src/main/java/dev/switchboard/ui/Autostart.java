package dev.switchboard.ui;

import dev.switchboard.store.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code start-with-system} setting made real: a file in the place each desktop reads at log-in, which starts
 * this Switchboard (the same jar or installed app, the same data folder). Linux: an XDG autostart entry; Windows:
 * a command file in the Startup folder; macOS: a LaunchAgent. Where the files go (the home folder, the OS, the
 * environment) is a {@link Target}, so tests write into a temp folder and never touch the real home.
 */
public final class Autostart {
    private static final System.Logger LOG = System.getLogger(Autostart.class.getName());
    static final String MAC_LABEL = "dev.switchboard";

    private Autostart() {
    }

    public enum Os {
        LINUX, WINDOWS, MAC;

        static Os of(String osName) {
            var os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            if (os.contains("win")) {
                return WINDOWS;
            }
            if (os.contains("mac") || os.contains("darwin")) {
                return MAC;
            }
            return LINUX; // and the other Unixes with an XDG desktop
        }
    }

    /** Where the autostart file goes: this OS, this home folder, this environment ({@code APPDATA}, {@code XDG_CONFIG_HOME}). */
    public record Target(Os os, Path home, Map<String, String> env) {
        public Target {
            env = Map.copyOf(env);
        }

        public static Target current() {
            return new Target(Os.of(System.getProperty("os.name")), Path.of(System.getProperty("user.home")),
                    System.getenv());
        }

        /** The file that makes the desktop start Switchboard at log-in. */
        public Path file() {
            switch (os) {
                case WINDOWS: {
                    var appData = env.get("APPDATA");
                    var roaming = appData != null && !appData.isBlank() ? Path.of(appData)
                            : home.resolve("AppData").resolve("Roaming");
                    return roaming.resolve("Microsoft").resolve("Windows").resolve("Start Menu").resolve("Programs")
                            .resolve("Startup").resolve("Switchboard.cmd");
                }
                case MAC:
                    return home.resolve("Library").resolve("LaunchAgents").resolve(MAC_LABEL + ".plist");
                default: {
                    var xdg = env.get("XDG_CONFIG_HOME");
                    var config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                            : home.resolve(".config");
                    return config.resolve("autostart").resolve("switchboard.desktop");
                }
            }
        }
    }

    /** The command that starts this Switchboard: program first, then its arguments. */
    public record Launch(List<String> command) {
        public Launch {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("A launch command needs a program.");
            }
        }

        /**
         * How this process was started, with {@code --data-dir}: the jpackage launcher when there is one (the
         * {@code jpackage.app-path} property), else this Java running the jar. Empty when Switchboard runs from a
         * classes folder (a development build), which nothing at log-in could start again.
         */
        public static Optional<Launch> current(Path dataDir, Os os) {
            var dir = dataDir.toAbsolutePath().normalize().toString();
            var appPath = System.getProperty("jpackage.app-path");
            if (appPath != null && !appPath.isBlank()) {
                return Optional.of(new Launch(List.of(appPath, "--data-dir", dir)));
            }
            var jar = runningJar();
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            // javaw: no console window on Windows
            var java = Path.of(System.getProperty("java.home"), "bin", os == Os.WINDOWS ? "javaw.exe" : "java");
            return Optional.of(new Launch(List.of(java.toString(), "-jar", jar.get().toString(), "--data-dir", dir)));
        }

        private static Optional<Path> runningJar() {
            try {
                var source = Autostart.class.getProtectionDomain().getCodeSource();
                if (source == null) {
                    return Optional.empty();
                }
                var location = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
                    return Optional.of(location.toAbsolutePath().normalize());
                }
                return Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Writes ({@code enabled}) or removes the autostart file for this process and this user. Called when the
     * setting is saved in the window.
     *
     * @throws IllegalStateException when enabling from a development build (no jar, no installed app)
     */
    public static void apply(boolean enabled, Path dataDir) throws IOException {
        var target = Target.current();
        apply(enabled, enabled ? Launch.current(dataDir, target.os()).orElseThrow(Autostart::noLauncher) : null,
                target);
    }

    /** Writes or removes the file at {@code target}; {@code launch} may be null when disabling. */
    public static void apply(boolean enabled, Launch launch, Target target) throws IOException {
        var file = target.file();
        if (!enabled) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        var tmp = file.resolveSibling(file.getFileName() + ".tmp");
        var text = content(target.os(), launch);
        // Windows' command interpreter reads the file in the console's code page, not UTF-8: paths are ASCII
        // there as a rule; a non-ASCII one is written as UTF-8 with a chcp line (see windows()).
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the file match the setting at start: written afresh when enabled (the jar may have moved since),
     * removed when not. Never throws: a start must not fail for this; the problem is logged.
     */
    public static void sync(Settings settings, Path dataDir) {
        var target = Target.current();
        if (!settings.startWithSystem()) {
            removeIfOurs(target, dataDir);
            return;
        }
        sync(true, Launch.current(dataDir, target.os()), target);
    }

    /**
     * With the setting off, only an entry that starts this data folder is removed: another copy of Switchboard
     * (a second folder, a USB stick) keeps its own.
     */
    static void removeIfOurs(Target target, Path dataDir) {
        var file = target.file();
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8)
                    .contains(dataDir.toAbsolutePath().toString())) {
                Files.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not update the autostart entry " + file + ": " + e);
        }
    }

    static void sync(boolean enabled, Optional<Launch> launch, Target target) {
        try {
            if (enabled && launch.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "start-with-system is on, but this Switchboard runs from a"
                        + " development build: the autostart entry is left as it is.");
                return;
            }
            apply(enabled, launch.orElse(null), target);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not update the autostart entry " + target.file() + ": " + e);
        }
    }

    private static IllegalStateException noLauncher() {
        return new IllegalStateException("Start with the system needs Switchboard started from switchboard.jar"
                + " or its installed app; this one runs from a development build.");
    }

    /** The file's text for {@code os}. */
    static String content(Os os, Launch launch) {
        switch (os) {
            case WINDOWS:
                return windows(launch);
            case MAC:
                return mac(launch);
            default:
                return linux(launch);
        }
    }

    /** An XDG desktop entry; Exec quoting per the Desktop Entry Specification. */
    private static String linux(Launch launch) {
        var exec = new ArrayList<String>();
        for (var arg : launch.command()) {
            exec.add(desktopQuote(arg));
        }
        return "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=Switchboard\n"
                + "Comment=Local AI-API gateway (written by Switchboard's \"Start with the system\" setting)\n"
                + "Exec=" + String.join(" ", exec) + "\n"
                + "Terminal=false\n"
                + "X-GNOME-Autostart-enabled=true\n";
    }

    static String desktopQuote(String arg) {
        var quoted = new StringBuilder("\"");
        for (char ch : arg.toCharArray()) {
            if (ch == '"' || ch == '`' || ch == '$' || ch == '\\') {
                quoted.append('\\');
            }
            quoted.append(ch);
        }
        quoted.append('"');
        // then the string escape rule (a backslash doubled) and a literal % as %%
        return quoted.toString().replace("\\", "\\\\").replace("%", "%%");
    }

    /** A command file that starts the program detached, so that no console window stays open. */
    private static String windows(Launch launch) {
        var args = new ArrayList<String>();
        for (var arg : launch.command()) {
            args.add("\"" + arg.replace("%", "%%") + "\"");
        }
        boolean ascii = launch.command().stream().allMatch(a -> a.chars().allMatch(c -> c < 0x80));
        return "@echo off\r\n"
                + "rem Written by Switchboard's \"Start with the system\" setting; untick it to remove this file.\r\n"
                + (ascii ? "" : "chcp 65001 >nul\r\n")
                + "start \"\" " + String.join(" ", args) + "\r\n";
    }

    /** A per-user LaunchAgent that runs once at log-in. */
    private static String mac(Launch launch) {
        var out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\"")
                .append(" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
                .append("<!-- Written by Switchboard's \"Start with the system\" setting. -->\n")
                .append("<plist version=\"1.0\">\n<dict>\n")
                .append("    <key>Label</key>\n    <string>").append(MAC_LABEL).append("</string>\n")
                .append("    <key>ProgramArguments</key>\n    <array>\n");
        for (var arg : launch.command()) {
            out.append("        <string>").append(xml(arg)).append("</string>\n");
        }
        out.append("    </array>\n")
                .append("    <key>RunAtLoad</key>\n    <true/>\n")
                .append("    <key>ProcessType</key>\n    <string>Interactive</string>\n")
                .append("</dict>\n</plist>\n");
        return out.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
