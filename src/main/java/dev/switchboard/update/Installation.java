package dev.switchboard.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How this Switchboard was installed, which decides how it is updated:
 * <ul>
 *   <li>{@link JarFolder}: {@code switchboard.jar} in a folder of its own, run by an installed Java; updates itself
 *       (the jar).</li>
 *   <li>{@link PortableImage}: a jpackage app-image unpacked from a portable archive ({@link PortableArchive}, which
 *       marks it with {@value #MARKER} beside the jar); updates itself in place, the jar alone or the whole image
 *       when the release's runtime or launchers differ from its own.</li>
 *   <li>{@link InstalledPackage}: an app-image installed by the {@code .deb}, the {@code .msi} or from the
 *       {@code .dmg} (no marker): the package manager owns its files (a {@code .deb} under {@code /opt} cannot even
 *       be written; an {@code .msi} would "repair" what the app changed; a signed bundle would lose its signature),
 *       so it says how to update through the package instead of updating itself.</li>
 * </ul>
 */
public sealed interface Installation {
    /** The file that marks an app-image as portable, in the folder holding its jar. */
    String MARKER = "switchboard.portable";

    /** Updates itself. */
    record JarFolder() implements Installation {
    }

    /**
     * Updates itself, jar or whole image.
     *
     * @param runtimeHome the running runtime's home, whose {@code release} goes into its {@link ImageFingerprint}
     * @param arch        the architecture, as downloads name it ({@link PortableArchive#arch})
     */
    record PortableImage(PortableArchive.Os os, Path runtimeHome, String arch) implements Installation {
        /** The platform its downloads are for: {@code linux-x64}. */
        public String platform() {
            return PortableArchive.platform(os, arch);
        }
    }

    /** Updated by its package. */
    record InstalledPackage(PortableArchive.Os os) implements Installation {
        /** What the person does instead of an in-app update, in one or two sentences. */
        public String howToUpdate(String version, String releasePage) {
            return switch (os) {
                case LINUX -> "This Switchboard was installed from its .deb package, so update it the same way:"
                        + " download the .deb of " + version + " from " + releasePage + " and install it with `sudo"
                        + " apt install ./switchboard_" + version + "-1_amd64.deb`. Your data stays where it is.";
                case WINDOWS -> "This Switchboard was installed with its .msi installer, so update it the same way:"
                        + " download the .msi of " + version + " from " + releasePage + " and run it; it replaces this"
                        + " version and keeps your data.";
                case MACOS -> "This Switchboard was installed from its .dmg, so update it the same way: download the"
                        + " .dmg of " + version + " from " + releasePage + ", quit Switchboard and drag the new"
                        + " Switchboard.app over this one. Your data stays where it is.";
            };
        }
    }

    /**
     * @param appFolder the folder holding the running {@code switchboard.jar}
     * @param appPath   the {@code jpackage.app-path} system property (the launcher), or null outside an app-image
     * @param osName    {@code os.name}
     */
    static Installation detect(Path appFolder, String appPath, String osName, Path javaHome, String osArch) {
        if (appPath == null || appPath.isBlank() || appFolder == null) {
            return new JarFolder();
        }
        var name = osName.toLowerCase(Locale.ROOT);
        var os = name.startsWith("windows") ? PortableArchive.Os.WINDOWS
                : name.contains("mac") ? PortableArchive.Os.MACOS : PortableArchive.Os.LINUX;
        return Files.isRegularFile(appFolder.resolve(MARKER))
                ? new PortableImage(os, javaHome, PortableArchive.arch(osArch)) : new InstalledPackage(os);
    }

    /** This process's installation. */
    static Installation current(Path appFolder) {
        return detect(appFolder, System.getProperty("jpackage.app-path"), System.getProperty("os.name", ""),
                Path.of(System.getProperty("java.home")), System.getProperty("os.arch", ""));
    }
}
