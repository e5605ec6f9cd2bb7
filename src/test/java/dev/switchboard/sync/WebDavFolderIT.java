package dev.switchboard.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.store.StoreException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sync relies on a WebDAV server for, checked against a real one (lighttpd, {@link Lighttpd}): MKCOL makes the
 * folder once, a PUT answers a new ETag that a GET then shows, {@code If-None-Match: *} refuses to replace a file,
 * a stale {@code If-Match} is a 412, and a wrong password a 401.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebDavFolderIT {
    private static final String NAME = SyncFile.NAME;

    @TempDir
    Path temp;

    private Lighttpd server;
    private WebDavFolder folder;

    @BeforeEach
    void start() throws Exception {
        server = Lighttpd.start(temp);
        folder = new WebDavFolder(URI.create(server.folderUrl()), DavServer.USER, DavServer.PASSWORD,
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFolderIsMadeOnceAndAFileHasOneETagPerVersion() throws Exception {
        assertTrue(folder.ensureFolder(), "MKCOL did not create the folder");
        assertFalse(folder.ensureFolder(), "MKCOL on an existing folder is not 405");
        assertTrue(folder.get(NAME).isEmpty());

        var first = folder.put(NAME, bytes("{\"v\": 1}"), null);
        var read = folder.get(NAME).orElseThrow();
        assertEquals(first, read.etag(), "GET shows another ETag than the PUT answered");
        assertArrayEquals(bytes("{\"v\": 1}"), read.body());
        assertEquals(first, folder.head(NAME).orElseThrow());

        // same size, same second: still a new ETag (a new inode per PUT)
        var second = folder.put(NAME, bytes("{\"v\": 2}"), first);
        assertNotEquals(first, second);
        assertEquals(second, folder.get(NAME).orElseThrow().etag());
    }

    @Test
    void aConditionalPutOverAnotherVersionIs412() throws Exception {
        folder.ensureFolder();
        var first = folder.put(NAME, bytes("{\"v\": 1}"), null);
        assertThrows(WebDavFolder.Changed.class, () -> folder.put(NAME, bytes("{\"v\": 9}"), null),
                "If-None-Match: * replaced an existing file");
        folder.put(NAME, bytes("{\"v\": 2}"), first);
        assertThrows(WebDavFolder.Changed.class, () -> folder.put(NAME, bytes("{\"v\": 3}"), first),
                "a stale If-Match replaced a newer version");
        assertArrayEquals(bytes("{\"v\": 2}"), folder.get(NAME).orElseThrow().body());
    }

    @Test
    void aWrongPasswordIs401InPlainWords() {
        var wrong = new WebDavFolder(URI.create(server.folderUrl()), DavServer.USER, "wrong-FAKE-password",
                Duration.ofSeconds(10));
        var e = assertThrows(StoreException.class, wrong::ensureFolder);
        assertTrue(e.getMessage().contains("refused the user name or password (HTTP 401)"), e.getMessage());
    }
}
