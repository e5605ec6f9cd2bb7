package dev.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The native library is unpacked into the data folder once and the driver pointed at it. The JVM loads it once per
 * process, so this checks the copy and the properties, not a second load.
 */
class SqliteLibraryTest {
    @TempDir
    Path data;

    private String path;
    private String name;

    @BeforeEach
    void keep() {
        path = System.getProperty(SqliteLibrary.PATH_PROPERTY);
        name = System.getProperty(SqliteLibrary.NAME_PROPERTY);
        System.clearProperty(SqliteLibrary.PATH_PROPERTY);
    }

    @AfterEach
    void restore() {
        set(SqliteLibrary.PATH_PROPERTY, path);
        set(SqliteLibrary.NAME_PROPERTY, name);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void unpacksTheLibraryOnceIntoTheCacheAndPointsTheDriverAtIt() throws Exception {
        var stale = Files.createDirectories(data.resolve("cache").resolve("sqlite-0000000000000000"));
        Files.writeString(stale.resolve(LibraryLoaderUtil.getNativeLibName()), "an older jar's library");

        SqliteLibrary.useCached(data);

        var folder = Path.of(System.getProperty(SqliteLibrary.PATH_PROPERTY));
        assertEquals(data.resolve("cache"), folder.getParent());
        assertEquals(LibraryLoaderUtil.getNativeLibName(), System.getProperty(SqliteLibrary.NAME_PROPERTY));
        var library = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        try (var in = SqliteLibrary.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
            assertEquals(-1, Files.mismatch(library, writeTemp(in.readAllBytes())), "the jar's library, whole");
        }
        assertFalse(Files.exists(stale), "an older copy is removed when a new one is made");
        try (var left = Files.list(folder)) {
            assertEquals(1, left.count(), "no partial file left behind");
        }

        // the next start finds it and writes nothing
        var time = Files.getLastModifiedTime(library);
        System.clearProperty(SqliteLibrary.PATH_PROPERTY);
        SqliteLibrary.useCached(data);
        assertEquals(folder.toString(), System.getProperty(SqliteLibrary.PATH_PROPERTY));
        assertEquals(time, Files.getLastModifiedTime(library));
    }

    @Test
    void aPersonsOwnLibraryPathWins() {
        System.setProperty(SqliteLibrary.PATH_PROPERTY, "/opt/my-sqlite");
        SqliteLibrary.useCached(data);
        assertEquals("/opt/my-sqlite", System.getProperty(SqliteLibrary.PATH_PROPERTY));
        assertFalse(Files.exists(data.resolve("cache")));
    }

    @Test
    void aDataFolderThatCannotHoldTheCopyLeavesTheDriverAsItWas() throws Exception {
        var file = Files.writeString(data.resolve("not-a-folder"), "x");
        SqliteLibrary.useCached(file);
        assertTrue(System.getProperty(SqliteLibrary.PATH_PROPERTY) == null);
    }

    private Path writeTemp(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(data, "expected", ".bin"), bytes);
    }
}
