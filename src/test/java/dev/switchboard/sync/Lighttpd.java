package dev.switchboard.sync;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real WebDAV server for the sync ITs: Debian's {@code lighttpd} with {@code lighttpd-mod-webdav} (what
 * {@code .ci/run} installs), started on a free loopback port over a temporary folder, behind HTTP Basic
 * authentication ({@link DavServer#USER}, {@link DavServer#PASSWORD}).
 *
 * <p>Why lighttpd: of Debian's WebDAV servers it is the lightest that honours {@code If-Match} and
 * {@code If-None-Match: *} on PUT (rclone's and Go's x/net/webdav ignore them; Apache is heavier). Its PUT writes a
 * temporary file and renames it, so each version gets a new inode and so a new ETag. It leaves ETags off answers of
 * the implicit type {@code application/octet-stream}, so the configuration gives {@code .json} a type.
 *
 * <p>Without the binary the tests are skipped, unless {@value #REQUIRE} is 1 (CI), which makes that a failure.
 */
public final class Lighttpd implements AutoCloseable {
    public static final String REQUIRE = "SWITCHBOARD_REQUIRE_WEBDAV";
    private static final List<String> BINARIES = List.of("/usr/sbin/lighttpd", "/usr/local/sbin/lighttpd",
            "/usr/bin/lighttpd");

    private final Process process;
    private final int port;

    private Lighttpd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one over {@code folder} (its files go to {@code folder/root}); skips or fails when there is none. */
    public static Lighttpd start(Path folder) throws IOException {
        var binary = BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            missing("lighttpd is not installed (apt-get install lighttpd lighttpd-mod-webdav)");
        }
        var root = Files.createDirectories(folder.resolve("root/dav"));
        var users = folder.resolve("users");
        Files.writeString(users, DavServer.USER + ":" + DavServer.PASSWORD + "\n");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var config = folder.resolve("lighttpd.conf");
        Files.writeString(config, String.join("\n",
                "server.modules = (\"mod_auth\", \"mod_authn_file\", \"mod_webdav\")",
                "server.document-root = \"" + root.getParent() + "\"",
                "server.bind = \"127.0.0.1\"",
                "server.port = " + port,
                "webdav.activate = \"enable\"",
                "webdav.is-readonly = \"disable\"",
                // an implicit application/octet-stream answer gets no ETag from lighttpd; a named type does
                "mimetype.assign = (\".json\" => \"application/json\", \"\" => \"application/octet-stream\")",
                "auth.backend = \"plain\"",
                "auth.backend.plain.userfile = \"" + users + "\"",
                "auth.require = (\"/\" => (\"method\" => \"basic\", \"realm\" => \"sync\","
                        + " \"require\" => \"valid-user\"))",
                ""));
        var process = new ProcessBuilder(binary.toString(), "-D", "-f", config.toString()).redirectInput(
                ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // lighttpd says "server started" on standard error once it listens; anything else before its exit is why not
        var said = new ArrayList<String>();
        var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            said.add(line);
            if (line.contains("server started")) {
                return new Lighttpd(process, port);
            }
        }
        process.destroy();
        var why = String.join("\n", said);
        if (why.contains("mod_webdav")) {
            missing("lighttpd has no mod_webdav (apt-get install lighttpd-mod-webdav): " + why);
        }
        throw new IllegalStateException("lighttpd did not start:\n" + why);
    }

    private static void missing(String why) {
        if ("1".equals(System.getenv(REQUIRE))) {
            fail(why + ", but " + REQUIRE + "=1: .ci/run installs it.");
        }
        assumeTrue(false, "Skipped: " + why + ". Set " + REQUIRE + "=1 to make this a failure.");
    }

    /** The folder to sync with, not created yet: {@code http://127.0.0.1:PORT/dav/switchboard/}. */
    public String folderUrl() {
        return "http://127.0.0.1:" + port + "/dav/switchboard/";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
