package dev.switchboard.store;

import java.io.IOException;
import java.net.JarURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, unpacked once into the data folder's {@code cache/} and loaded from there, instead
 * of the driver's default: unpack it from the jar into the temp folder on every start, compare the copy with the
 * original byte by byte, and sweep the temp folder for copies left by earlier runs. That costs every start, the CLI's
 * included, tens of milliseconds, and on Windows a virus scan of a DLL that is new each time (issue 14).
 *
 * <p>The copy is named for the jar it came from (its path, size and time), so an update or another platform's jar
 * brings its own, and older copies are removed when a new one is made. Written to a temporary name and moved into
 * place, so two processes starting at once (the app and a CLI command) never load a half-written file. When any of
 * this fails (a read-only folder, a folder the OS will not load code from) nothing is set, and the driver does as it
 * always did; it also falls back by itself when the library given cannot be loaded. A person's own
 * {@code org.sqlite.lib.path} wins.
 */
final class SqliteLibrary {
    private static final System.Logger LOG = System.getLogger(SqliteLibrary.class.getName());
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteLibrary() {
    }

    /** Points the driver at the cached copy under {@code dataFolder/cache}, making it first if needed. */
    static synchronized void useCached(Path dataFolder) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return; // set by the person, or by an earlier open in this process: the library loads once anyway
        }
        try {
            var name = LibraryLoaderUtil.getNativeLibName();
            var url = SqliteLibrary.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
            if (url == null || !(url.openConnection() instanceof JarURLConnection jarUrl)) {
                return; // no library for this platform in the jar: the driver says so itself
            }
            var jar = Path.of(jarUrl.getJarFileURL().toURI());
            var cache = dataFolder.resolve("cache");
            var folder = cache.resolve("sqlite-" + key(jar, url.getPath()));
            var library = folder.resolve(name);
            if (!Files.isRegularFile(library)) {
                Files.createDirectories(folder);
                var partial = Files.createTempFile(folder, name, ".part");
                try (var in = url.openStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
                removeOthers(cache, folder);
            }
            System.setProperty(PATH_PROPERTY, folder.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            LOG.log(System.Logger.Level.DEBUG, "SQLite's native library stays with the driver's own unpacking", e);
        }
    }

    private static void removeOthers(Path cache, Path keep) {
        try (var old = Files.newDirectoryStream(cache, "sqlite-*")) {
            for (var folder : old) {
                if (!folder.equals(keep) && Files.isDirectory(folder)) {
                    try (var files = Files.list(folder)) {
                        for (var f : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(folder);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an old copy in use by a running older version (Windows keeps it locked): gone next time
            LOG.log(System.Logger.Level.DEBUG, "An older SQLite library copy stays for now", e);
        }
    }

    private static String key(Path jar, String entry) throws IOException {
        var identity = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                + "|" + entry;
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
