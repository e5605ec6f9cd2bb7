package dev.switchboard.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.swing.UIManager;

/**
 * Light, dark, or the desktop's own choice ({@code theme} setting). FlatLaf does not read the desktop's dark mode,
 * so {@link #systemDark()} asks the OS the way its own settings tools do, with a short bound, and assumes light
 * when it cannot tell.
 */
public final class Theme {
    private static volatile boolean dark;

    private Theme() {
    }

    /** Installs the look and feel for the setting; call {@link FlatLaf#updateUI()} afterwards to restyle open windows. */
    public static void apply(String setting) {
        dark = isDark(setting, Theme::systemDark);
        FlatLaf.setUseNativeWindowDecorations(false);
        UIManager.put("TabbedPane.showTabSeparators", true);
        UIManager.put("Table.showHorizontalLines", true);
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }

    /** Applies and restyles every open window. */
    public static void switchTo(String setting) {
        apply(setting);
        FlatLaf.updateUI();
    }

    static boolean isDark(String setting, BooleanSupplier system) {
        return switch (setting == null ? "system" : setting) {
            case "dark" -> true;
            case "light" -> false;
            default -> system.getAsBoolean();
        };
    }

    public static boolean dark() {
        return dark;
    }

    /** Green for what works. */
    public static Color ok() {
        return dark ? new Color(0x6cc070) : new Color(0x1e8e3e);
    }

    /** Amber for cooling down, in progress. */
    public static Color warn() {
        return dark ? new Color(0xe0b04c) : new Color(0xb06d00);
    }

    /** Red for failures and disabled. */
    public static Color bad() {
        return dark ? new Color(0xf07070) : new Color(0xc62828);
    }

    /** Grey for stopped or unknown. */
    public static Color muted() {
        return dark ? new Color(0x8c8c8c) : new Color(0x757575);
    }

    /** Whether the desktop is in dark mode; false when it cannot tell. */
    static boolean systemDark() {
        var os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            // 0 = apps use the dark theme
            var out = run(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                    "AppsUseLightTheme"));
            return out.contains("0x0");
        }
        if (os.contains("mac")) {
            return run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).toLowerCase(Locale.ROOT)
                    .contains("dark");
        }
        // GNOME 42+ (and desktops that follow its portal setting), then the older GTK theme name
        var scheme = run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
        if (scheme.contains("dark")) {
            return true;
        }
        return run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
                .toLowerCase(Locale.ROOT).contains("dark");
    }

    private static String run(List<String> command) {
        try {
            var p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // no such tool on this desktop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
