package dev.switchboard.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * The packaged app's class-data archive (AppCDS, issue 14): the classes a start loads, parsed and verified once and
 * mapped from a file at every later start, which is most of what the JVM does before the gateway listens.
 *
 * <p>Why it is made on the person's machine and not at packaging: on Java 17 an archive of the app's classes is
 * valid only for the jar's absolute path at the time it was made ("shared class paths mismatch" otherwise; later
 * JDKs relax this), and a portable folder is unpacked anywhere and moved with its data. The runtime's own archive of
 * the JDK's classes has no such tie and is made at packaging (jlink's {@code --generate-cds-archive}).
 *
 * <p>How, given that a jpackage launcher's JVM options are fixed in its {@code .cfg}: the launchers pass
 * {@code -XX:Flags=$APPDIR/switchboard.flags}, a file of further JVM options that the JVM reads at start and this
 * class rewrites. It ships empty (a comment); the first long-running start writes {@value #RECORD} into it, which
 * lets the next one write an archive of what it loaded (a diagnostic command, run here in-process when it quits).
 * So the third start of a fresh folder is the first fast one. Once written, the file names the
 * archive instead ({@code SharedArchiveFile}), with the identity of the jar it was made for kept beside it; a start
 * that finds the folder moved, the jar updated or another Java goes back to recording. The two options are never in
 * the file together: Java 17 refuses to start when asked to record on top of an app archive.
 *
 * <p>Nothing happens where the app's folder cannot be written (a {@code .deb} in {@code /opt}): those starts keep the
 * runtime's archive only. A failed dump leaves the file recording, to try again at the next quit; a stale or broken
 * archive is only ever skipped by the JVM, never fatal. The launchers also pass {@code -Xlog:cds=off,cds+dynamic=off}:
 * Java 17 prints a warning on standard output when it skips an archive, which would end up in the CLI's output.
 */
final class PackagedArchive {
    static final String FLAGS = "switchboard.flags";
    static final String ARCHIVE = "switchboard.jsa";
    /** The archive's identity: {@link TunedLaunch#archiveKey} of the jar it was made for. */
    static final String KEY = "switchboard.jsa.key";
    static final String RECORD = "+RecordDynamicDumpInfo";
    private static final String HEADER = "# JVM options read by the launchers (-XX:Flags); rewritten by Switchboard,"
            + " see PackagedArchive.\n";

    /** Writes the archive of this JVM's classes to a file: the JVM's {@code VM.cds dynamic_dump}, or a test's fake. */
    interface Dumper {
        void dump(Path file) throws Exception;
    }

    private final Path appFolder;
    private final Dumper dumper;
    /** The identity of the jar this JVM loaded, taken at start: an update may replace the jar before the quit. */
    private final String keyAtStart;

    PackagedArchive(Path appFolder, Path jar, Dumper dumper) throws IOException {
        this.appFolder = appFolder;
        this.dumper = dumper;
        this.keyAtStart = TunedLaunch.archiveKey(jar);
    }

    /** This process's archive, when it runs from a jpackage launcher whose folder has the flags file. */
    static Optional<PackagedArchive> ofThisProcess() {
        if (System.getProperty(DataFolder.APP_PATH_PROPERTY) == null) {
            return Optional.empty();
        }
        var jar = DataFolder.jarPathOf(PackagedArchive.class);
        if (jar == null || !Files.isRegularFile(jar.resolveSibling(FLAGS))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PackagedArchive(jar.getParent(), jar, PackagedArchive::dumpThisJvm));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * At the start of a long-running process, decides what the next start does:
     * <ul>
     *   <li>flags that name an archive made for another jar, place or Java go back to recording (this start already
     *       runs without it: the JVM checked and skipped it);</li>
     *   <li>flags that neither record nor name an archive (as shipped) start recording, but only when this JVM maps
     *       the runtime's archive ({@code sharing}): Java 17 refuses to start at all when asked to record without
     *       it, and a launcher that does not start is worse than a slow one.</li>
     * </ul>
     *
     * @param sharing this JVM uses the runtime's archive ({@link #thisJvmShares()})
     */
    void checkAtStart(boolean sharing) {
        try {
            var flags = Files.readString(appFolder.resolve(FLAGS), StandardCharsets.UTF_8);
            if (flags.contains("SharedArchiveFile=")) {
                if (!keyAtStart.equals(storedKey())) {
                    writeFlags(sharing ? RECORD : "");
                    writable(appFolder.resolve(ARCHIVE));
                    Files.deleteIfExists(appFolder.resolve(ARCHIVE));
                    Files.deleteIfExists(appFolder.resolve(KEY));
                }
            } else if (!flags.contains(RECORD) && sharing) {
                writeFlags(RECORD);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only folder or a vanished file: the JVM skips what does not match; nothing to repair here
        }
    }

    /** Whether this JVM maps a class-data archive: Java says so in {@code java.vm.info} ("mixed mode, sharing"). */
    static boolean thisJvmShares() {
        return System.getProperty("java.vm.info", "").contains("sharing");
    }

    /**
     * When a long-running process quits: if this JVM was started recording, writes the archive (to a temporary
     * name first, so that a process killed halfway never leaves a half archive under the real name) and points
     * the flags at it. Takes about a second, once.
     */
    void writeAtQuit(boolean recording) {
        if (!recording || !Files.isWritable(appFolder)) {
            return;
        }
        var archive = appFolder.resolve(ARCHIVE);
        var partial = appFolder.resolve(ARCHIVE + ".partial");
        var path = archive.toAbsolutePath().toString().replace('\\', '/'); // the flags file's parser has no escapes
        if (path.contains("\"")) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
            dumper.dump(partial);
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                return;
            }
            move(partial, archive);
            Files.writeString(appFolder.resolve(KEY), keyAtStart, StandardCharsets.UTF_8);
            writeFlags("SharedArchiveFile=\"" + path + "\"");
        } catch (Exception e) {
            // recording stays on: the next quit tries again; the app never fails to quit over its archive
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** Whether this JVM records the classes it loads ({@value #RECORD} was in the flags it started with). */
    static boolean thisJvmRecords() {
        try {
            var option = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("RecordDynamicDumpInfo");
            return Boolean.parseBoolean(option.getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String storedKey() throws IOException {
        var key = appFolder.resolve(KEY);
        return Files.isRegularFile(key) ? Files.readString(key, StandardCharsets.UTF_8).strip() : "";
    }

    private void writeFlags(String option) throws IOException {
        var flags = appFolder.resolve(FLAGS);
        var next = appFolder.resolve(FLAGS + ".next");
        Files.writeString(next, HEADER + (option.isEmpty() ? "" : option + "\n"), StandardCharsets.UTF_8);
        move(next, flags);
    }

    /**
     * The JVM writes its archives read-only, and Windows refuses to delete or replace a read-only file (elsewhere
     * only the folder's permissions count): without this, a stale archive there would be re-recorded at every quit.
     */
    private static void writable(Path file) {
        if (Files.exists(file)) {
            file.toFile().setWritable(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        writable(to);
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code jcmd <pid> VM.cds dynamic_dump <file>}, run in this JVM through its diagnostic-command bean. */
    private static void dumpThisJvm(Path file) throws Exception {
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "vmCds", new Object[] {new String[] {"dynamic_dump", file.toAbsolutePath().toString()}},
                new String[] {String[].class.getName()});
    }
}
