package dev.switchboard.update;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The portable download of a jpackage app-image: one archive whose single top folder, {@value #FOLDER}, is what a
 * person unpacks anywhere (a USB stick) and runs; the data folder is that folder (beside {@code bin/} on Linux,
 * beside {@code Switchboard.exe} on Windows, beside {@code Switchboard.app} on macOS), so the archive ships none and
 * the first start makes it. The same code makes it on every OS (the {@code package} profile runs {@link #main}), and
 * reads it back ({@link #extract}) for a whole-image update.
 *
 * <ul>
 *   <li>Linux and macOS: {@code Switchboard-VERSION-OS-ARCH.tar.gz}. A tarball because it keeps what a zip does not
 *       reliably keep across unpackers: the launchers', {@code bin/java}'s and {@code jspawnhelper}'s execute bits
 *       (without the last, the gateway cannot start a process) and symbolic links.</li>
 *   <li>Windows: {@code Switchboard-VERSION-windows-ARCH.zip}, which Explorer opens without any tool.</li>
 * </ul>
 * On macOS the folder holds {@code Switchboard.app} rather than being it, because the data stays beside the bundle,
 * never inside it (that would break its signature).
 *
 * <p>The tar format written is POSIX ustar, with a pax header for a path longer than ustar holds; every tar reads
 * it. Written by hand because the JDK has no tar and one small class is cheaper than a library in the jar.
 */
public final class PortableArchive {
    /** The archive's one top folder, and the name of the portable folder once unpacked. */
    public static final String FOLDER = "Switchboard";

    /** The OS an app-image is for, known from its layout. */
    public enum Os {
        LINUX("linux", ".tar.gz"), WINDOWS("windows", ".zip"), MACOS("macos", ".tar.gz");

        private final String label;
        private final String extension;

        Os(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }

        public String label() {
            return label;
        }

        public String extension() {
            return extension;
        }

        /** Linux's {@code Switchboard/bin/}, Windows' {@code Switchboard/Switchboard.exe}, macOS's {@code Switchboard.app}. */
        static Os of(Path image) {
            if (image.getFileName().toString().endsWith(".app") && Files.isDirectory(image.resolve("Contents"))) {
                return MACOS;
            }
            if (Files.isRegularFile(image.resolve(FOLDER + ".exe"))) {
                return WINDOWS;
            }
            if (Files.isDirectory(image.resolve("bin")) && Files.isDirectory(image.resolve("lib").resolve("app"))) {
                return LINUX;
            }
            throw new IllegalArgumentException(image + " is not a Switchboard app-image (no bin/ and lib/app/, no"
                    + " Switchboard.exe, not a .app bundle).");
        }

        /** The runtime's home (where its {@code release} file is) in such an image. */
        Path runtimeHome(Path image) {
            return switch (this) {
                case LINUX -> image.resolve("lib").resolve("runtime");
                case WINDOWS -> image.resolve("runtime");
                case MACOS -> image.resolve("Contents").resolve("runtime").resolve("Contents").resolve("Home");
            };
        }

        /**
         * The portable folder (the archive's {@value #FOLDER}, the data folder) of an image whose jar is in
         * {@code appFolder}: {@code lib/app/}'s grandparent, {@code app/}'s parent, or the folder holding the bundle.
         */
        Path root(Path appFolder) {
            return switch (this) {
                case LINUX -> appFolder.getParent().getParent();
                case WINDOWS -> appFolder.getParent();
                case MACOS -> appFolder.getParent().getParent().getParent();
            };
        }

        /** The app-image in an unpacked portable folder: the folder itself, or on macOS the bundle in it. */
        Path image(Path folder) {
            return this == MACOS ? folder.resolve(FOLDER + ".app") : folder;
        }

        /** Where the jar sits in such an image. */
        Path jar(Path image) {
            return switch (this) {
                case LINUX -> image.resolve("lib").resolve("app").resolve("switchboard.jar");
                case WINDOWS -> image.resolve("app").resolve("switchboard.jar");
                case MACOS -> image.resolve("Contents").resolve("app").resolve("switchboard.jar");
            };
        }
    }

    private static final int BLOCK = 512;
    private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private PortableArchive() {
    }

    /** The archive's file name: {@code Switchboard-0.2.0-linux-x64.tar.gz}. */
    public static String fileName(String version, Os os, String arch) {
        return FOLDER + "-" + version + "-" + os.label() + "-" + arch + os.extension();
    }

    /** The platform part of an archive's name: {@code linux-x64}. */
    public static String platform(Os os, String arch) {
        return os.label() + "-" + arch;
    }

    /** The platform an archive of {@code version} is for, read from its name ({@link #fileName}). */
    static String platformOf(Path archive, String version) {
        var name = archive.getFileName().toString();
        var prefix = FOLDER + "-" + version + "-";
        for (var os : Os.values()) {
            if (name.startsWith(prefix + os.label() + "-") && name.endsWith(os.extension())) {
                return name.substring(prefix.length(), name.length() - os.extension().length());
            }
        }
        throw new IllegalArgumentException(name + " is not named as a portable archive of " + version
                + " (" + fileName(version, Os.LINUX, "x64") + ")");
    }

    /** Which OS an unpacked portable folder is for. */
    static Os osOf(Path folder) {
        return Files.isDirectory(folder.resolve(FOLDER + ".app")) ? Os.MACOS : Os.of(folder);
    }

    /** {@code os.arch} in the words downloads use: x64, arm64 (others as the JVM says them). */
    public static String arch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Writes the portable archive of {@code image} into {@code destFolder}, named by the version of the jar inside
     * it, this OS's layout and {@code arch}.
     */
    public static Path write(Path image, Path destFolder, String arch) throws IOException {
        var os = Os.of(image);
        var target = destFolder.resolve(fileName(versionOf(os.jar(image)), os, arch));
        // The folder people unpack: the image itself, or on macOS a folder around the bundle.
        var prefix = os == Os.MACOS ? FOLDER + "/" + image.getFileName() : FOLDER;
        // The mark that makes an unpacked folder update itself (Installation): only in the archive, so that the
        // installers, made from the same inputs, are updated by their packages.
        var marker = prefix + "/" + image.relativize(os.jar(image).getParent()).toString().replace('\\', '/') + "/"
                + Installation.MARKER;
        var partial = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            if (os == Os.WINDOWS) {
                writeZip(image, prefix, marker, out);
            } else {
                writeTarGz(image, os == Os.MACOS ? FOLDER : null, prefix, marker, out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** The version {@code switchboard.jar} says it is (its {@code version.properties}). */
    static String versionOf(Path jar) throws IOException {
        try (var zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("dev/switchboard/app/version.properties");
            if (entry == null) {
                throw new IOException(jar + " does not say its version (no version.properties).");
            }
            var properties = new Properties();
            try (var in = zip.getInputStream(entry)) {
                properties.load(in);
            }
            var version = properties.getProperty("version", "").strip();
            if (version.isEmpty()) {
                throw new IOException(jar + " does not say its version.");
            }
            return version;
        }
    }

    private static List<Path> entries(Path image) throws IOException {
        try (Stream<Path> files = Files.walk(image)) {
            // Sorted: the same image gives the same archive, and a folder comes before what it holds.
            return files.sorted(Comparator.comparing(p -> image.relativize(p).toString().replace('\\', '/')))
                    .toList();
        }
    }

    private static String name(Path image, Path file, String prefix) {
        var relative = image.relativize(file).toString().replace('\\', '/');
        return relative.isEmpty() ? prefix : prefix + "/" + relative;
    }

    private static final byte[] MARKER_TEXT = ("This Switchboard was unpacked from its portable archive: it updates"
            + " itself in place (docs/RELEASING.md). Without this file it would take itself for an installed package.\n")
            .getBytes(StandardCharsets.UTF_8);

    private static void writeZip(Path image, String prefix, String marker, OutputStream out) throws IOException {
        try (var zip = new ZipOutputStream(out)) {
            for (var file : entries(image)) {
                var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                if (attributes.isDirectory()) {
                    var entry = new ZipEntry(name(image, file, prefix) + "/");
                    entry.setLastModifiedTime(attributes.lastModifiedTime());
                    zip.putNextEntry(entry);
                } else {
                    var entry = new ZipEntry(name(image, file, prefix));
                    entry.setLastModifiedTime(attributes.lastModifiedTime());
                    zip.putNextEntry(entry);
                    Files.copy(file, zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(marker));
            zip.write(MARKER_TEXT);
            zip.closeEntry();
        }
    }

    private static void writeTarGz(Path image, String outerFolder, String prefix, String marker, OutputStream out)
            throws IOException {
        try (var gzip = new GZIPOutputStream(out, 64 * 1024)) {
            if (outerFolder != null) {
                header(gzip, outerFolder + "/", '5', 0755, 0, Files.getLastModifiedTime(image).toMillis() / 1000, "");
            }
            for (var file : entries(image)) {
                var name = name(image, file, prefix);
                long mtime = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000;
                if (Files.isSymbolicLink(file)) {
                    header(gzip, name, '2', 0777, 0, mtime, Files.readSymbolicLink(file).toString().replace('\\', '/'));
                } else if (Files.isDirectory(file)) {
                    header(gzip, name + "/", '5', 0755, 0, mtime, "");
                } else {
                    long size = Files.size(file);
                    header(gzip, name, '0', executable(file) ? 0755 : 0644, size, mtime, "");
                    Files.copy(file, gzip);
                    pad(gzip, size);
                }
            }
            header(gzip, marker, '0', 0644, MARKER_TEXT.length, Files.getLastModifiedTime(image).toMillis() / 1000, "");
            gzip.write(MARKER_TEXT);
            pad(gzip, MARKER_TEXT.length);
            gzip.write(new byte[2 * BLOCK]); // the end of the archive: two empty blocks
        }
    }

    private static boolean executable(Path file) throws IOException {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            return permissions.stream().anyMatch(EXECUTABLE::contains);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }

    /** One ustar header; a path longer than ustar's fields is carried by a pax header before it. */
    private static void header(OutputStream out, String name, char type, int mode, long size, long mtime,
                               String link) throws IOException {
        var nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String ustarName = name;
        String ustarPrefix = "";
        if (nameBytes.length > 100) {
            int cut = name.lastIndexOf('/', name.length() - 2);
            while (cut > 0 && (name.substring(0, cut).getBytes(StandardCharsets.UTF_8).length > 155
                    || name.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
                cut = name.lastIndexOf('/', cut - 1);
            }
            if (cut > 0) {
                ustarPrefix = name.substring(0, cut);
                ustarName = name.substring(cut + 1);
            } else {
                pax(out, "path", name, mtime);
                ustarName = name.substring(0, 99);
            }
        }
        if (link.getBytes(StandardCharsets.UTF_8).length > 100) {
            pax(out, "linkpath", link, mtime);
        }
        var block = new byte[BLOCK];
        put(block, 0, 100, ustarName);
        octal(block, 100, 8, mode);
        octal(block, 108, 8, 0);
        octal(block, 116, 8, 0);
        octal(block, 124, 12, size);
        octal(block, 136, 12, mtime);
        block[156] = (byte) type;
        put(block, 157, 100, link);
        put(block, 257, 6, "ustar");
        put(block, 263, 2, "00");
        put(block, 345, 155, ustarPrefix);
        for (int i = 148; i < 156; i++) {
            block[i] = ' ';
        }
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        octal(block, 148, 7, sum);
        out.write(block);
    }

    private static void pax(OutputStream out, String key, String value, long mtime) throws IOException {
        var record = " " + key + "=" + value + "\n";
        int length = record.getBytes(StandardCharsets.UTF_8).length;
        int digits = Integer.toString(length).length();
        while (Integer.toString(length + digits).length() != digits) {
            digits++;
        }
        var body = ((length + digits) + record).getBytes(StandardCharsets.UTF_8);
        header(out, "PaxHeader", 'x', 0644, body.length, mtime, "");
        out.write(body);
        pad(out, body.length);
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static void put(byte[] block, int at, int length, String value) {
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, block, at, Math.min(bytes.length, length));
    }

    /** A NUL-terminated octal number filling {@code length} bytes. */
    private static void octal(byte[] block, int at, int length, long value) {
        var digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("too large for a tar header: " + value);
        }
        put(block, at, length - 1, "0".repeat(length - 1 - digits.length()) + digits);
    }

    /**
     * Unpacks a portable archive (either format) into {@code into}, keeping execute bits and links; returns the
     * unpacked {@value #FOLDER} folder. Refuses an entry that would land outside {@code into}.
     */
    public static Path extract(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        var name = archive.getFileName().toString();
        if (name.endsWith(".zip")) {
            try (var zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    var target = inside(into, entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            try (var in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 64 * 1024)) {
                readTar(in, into);
            }
        }
        var folder = into.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new IOException(archive + " holds no " + FOLDER + " folder.");
        }
        return folder;
    }

    private static void readTar(InputStream in, Path into) throws IOException {
        var block = new byte[BLOCK];
        String paxPath = null;
        String paxLink = null;
        while (in.readNBytes(block, 0, BLOCK) == BLOCK) {
            if (isZero(block)) {
                return;
            }
            var name = text(block, 0, 100);
            var prefix = text(block, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(text(block, 124, 12).strip().isEmpty() ? "0" : text(block, 124, 12).strip(), 8);
            int mode = Integer.parseInt(text(block, 100, 8).strip().isEmpty() ? "0" : text(block, 100, 8).strip(), 8);
            char type = (char) block[156];
            var link = text(block, 157, 100);
            if (type == 'x') {
                var body = new String(readPadded(in, size), StandardCharsets.UTF_8);
                for (var line : body.split("\n")) {
                    int space = line.indexOf(' ');
                    int equals = line.indexOf('=');
                    if (space > 0 && equals > space) {
                        var key = line.substring(space + 1, equals);
                        var value = line.substring(equals + 1);
                        if (key.equals("path")) {
                            paxPath = value;
                        } else if (key.equals("linkpath")) {
                            paxLink = value;
                        }
                    }
                }
                continue;
            }
            if (paxPath != null) {
                name = paxPath;
                paxPath = null;
            }
            if (paxLink != null) {
                link = paxLink;
                paxLink = null;
            }
            var target = inside(into, name);
            switch (type) {
                case '5' -> Files.createDirectories(target);
                case '2' -> {
                    Files.createDirectories(target.getParent());
                    inside(into, target.getParent().resolve(link).normalize().toString()); // no link out of it
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(link));
                }
                case '0', '\0' -> {
                    Files.createDirectories(target.getParent());
                    try (var out = Files.newOutputStream(target)) {
                        copy(in, out, size);
                    }
                    pad(in, size);
                    if ((mode & 0111) != 0) {
                        makeExecutable(target);
                    }
                }
                default -> readPadded(in, size); // other entry types are not part of an app-image
            }
        }
        throw new IOException("the archive ends early (cut short?)");
    }

    private static void makeExecutable(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        var permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        permissions.addAll(EXECUTABLE);
        Files.setPosixFilePermissions(file, permissions);
    }

    private static Path inside(Path root, String name) throws IOException {
        var base = root.toAbsolutePath().normalize();
        var target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
            throw new IOException("the archive would write outside " + root + " (" + name + ")");
        }
        return target;
    }

    private static byte[] readPadded(InputStream in, long size) throws IOException {
        var out = new ByteArrayOutputStream();
        copy(in, out, size);
        pad(in, size);
        return out.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        var buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the archive ends early (cut short?)");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void pad(InputStream in, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            in.skipNBytes(BLOCK - rest);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] block, int at, int length) {
        int end = at;
        while (end < at + length && block[end] != 0) {
            end++;
        }
        return new String(block, at, end - at, StandardCharsets.UTF_8);
    }

    /**
     * {@code java -cp switchboard.jar dev.switchboard.update.PortableArchive IMAGE DEST}: writes the portable archive
     * of the app-image IMAGE ({@code target/package/Switchboard} or {@code Switchboard.app}) into DEST and prints
     * its path.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PortableArchive APP-IMAGE DEST-FOLDER");
            System.exit(2);
        }
        var written = write(Path.of(args[0]), Path.of(args[1]), arch(System.getProperty("os.arch", "")));
        System.out.println("wrote " + written + " (" + Files.size(written) / (1024 * 1024) + " MB)");
    }
}
