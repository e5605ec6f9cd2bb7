package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.update.Installation;
import dev.switchboard.update.PortableArchive;
import dev.switchboard.update.ReleaseServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux packages that {@code ./mvnw -Ppackage package} makes in {@code target/package/} (the jpackage plugin's
 * app-image and {@code .deb}, and the portable tarball), run as a person runs them: copied or unpacked somewhere,
 * started by the headless launcher with no {@code --data-dir}, so the data lands in the folder's root beside
 * {@code bin/}; then the whole folder is copied again and still has its channels. Also: the unpacked portable
 * folder's self-update replaces {@code lib/app/switchboard.jar} and runs the new version, while an app-image without
 * the portable mark (what the {@code .deb} installs) says to update through its package.
 *
 * <p>Run with the {@code package} profile ({@code ./mvnw -Ppackage verify}, as CI does). Without it there is nothing
 * to test and the class is skipped, unless {@value #REQUIRE} is 1 (CI), which makes that a failure.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PackagedAppImageIT {
    static final String REQUIRE = "SWITCHBOARD_REQUIRE_PACKAGE";
    private static final Pattern LISTENING = Pattern.compile("is listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-key-alpha";

    private static Path packages;
    private static Path image;
    private static Path deb;
    private static Path portable;

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void findThePackages() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"),
                "the app-image layout checked here is Linux's; Windows and macOS are built and tried by the release"
                        + " workflow (.github/workflows/release.yml)");
        var jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")).toAbsolutePath();
        packages = Path.of(System.getProperty("switchboard.package.dir", "target/package")).toAbsolutePath();
        var packagedJar = packages.resolve("Switchboard/lib/app/switchboard.jar");
        String missing = null;
        if (!Files.isRegularFile(packagedJar)) {
            missing = "no app-image in " + packages + ": build with the package profile (./mvnw -Ppackage verify)";
        } else if (Files.mismatch(packagedJar, jar) != -1) {
            missing = "the app-image in " + packages + " holds another build than " + jar + ": build both at once"
                    + " (./mvnw -Ppackage verify)";
        }
        if (missing != null) {
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(missing + " (" + REQUIRE + "=1)");
            }
            assumeTrue(false, missing);
        }
        image = packages.resolve("Switchboard");
        deb = find(packages, ".deb");
        portable = find(packages, ".tar.gz");
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void theHeadlessLauncherServesFromACopiedFolderKeepsItsDataInTheRootAndTravelsWithIt() throws Exception {
        var root = copyFolder(image, temp.resolve("usb-stick").resolve("Switchboard"));
        var headless = root.resolve("bin").resolve("switchboard-headless");
        var cli = root.resolve("bin").resolve("Switchboard");
        // The headless launcher with no arguments runs its default, --headless; it listens on the port setting.
        // (A free port found now: --port 0 would replace the default arguments this checks.)
        assertEquals(0, run(cli, "settings", "set", "port", Integer.toString(freePort())).exitCode());
        assertTrue(Files.exists(root.resolve("switchboard.db")), "the database is in the app-image's root");
        assertFalse(Files.exists(root.resolve("lib/app/switchboard.db")), "not beside the jar in lib/app");

        var gateway = start(headless);
        var base = awaitListening(gateway);

        var health = JSON.readTree(get(base + "/healthz").body());
        assertEquals("ok", health.get("status").asText());
        assertEquals(Version.current(), health.get("version").asText(), "the pom's version, not jpackage's 0.1.0");

        var add = run(cli, "channels", "add", "--force", "relay", "--url", "https://relay.example/v1", "--key", "-",
                "-m", "packaged-model");
        assertEquals(0, add.exitCode(), add.output());
        assertFalse(add.output().contains(KEY), "the key is never printed in full");
        awaitModel(base, "packaged-model");

        gateway.destroy(); // SIGTERM to the launcher, which runs the JVM in its own process
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway did not stop on SIGTERM");
        var wal = root.resolve("switchboard.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "the WAL was not checkpointed on a clean stop");

        // The whole folder, elsewhere: launcher, runtime, jar and data move together.
        var moved = copyFolder(root, temp.resolve("other-machine").resolve("Switchboard"));
        var again = start(moved.resolve("bin").resolve("switchboard-headless"), "--headless", "--port", "0");
        var movedBase = awaitListening(again);
        var models = get(movedBase + "/v1/models").body();
        assertTrue(models.contains("\"packaged-model\""), models);
        var channels = JSON.readTree(run(moved.resolve("bin").resolve("Switchboard"), "channels", "list", "--json")
                .output());
        assertEquals(1, channels.size(), channels.toString());
        assertEquals("relay", channels.get(0).get("name").asText());
        again.destroy();
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(moved.resolve("lib/app/switchboard.db")));
    }

    /**
     * Issue 14, start-up: the runtime maps its archive of the JDK's classes from the first start; the app's own
     * archive is recorded by the second long-running start and mapped from the third (PackagedArchive), in a folder
     * copied elsewhere, where one made at packaging would not match.
     */
    @Test
    void aCopiedFolderRecordsItsClassArchiveOnceAndStartsFromItAfterwards() throws Exception {
        var root = copyFolder(image, temp.resolve("cds").resolve("Switchboard"));
        var app = root.resolve("lib/app");
        assertTrue(Files.isRegularFile(root.resolve("lib/runtime/lib/server/classes.jsa")),
                "jlink made no archive of the runtime's classes");
        var flags = app.resolve(PackagedArchive.FLAGS);
        assertFalse(Files.readString(flags).contains(PackagedArchive.RECORD), "shipped asking nothing");
        var headless = root.resolve("bin").resolve("switchboard-headless");

        var version = run(root.resolve("bin").resolve("Switchboard"), "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertFalse(Files.readString(flags).contains(PackagedArchive.RECORD), "a CLI command changes nothing");

        for (int start = 1; start <= 2; start++) {
            var gateway = start(headless, "--headless", "--port", "0");
            awaitListening(gateway);
            gateway.destroy();
            assertTrue(gateway.waitFor(60, TimeUnit.SECONDS), "start " + start + " did not stop on SIGTERM");
            if (start == 1) {
                assertTrue(Files.readString(flags).contains(PackagedArchive.RECORD), Files.readString(flags));
            }
        }
        assertTrue(Files.isRegularFile(app.resolve(PackagedArchive.ARCHIVE)), "the recording start wrote no archive");
        assertTrue(Files.readString(flags).contains("SharedArchiveFile="), Files.readString(flags));

        var classes = temp.resolve("class-load.log");
        var third = start(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes), headless,
                "--headless", "--port", "0");
        awaitListening(third);
        third.destroy();
        assertTrue(third.waitFor(60, TimeUnit.SECONDS));
        var main = Files.readAllLines(classes).stream().filter(l -> l.contains(" dev.switchboard.app.Main ")).toList();
        assertEquals(1, main.size(), main.toString());
        assertTrue(main.get(0).contains("shared objects file (top)"), "Main was not mapped from the app's archive: "
                + main.get(0));
    }

    @Test
    void theUnpackedPortableFolderUpdatesTheJarInLibAppAndRunsTheNewVersion() throws Exception {
        var root = unpackPortable();
        var cli = root.resolve("bin").resolve("Switchboard");
        var jar = root.resolve("lib/app/switchboard.jar");
        // As SelfUpdateIT: the jar repacked with the test release key, and N+1 is the same jar saying 99.0.0.
        var testKey = ReleaseServer.resource("test-release-key.pub").getBytes(StandardCharsets.US_ASCII);
        var original = Files.move(jar, temp.resolve("original.jar"));
        SelfUpdateIT.repack(original, jar, testKey, null);
        var next = SelfUpdateIT.repack(original,
                Files.createDirectories(temp.resolve("release")).resolve("switchboard.jar"), testKey, "99.0.0");

        try (var server = new ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "The next one.", List.of(next));
            assertEquals(0, run(cli, "settings", "set", "update-url", server.releasesUrl()).exitCode());
            var apply = run(cli, "update", "--apply");
            assertEquals(0, apply.exitCode(), apply.output());
            assertTrue(Files.exists(root.resolve("updates").resolve("switchboard-99.0.0.zip")),
                    "the download waits in the data folder, the app-image's root");
        }

        var restarted = run(cli, "--version");

        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(restarted.output().contains("to 99.0.0"), restarted.output());
        assertTrue(restarted.output().contains("Switchboard 99.0.0"), "the launcher ran the new jar: "
                + restarted.output());
        assertArrayEquals(Files.readAllBytes(next), Files.readAllBytes(jar), "lib/app/switchboard.jar was replaced");
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-99.0.0-"))
                    .count(), "the database was backed up in the root first");
        }
    }

    @Test
    void thePortableTarballUnpacksToAFolderThatStartsKeepsItsDataBesideTheLauncherAndTravels() throws Exception {
        assertTrue(portable != null, "the package profile made no portable tarball in " + packages);
        assertEquals(PortableArchive.fileName(Version.current(), PortableArchive.Os.LINUX,
                PortableArchive.arch(System.getProperty("os.arch"))), portable.getFileName().toString());
        var root = unpackPortable();

        // Layout: one folder, the app-image as it was made and marked portable, with no data in it yet.
        try (Stream<Path> top = Files.list(root.getParent())) {
            assertEquals(List.of(root), top.toList());
        }
        assertTrue(Files.isRegularFile(root.resolve("lib/app").resolve(Installation.MARKER)), "marked portable");
        for (var launcher : List.of("bin/Switchboard", "bin/switchboard-headless", "lib/runtime/bin/java",
                "lib/runtime/lib/jspawnhelper")) {
            assertTrue(Files.isExecutable(root.resolve(launcher)), launcher + " lost its execute bit");
        }
        assertArrayEquals(Files.readAllBytes(image.resolve("lib/app/switchboard.jar")),
                Files.readAllBytes(root.resolve("lib/app/switchboard.jar")));
        assertFalse(Files.exists(root.resolve("switchboard.db")), "the archive carries no data");
        // Launcher options: the JVM options and the headless launcher's default argument, as jpackage wrote them.
        for (var cfg : List.of("lib/app/Switchboard.cfg", "lib/app/switchboard-headless.cfg")) {
            assertEquals(Files.readString(image.resolve(cfg)), Files.readString(root.resolve(cfg)), cfg);
            assertTrue(Files.readString(root.resolve(cfg)).contains("java-options=-Xmx"), cfg + " caps the heap");
        }
        assertTrue(Files.readString(root.resolve("lib/app/switchboard-headless.cfg")).contains("arguments=--headless"));

        // The first start makes the data beside the launcher's folder: the folder's root.
        var cli = root.resolve("bin").resolve("Switchboard");
        assertEquals(0, run(cli, "settings", "set", "port", Integer.toString(freePort())).exitCode());
        var gateway = start(root.resolve("bin").resolve("switchboard-headless")); // no arguments: --headless
        var base = awaitListening(gateway);
        assertEquals(Version.current(), JSON.readTree(get(base + "/healthz").body()).get("version").asText());
        var add = run(cli, "channels", "add", "--force", "stick", "--url", "https://relay.example/v1", "--key", "-",
                "-m", "portable-model");
        assertEquals(0, add.exitCode(), add.output());
        awaitModel(base, "portable-model");
        gateway.destroy();
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway did not stop on SIGTERM");
        assertTrue(Files.exists(root.resolve("switchboard.db")), "the database is in the unpacked folder's root");
        assertTrue(Files.exists(root.resolve("admin.token")));

        // The folder copied elsewhere starts with its data.
        var copy = copyFolder(root, temp.resolve("other-machine").resolve("Switchboard"));
        var again = start(copy.resolve("bin").resolve("switchboard-headless"), "--headless", "--port", "0");
        var copiedBase = awaitListening(again);
        assertTrue(get(copiedBase + "/v1/models").body().contains("\"portable-model\""));
        again.destroy();
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void theUnpackedPortableFolderReplacesItsWholeImageWhenTheReleaseHasOtherLaunchersAndRunsIt() throws Exception {
        var root = unpackPortable();
        var cli = root.resolve("bin").resolve("Switchboard");
        var testKey = ReleaseServer.resource("test-release-key.pub").getBytes(StandardCharsets.US_ASCII);
        var jar = root.resolve("lib/app/switchboard.jar");
        var original = Files.move(jar, temp.resolve("original.jar"));
        SelfUpdateIT.repack(original, jar, testKey, null);
        assertEquals(0, run(cli, "settings", "set", "port", "9494").exitCode());
        // The release: this app-image with N+1's jar and launchers started with other JVM options, as when the
        // options are tuned; its fingerprint differs, so the portable folder takes the whole image.
        var next = copyFolder(image, temp.resolve("build").resolve("Switchboard"));
        Files.delete(next.resolve("lib/app/switchboard.jar"));
        SelfUpdateIT.repack(original, next.resolve("lib/app/switchboard.jar"), testKey, "99.0.0");
        for (var cfg : List.of("Switchboard.cfg", "switchboard-headless.cfg")) {
            var file = next.resolve("lib/app").resolve(cfg);
            Files.writeString(file, Files.readString(file) + "java-options=-Dswitchboard.image=next\n");
        }
        var archive = PortableArchive.write(next, temp.resolve("build"), PortableArchive.arch(System.getProperty(
                "os.arch")));
        var releaseJar = Files.copy(next.resolve("lib/app/switchboard.jar"),
                Files.createDirectories(temp.resolve("release")).resolve("switchboard.jar"));

        try (var server = new ReleaseServer()) {
            server.publishWithImages("v99.0.0", "99.0.0", List.of(releaseJar), List.of(archive));
            assertEquals(0, run(cli, "settings", "set", "update-url", server.releasesUrl()).exitCode());
            var apply = run(cli, "update", "--apply");
            assertEquals(0, apply.exitCode(), apply.output());
        }
        var restarted = run(cli, "--version");

        assertEquals(0, restarted.exitCode(), restarted.output());
        assertTrue(restarted.output().contains("to 99.0.0"), restarted.output());
        assertTrue(restarted.output().contains("Switchboard 99.0.0"), "the new image ran: " + restarted.output());
        assertTrue(Files.readString(root.resolve("lib/app/Switchboard.cfg")).contains("-Dswitchboard.image=next"),
                "the new launchers are in place");
        assertTrue(Files.isRegularFile(root.resolve("lib/app").resolve(Installation.MARKER)), "still portable");
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("switchboard.db.before-99.0.0-"))
                    .count(), "the database was backed up in the root first");
        }
        var port = run(cli, "settings", "get", "port");
        assertTrue(port.output().contains("9494"), "the data stayed: " + port.output());
        assertFalse(Files.exists(root.resolve(".lib.old")), "the old image was tidied at the next start");
    }

    @Test
    void anAppImageWithoutThePortableMarkIsUpdatedThroughItsPackage() throws Exception {
        // What the .deb installs is this app-image; here a copy, so the folder is writable and only the mark differs.
        var root = copyFolder(image, temp.resolve("Switchboard"));
        var cli = root.resolve("bin").resolve("Switchboard");
        var jar = root.resolve("lib/app/switchboard.jar");
        var original = Files.move(jar, temp.resolve("original.jar"));
        SelfUpdateIT.repack(original, jar, ReleaseServer.resource("test-release-key.pub")
                .getBytes(StandardCharsets.US_ASCII), null); // trusts the test releases, as the other update test
        try (var server = new ReleaseServer()) {
            server.publish("v99.0.0", "99.0.0", "", List.of(Files.writeString(temp.resolve("switchboard.jar"), "x")));
            assertEquals(0, run(cli, "settings", "set", "update-url", server.releasesUrl()).exitCode());

            var check = run(cli, "update", "--check");
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("installed from its .deb package"), check.output());
            assertTrue(check.output().contains("sudo apt install ./switchboard_99.0.0-1_amd64.deb"), check.output());

            var apply = run(cli, "update", "--apply");
            assertEquals(1, apply.exitCode(), apply.output());
            assertTrue(apply.output().contains("installed from its .deb package"), apply.output());
            assertFalse(Files.exists(root.resolve("updates").resolve("switchboard-99.0.0.zip")));
        }
    }

    @Test
    void theDebPackageDescribesItself() throws Exception {
        assertTrue(deb != null, "the package profile made no .deb in " + packages + " (it needs dpkg-deb and"
                + " fakeroot; -Dpackage.installer.skip=true leaves it out, and then this test cannot pass)");
        var info = exec("dpkg-deb", "--info", deb.toString());
        assertEquals(0, info.exitCode(), info.output());
        assertTrue(info.output().contains("Package: switchboard"), info.output());
        var numeric = Version.current().replaceFirst("[-+].*$", "");
        assertTrue(info.output().contains("Version: " + numeric), info.output());
        assertTrue(info.output().contains("Section: net"), info.output());
        var contents = exec("dpkg-deb", "--contents", deb.toString());
        assertEquals(0, contents.exitCode(), contents.output());
        for (var path : List.of("./opt/switchboard/bin/Switchboard", "./opt/switchboard/bin/switchboard-headless",
                "./opt/switchboard/lib/app/switchboard.jar", "./opt/switchboard/lib/runtime/bin/java")) {
            assertTrue(contents.output().contains(path), path + " is missing:\n" + contents.output());
        }
    }

    /** The portable tarball unpacked with the system's tar, as a person would; returns its Switchboard folder. */
    private Path unpackPortable() throws Exception {
        assertTrue(portable != null, "the package profile made no portable tarball in " + packages);
        var stick = Files.createDirectories(temp.resolve("stick"));
        var untar = exec("tar", "-xzf", portable.toString(), "-C", stick.toString());
        assertEquals(0, untar.exitCode(), untar.output());
        return stick.resolve("Switchboard");
    }

    private Process start(Path launcher, String... args) throws IOException {
        return start(Map.of(), launcher, args);
    }

    private Process start(Map<String, String> environment, Path launcher, String... args) throws IOException {
        var command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command)
                .directory(temp.toFile()) // not the app's folder: the data folder must follow the app, not the cwd
                .redirectErrorStream(true);
        builder.environment().remove(DataFolder.ENV);
        builder.environment().putAll(environment);
        var p = builder.start();
        started.add(p);
        return p;
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a launcher with a fake key on standard input (read by {@code --key -}). */
    private Run run(Path launcher, String... args) throws Exception {
        var p = start(launcher, args);
        try (var stdin = p.getOutputStream()) {
            stdin.write((KEY + "\n").getBytes(StandardCharsets.UTF_8));
        }
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + output);
        return new Run(p.exitValue(), output);
    }

    private static Run exec(String... command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    /** Reads the gateway's output until it says where it listens (it prints that once it accepts connections). */
    private static String awaitListening(Process p) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            var m = LISTENING.matcher(line);
            if (m.find()) {
                var drain = new Thread(() -> { // the child never blocks on a full pipe
                    try {
                        reader.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // the test closed the stream when it stopped the process: nothing left to drain
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the gateway exited without listening:\n" + seen);
    }

    /** Asks until the model appears: the change comes from another process, noticed by polling data_version. */
    private void awaitModel(String base, String model) throws Exception {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = get(base + "/v1/models").body();
            if (body.contains("\"" + model + "\"")) {
                return;
            }
            // no sleep: each request is the wait; bounded by the deadline
        }
        throw new AssertionError(model + " never appeared in /v1/models: " + body);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Copies a folder as a person's file manager would: permissions kept (the launchers stay executable). */
    private static Path copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (var source : files.toList()) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return to;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path find(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }
}
