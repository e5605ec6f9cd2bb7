package dev.switchboard.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and the GitHub repository that publishes its releases, both set once in the pom and filtered into
 * {@code version.properties}.
 */
public final class Version {
    private static final Properties PROPERTIES = load();
    private static final String CURRENT = value("version", "dev");
    private static final String GITHUB = value("github", "");

    private Version() {
    }

    public static String current() {
        return CURRENT;
    }

    /** {@code owner/repo} of the GitHub repository whose Releases carry updates; empty when unknown. */
    public static String github() {
        return GITHUB;
    }

    private static String value(String key, String fallback) {
        var v = PROPERTIES.getProperty(key, fallback);
        return v.startsWith("${") ? fallback : v;
    }

    private static Properties load() {
        var p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the fallbacks apply
        }
        return p;
    }
}
