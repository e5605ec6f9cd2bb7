package dev.switchboard.ui;

import java.awt.Taskbar;
import java.awt.Toolkit;
import java.util.regex.Pattern;

/**
 * The name the desktop shows for Switchboard's windows: "Switchboard" in the task bar, the dock and the window
 * switcher, rather than what each platform makes of the main class.
 *
 * <ul>
 *   <li>X11 groups and names windows by their {@code WM_CLASS}, which the JDK derives from the main class
 *   ({@code dev-switchboard-app-Main}) and keeps in {@code XToolkit.awtAppClassName}. There is no API for it;
 *   the field is set by reflection once the toolkit exists and before the first window does, which needs
 *   {@code java.desktop/sun.awt.X11} opened to us ({@code Add-Opens} in the jar's manifest, and in the Linux
 *   launcher's Java options). Without that it is left as it was: a cosmetic loss, not a failure. The packaged
 *   Linux launcher's {@code .desktop} entry matches on this name.</li>
 *   <li>macOS reads {@code apple.awt.application.name} when the toolkit starts, so that is set first; the dock
 *   icon comes from {@link Taskbar} (a plain jar has no bundle icon).</li>
 *   <li>Windows takes the name from the window title and the launcher; nothing to do.</li>
 * </ul>
 */
final class AppIdentity {
    static final String NAME = "Switchboard";
    private static final System.Logger LOG = System.getLogger(AppIdentity.class.getName());
    /** A release version: digits and dots, nothing after (no -SNAPSHOT, no -rc1, no "dev"). */
    private static final Pattern RELEASE = Pattern.compile("\\d+(\\.\\d+){1,3}");
    private static boolean installed;

    private AppIdentity() {
    }

    /**
     * The window's title: the name and a release's version, the name alone for a build that is no release
     * ({@code 0.1.0-SNAPSHOT}, {@code dev}): a person has no use for a build label in a title bar, and
     * Settings → Updates says which build runs.
     */
    static String title(String version) {
        return version != null && RELEASE.matcher(version).matches() ? NAME + " " + version : NAME;
    }

    /** Sets what must be set before the toolkit starts. Harmless to call again, and where there is no display. */
    static void beforeToolkit() {
        if (System.getProperty("apple.awt.application.name") == null) {
            System.setProperty("apple.awt.application.name", NAME);
        }
    }

    /** Names the app for this desktop. Call on a machine with a display, before any window is made. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        beforeToolkit();
        var toolkit = Toolkit.getDefaultToolkit();
        if ("sun.awt.X11.XToolkit".equals(toolkit.getClass().getName())) {
            try {
                var field = toolkit.getClass().getDeclaredField("awtAppClassName");
                field.setAccessible(true);
                field.set(null, NAME);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // InaccessibleObjectException when the package is not opened (run without the manifest's
                // Add-Opens, e.g. from an IDE), NoSuchFieldException on a JDK that renamed it
                LOG.log(System.Logger.Level.DEBUG, "Cannot set the window class name: " + e);
            }
        }
        try {
            if (Taskbar.isTaskbarSupported() && Taskbar.getTaskbar().isSupported(Taskbar.Feature.ICON_IMAGE)) {
                Taskbar.getTaskbar().setIconImage(StateIcon.draw(TrayMenuModel.Status.RUNNING, 256));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot set the dock icon: " + e);
        }
    }

    /** The X11 window class this process's windows carry, or null where there is none (or it cannot be read). */
    static String windowClass() {
        var toolkit = Toolkit.getDefaultToolkit();
        if (!"sun.awt.X11.XToolkit".equals(toolkit.getClass().getName())) {
            return null;
        }
        try {
            var field = toolkit.getClass().getDeclaredField("awtAppClassName");
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
