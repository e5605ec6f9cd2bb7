package dev.switchboard.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable archive on small stand-ins for the three app-image layouts; {@code PackagedAppImageIT} runs it on
 * the real Linux app-image. Where {@code tar} is installed, the system's tar reads what is written, as a person's
 * would.
 */
class PortableArchiveTest {
    @TempDir
    Path temp;

    @Test
    void aLinuxImageBecomesATarballNamedForItsVersionWhoseFolderKeepsExecuteBitsLinksAndLongPaths()
            throws Exception {
        assumeTrue(posix(), "execute bits are a POSIX matter");
        var image = linuxImage(temp.resolve("package").resolve("Switchboard"));

        var archive = PortableArchive.write(image, temp.resolve("package"), "x64");

        assertEquals("Switchboard-1.2.3-linux-x64.tar.gz", archive.getFileName().toString());
        var folder = PortableArchive.extract(archive, temp.resolve("unpacked"));
        assertEquals(temp.resolve("unpacked").resolve("Switchboard"), folder);
        assertSameTree(image, folder);
        assertTrue(Files.isExecutable(folder.resolve("bin/Switchboard")));
        assertFalse(Files.isExecutable(folder.resolve("lib/app/Switchboard.cfg")));
        assertTrue(Files.isSymbolicLink(folder.resolve("lib/runtime/legal/java.desktop/LICENSE")));
        assertTrue(Files.isRegularFile(folder.resolve("lib/app").resolve(Installation.MARKER)),
                "marked portable beside the jar: it updates itself");
        assertFalse(Files.exists(image.resolve("lib/app").resolve(Installation.MARKER)), "the image is not marked");

        if (onPath("tar")) {
            var byTar = Files.createDirectories(temp.resolve("by-tar"));
            var tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", byTar.toString())
                    .redirectErrorStream(true).start();
            var output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, tar.exitValue(), output);
            assertSameTree(image, byTar.resolve("Switchboard"));
            assertTrue(Files.isExecutable(byTar.resolve("Switchboard/lib/runtime/lib/jspawnhelper")));
        }
    }

    @Test
    void aWindowsImageBecomesAZipWithTheExeAtTheTopOfItsFolder() throws Exception {
        var image = Files.createDirectories(temp.resolve("Switchboard"));
        Files.writeString(image.resolve("Switchboard.exe"), "MZ launcher");
        Files.writeString(image.resolve("switchboard-headless.exe"), "MZ console launcher");
        jar(Files.createDirectories(image.resolve("app")).resolve("switchboard.jar"), "2.0.0");
        Files.writeString(Files.createDirectories(image.resolve("runtime/bin")).resolve("java.exe"), "MZ java");

        var archive = PortableArchive.write(image, temp, "x64");

        assertEquals("Switchboard-2.0.0-windows-x64.zip", archive.getFileName().toString());
        try (var zip = new ZipFile(archive.toFile())) {
            assertTrue(zip.getEntry("Switchboard/Switchboard.exe") != null, "Switchboard.exe at the folder's top");
            assertTrue(zip.getEntry("Switchboard/runtime/bin/java.exe") != null);
            assertTrue(zip.getEntry("Switchboard/app/" + Installation.MARKER) != null);
        }
        assertSameTree(image, PortableArchive.extract(archive, temp.resolve("unpacked")));
    }

    @Test
    void aMacBundleIsPackedInsideTheFolderThatHoldsItsData() throws Exception {
        var bundle = Files.createDirectories(temp.resolve("package").resolve("Switchboard.app"));
        Files.writeString(Files.createDirectories(bundle.resolve("Contents/MacOS")).resolve("Switchboard"), "launcher");
        jar(Files.createDirectories(bundle.resolve("Contents/app")).resolve("switchboard.jar"), "3.0.0");

        var archive = PortableArchive.write(bundle, temp, "arm64");

        assertEquals("Switchboard-3.0.0-macos-arm64.tar.gz", archive.getFileName().toString());
        var folder = PortableArchive.extract(archive, temp.resolve("unpacked"));
        assertSameTree(bundle, folder.resolve("Switchboard.app"));
        assertTrue(Files.isRegularFile(folder.resolve("Switchboard.app/Contents/app").resolve(Installation.MARKER)));
    }

    @Test
    void refusesAFolderThatIsNoAppImage() throws IOException {
        var other = Files.createDirectories(temp.resolve("Switchboard"));
        var e = assertThrows(IllegalArgumentException.class, () -> PortableArchive.write(other, temp, "x64"));
        assertTrue(e.getMessage().contains("not a Switchboard app-image"), e.getMessage());
    }

    @Test
    void refusesAnArchiveThatWouldWriteOutsideItsFolder() throws Exception {
        var zip = temp.resolve("evil.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("Switchboard/../../escaped"));
            out.write(1);
            out.closeEntry();
        }
        var e = assertThrows(IOException.class, () -> PortableArchive.extract(zip, temp.resolve("into")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("escaped")));
    }

    @Test
    void namesTheArchitectureAsDownloadsDo() {
        assertEquals("x64", PortableArchive.arch("amd64"));
        assertEquals("x64", PortableArchive.arch("x86_64"));
        assertEquals("arm64", PortableArchive.arch("aarch64"));
    }

    /** The Linux layout, with what the tar format must carry: execute bits, a link, a path past 100 bytes. */
    private static Path linuxImage(Path image) throws IOException {
        Files.createDirectories(image.resolve("bin"));
        executable(Files.writeString(image.resolve("bin/Switchboard"), "#!/bin/sh\necho launcher\n"));
        executable(Files.writeString(image.resolve("bin/switchboard-headless"), "#!/bin/sh\necho headless\n"));
        var app = Files.createDirectories(image.resolve("lib/app"));
        jar(app.resolve("switchboard.jar"), "1.2.3");
        Files.writeString(app.resolve("Switchboard.cfg"), "[JavaOptions]\njava-options=-Xmx128m\n");
        var runtime = Files.createDirectories(image.resolve("lib/runtime"));
        executable(Files.write(Files.createDirectories(runtime.resolve("bin")).resolve("java"), new byte[70_000]));
        executable(Files.writeString(Files.createDirectories(runtime.resolve("lib")).resolve("jspawnhelper"), "x"));
        Files.writeString(Files.createDirectories(runtime.resolve("legal/java.base")).resolve("LICENSE"), "GPL");
        Files.createSymbolicLink(Files.createDirectories(runtime.resolve("legal/java.desktop")).resolve("LICENSE"),
                Path.of("../java.base/LICENSE"));
        var deep = runtime.resolve("a-rather-long-folder-name-for-the-ustar-limit/"
                + "and-another-one-that-makes-the-path-longer-still/and-a-third");
        Files.writeString(Files.createDirectories(deep).resolve("a-file-name-that-is-itself-longer-than-a-hundred-"
                + "bytes-so-that-only-a-pax-header-can-carry-the-whole-of-it.txt"), "deep");
        return image;
    }

    private static void jar(Path jar, String version) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("dev/switchboard/app/version.properties"));
            out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static Path executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The same files with the same bytes, links as links. */
    private static void assertSameTree(Path expected, Path actual) throws IOException {
        try (var files = Files.walk(expected)) {
            for (var file : files.toList()) {
                var other = actual.resolve(expected.relativize(file).toString());
                if (Files.isSymbolicLink(file)) {
                    assertEquals(Files.readSymbolicLink(file), Files.readSymbolicLink(other), other.toString());
                } else if (Files.isDirectory(file)) {
                    assertTrue(Files.isDirectory(other), other + " is missing");
                } else {
                    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(other), other.toString());
                }
            }
        }
        try (var files = Files.walk(actual); var wanted = Files.walk(expected)) {
            var more = files.filter(p -> !p.getFileName().toString().equals(Installation.MARKER)).count();
            assertEquals(wanted.count(), more, "nothing more in " + actual + " than the portable mark");
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static boolean onPath(String tool) {
        var path = System.getenv("PATH");
        for (var dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
