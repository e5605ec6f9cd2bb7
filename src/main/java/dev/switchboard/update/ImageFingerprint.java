package dev.switchboard.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a jpackage app-image holds besides the jar, in one SHA-256: the runtime's {@code release} file (its Java
 * version and build, its modules) and the launchers' configurations ({@code *.cfg} beside the jar: their JVM options,
 * main class, default arguments), without the one line that changes with every release
 * ({@code -Djpackage.app-version=}). Two images with the same fingerprint differ only in the jar, so an update from
 * one to the other replaces the jar alone; a different fingerprint (a new Java, another module, tuned JVM options, a
 * launcher more) means the whole image is replaced.
 *
 * <p>Not in it: the launchers' executables and icons, which change only with the JDK (and so with {@code release})
 * or cosmetically.
 */
public final class ImageFingerprint {
    private static final String APP_VERSION_LINE = "java-options=-Djpackage.app-version=";

    private ImageFingerprint() {
    }

    /**
     * @param release the runtime's {@code release} file
     * @param cfgs    each launcher configuration's file name and text
     */
    static String of(byte[] release, Map<String, String> cfgs) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(normalized(new String(release, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        for (var cfg : new TreeMap<>(cfgs).entrySet()) {
            sha.update(("\n--- " + cfg.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            var text = normalized(cfg.getValue()).lines().filter(l -> !l.startsWith(APP_VERSION_LINE))
                    .collect(Collectors.joining("\n"));
            sha.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The fingerprint of an image on disk: its runtime's home and the folder holding its jar and launchers' cfgs. */
    public static String of(Path runtimeHome, Path appFolder) throws IOException {
        var cfgs = new TreeMap<String, String>();
        try (Stream<Path> files = Files.list(appFolder)) {
            for (var cfg : files.filter(p -> p.getFileName().toString().endsWith(".cfg")).toList()) {
                cfgs.put(cfg.getFileName().toString(), Files.readString(cfg, StandardCharsets.UTF_8));
            }
        }
        return of(Files.readAllBytes(runtimeHome.resolve("release")), cfgs);
    }

    /** Line ends as on Linux, so the same image made on Windows compares equal to itself. */
    private static String normalized(String text) {
        return text.replace("\r\n", "\n").strip();
    }
}
