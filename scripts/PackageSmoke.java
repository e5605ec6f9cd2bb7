import dev.switchboard.update.PortableArchive;
import dev.switchboard.update.ReleaseConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The release workflow's check of a portable archive on the runner that made it, before anything is uploaded
 * (.github/workflows/release.yml): unpacked as a person unpacks it, its headless launcher must start from the
 * folder, keep its data there, and answer /healthz with the release's version. With {@code --update}, the unpacked
 * folder then updates itself from a local "GitHub Releases" to a build that says 99.0.0: downloaded and verified by
 * {@code update --apply}, installed at the next start, and run.
 *
 * <pre>java -cp target/switchboard.jar scripts/PackageSmoke.java ARCHIVE VERSION [--update]</pre>
 *
 * A single-file program (java runs it from source) so that it is the same on Linux, Windows and macOS, and stays
 * out of the shipped jar. The release key it signs the test update with is made here and thrown away; the jar in
 * the unpacked folder is repacked to trust it, as SelfUpdateIT does.
 */
public final class PackageSmoke {
    private static final Pattern LISTENING = Pattern.compile("is listening on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PackageSmoke ARCHIVE VERSION [--update]");
            System.exit(2);
        }
        var archive = Path.of(args[0]);
        var version = args[1];
        var work = Files.createTempDirectory("switchboard-smoke");
        var folder = PortableArchive.extract(archive, work.resolve("stick"));
        var layout = Layout.of(folder);
        say("unpacked " + archive.getFileName() + " into " + folder);

        var gateway = start(layout, work, "--headless", "--port", "0");
        var base = awaitListening(gateway);
        var health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        stop(gateway);
        check(health.statusCode() == 200 && health.body().contains("\"" + version + "\""),
                "/healthz did not answer with version " + version + ": " + health.statusCode() + " " + health.body());
        check(Files.exists(layout.data().resolve("switchboard.db")), "no switchboard.db beside the launcher in "
                + layout.data());
        say("the headless launcher started from the unpacked folder and /healthz says " + version);

        if (args.length > 2 && args[2].equals("--update")) {
            update(layout, work);
        }
        say("ok");
    }

    /** Where things are in an unpacked folder, per OS. */
    private record Layout(Path data, Path headless, Path jar) {
        static Layout of(Path folder) {
            if (Files.exists(folder.resolve("switchboard-headless.exe"))) {
                return new Layout(folder, folder.resolve("switchboard-headless.exe"),
                        folder.resolve("app").resolve("switchboard.jar"));
            }
            if (Files.isDirectory(folder.resolve("Switchboard.app"))) {
                var contents = folder.resolve("Switchboard.app").resolve("Contents");
                return new Layout(folder, contents.resolve("MacOS").resolve("switchboard-headless"),
                        contents.resolve("app").resolve("switchboard.jar"));
            }
            return new Layout(folder, folder.resolve("bin").resolve("switchboard-headless"),
                    folder.resolve("lib").resolve("app").resolve("switchboard.jar"));
        }
    }

    /** update --apply from a local release of 99.0.0, then the next start installs and runs it. */
    private static void update(Layout layout, Path work) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keys = generator.generateKeyPair();
        var pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        var original = Files.copy(layout.jar(), work.resolve("original.jar"));
        Files.delete(layout.jar());
        repack(original, layout.jar(), pem, null);
        var release = Files.createDirectories(work.resolve("release"));
        var next = repack(original, release.resolve("switchboard.jar"), pem, "99.0.0");
        var config = ReleaseConfig.write("99.0.0", "The smoke test's update.", List.of(next), keys.getPrivate());
        Files.writeString(release.resolve("switchboard-update.xml"), config);

        var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var root = "/owner/switchboard/releases";
        server.createContext(root + "/latest", exchange -> {
            exchange.getResponseHeaders().add("Location", root + "/tag/v99.0.0");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext(root + "/download/v99.0.0/", exchange -> {
            var name = Path.of(exchange.getRequestURI().getPath()).getFileName().toString();
            var file = release.resolve(name);
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + root;
            run(layout, work, "settings", "set", "update-url", url);
            var apply = run(layout, work, "update", "--apply");
            check(apply.contains("Downloaded and verified Switchboard 99.0.0"), "update --apply said: " + apply);
            say("downloaded and verified 99.0.0");
        } finally {
            server.stop(0);
        }
        var restarted = run(layout, work, "--version");
        say("the next start said:\n" + restarted.strip());
        check(restarted.contains("to 99.0.0"), "the next start did not install the update");
        check(restarted.contains("Switchboard 99.0.0"), "the next start did not run the new version");
        check(Files.mismatch(next, layout.jar()) == -1, layout.jar() + " was not replaced by the new jar");
        try (var files = Files.list(layout.data())) {
            check(files.anyMatch(p -> p.getFileName().toString().startsWith("switchboard.db.before-99.0.0-")),
                    "the database was not backed up before the update");
        }
        say("the update was installed at the next start and the new version ran");
    }

    private static Path repack(Path jar, Path to, String releaseKey, String version) throws IOException {
        Files.copy(jar, to);
        try (var zip = FileSystems.newFileSystem(to, (ClassLoader) null)) {
            Files.writeString(zip.getPath("/dev/switchboard/update/release-key.pub"), releaseKey);
            if (version != null) {
                var props = zip.getPath("/dev/switchboard/app/version.properties");
                Files.writeString(props, Files.readString(props).replaceAll("(?m)^version=.*$", "version=" + version));
            }
        }
        return to;
    }

    private static Process start(Layout layout, Path work, String... args) throws IOException {
        var command = new ArrayList<>(List.of(layout.headless().toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().remove("SWITCHBOARD_HOME");
        return builder.start();
    }

    /** A command of the launcher, to its end (its own and, after an update, the new version's output). */
    private static String run(Layout layout, Path work, String... args) throws Exception {
        var p = start(layout, work, args);
        p.getOutputStream().close();
        var output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
        check(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + String.join(" ", args));
        var text = output.get(30, TimeUnit.SECONDS);
        check(p.exitValue() == 0, String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + text);
        return text;
    }

    private static String awaitListening(Process p) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        var found = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    var m = LISTENING.matcher(line);
                    if (m.find()) {
                        var drain = new Thread(() -> reader.lines().forEach(l -> { }));
                        drain.setDaemon(true);
                        drain.start();
                        return m.group(1);
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            return null;
        });
        String url;
        try {
            url = found.get(180, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            url = null;
        }
        if (url == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the headless launcher did not start; it said:\n" + seen);
        }
        return url;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            System.err.println("[smoke] FAILED: " + failure);
            System.exit(1);
        }
    }

    private static void say(String message) {
        System.err.println("[smoke] " + message);
    }
}
