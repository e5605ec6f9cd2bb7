package dev.switchboard.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version, set once in the pom and filtered into {@code version.properties}. */
public final class Version {
    private static final String CURRENT = load();

    private Version() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            var p = new Properties();
            p.load(in);
            var v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
