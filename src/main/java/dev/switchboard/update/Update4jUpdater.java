package dev.switchboard.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.update4j.Archive;
import org.update4j.Configuration;
import org.update4j.FileMetadata;
import org.update4j.OS;
import org.update4j.UpdateOptions;
import org.update4j.service.UpdateHandler;

/**
 * {@link Updater} over update4j and a {@link ReleaseSite}. A release is one signed update4j configuration
 * ({@value #CONFIG_ASSET}, see {@link ReleaseConfig}) plus the files it lists. update4j reads and verifies the
 * configuration and downloads the files into one archive, checking each file's size, checksum and RSA signature;
 * installing is ours (a verified copy and an atomic rename per file), because update4j's own install writes to
 * the absolute paths seen at download time, and a portable folder may have moved since.
 */
public final class Update4jUpdater implements Updater {
    public static final String CONFIG_ASSET = "switchboard-update.xml";
    static final String VERSION = "switchboard.version";
    static final String NOTES = "switchboard.notes";
    /** Followed by a platform ({@code linux-x64}): the {@link ImageFingerprint} of that platform's portable archive. */
    static final String IMAGE_PROPERTY_PREFIX = "switchboard.image.";
    /** Placeholders the signed configuration leaves open, filled in on this machine. */
    static final String DOWNLOAD_BASE = "download.base";
    static final String APP_DIR = "app.dir";

    private static final System.Logger LOG = System.getLogger(Update4jUpdater.class.getName());
    private static final String ARCHIVE_PREFIX = "switchboard-";
    private static final String ARCHIVE_SUFFIX = ".zip";

    private final ReleaseSite site;
    private final PublicKey key;
    private final Path updates;
    private final Path appFolder;
    private final String current;
    private final DataBackup backup;
    private final Installation installation;

    /**
     * @param key       the only key a release is trusted by
     * @param updates   the data folder's {@code updates/} (its parent is the data folder, where the fetched model
     *                  catalog is kept)
     * @param appFolder the folder holding {@code switchboard.jar}, or null when running from classes
     * @param current   the running version
     */
    public Update4jUpdater(ReleaseSite site, PublicKey key, Path updates, Path appFolder, String current,
            DataBackup backup) {
        this(site, key, updates, appFolder, current, backup, Installation.current(appFolder));
    }

    /** As above, for an installation other than this process's (tests). */
    Update4jUpdater(ReleaseSite site, PublicKey key, Path updates, Path appFolder, String current,
            DataBackup backup, Installation installation) {
        this.installation = installation;
        this.site = site;
        this.key = key;
        this.updates = updates;
        this.appFolder = appFolder;
        this.current = current;
        this.backup = backup;
    }

    @Override
    public Optional<UpdateInfo> check() throws UpdateException {
        var tag = site.latestTag();
        var config = configuration(tag);
        var version = config.getResolvedProperty(VERSION);
        if (!Versions.isNewer(version, current)) {
            return Optional.empty();
        }
        var notes = config.getResolvedProperties().getOrDefault(NOTES, "");
        return Optional.of(new UpdateInfo(version, notes, tag));
    }

    @Override
    public Optional<String> updatedByPackage(UpdateInfo update) {
        if (installation instanceof Installation.InstalledPackage installed) {
            return Optional.of(installed.howToUpdate(update.version(), site.base() + "/tag/" + update.tag()));
        }
        return Optional.empty();
    }

    @Override
    public PendingUpdate download(UpdateInfo update) throws UpdateException {
        var byPackage = updatedByPackage(update);
        if (byPackage.isPresent()) {
            throw new UpdateException(byPackage.get());
        }
        if (appFolder == null) {
            throw new UpdateException("This Switchboard runs from its classes, not from switchboard.jar, so there"
                    + " is nothing to update; build the jar or download a release.");
        }
        if (!Files.isWritable(appFolder)) {
            // An installed package (a .deb under /opt): refuse now, rather than leave an archive that every
            // start would fail to install.
            throw new UpdateException("Switchboard is installed in " + appFolder + ", which this user cannot write."
                    + " Update it the way it was installed (the new release's installer or package), or use the"
                    + " portable folder, which updates itself.");
        }
        var config = configuration(update.tag());
        var version = config.getResolvedProperty(VERSION);
        if (!version.equals(update.version())) {
            throw new UpdateException("Release " + update.tag() + " changed while it was being fetched (it now"
                    + " says " + version + "); check again.");
        }
        var image = wholeImage(config);
        if (image.isPresent()) {
            // The release's runtime or launchers differ from this image's: the whole portable archive, not the jar.
            config = configuration(update.tag(), ReleaseConfig.imageConfigAsset(image.get().platform()));
            if (!version.equals(config.getResolvedProperty(VERSION))) {
                throw new UpdateException("The image configuration of release " + update.tag() + " names version "
                        + config.getResolvedProperty(VERSION) + ", not " + version + "; nothing was downloaded.");
            }
        }
        Path partial = updates.resolve(".download-" + safe(version) + ARCHIVE_SUFFIX);
        try {
            Files.createDirectories(updates);
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UpdateException("Cannot write in " + updates + " (" + e.getMessage() + "); nothing was"
                    + " downloaded.", e);
        }
        var result = config.update(UpdateOptions.archive(partial).publicKey(key)
                .updateHandler(new QuietHandler(site.userAgent())));
        if (result.getException() != null) {
            deleteQuietly(partial);
            throw new UpdateException("The download of Switchboard " + version + " failed: "
                    + why(result.getException()) + ". Nothing was changed; the installed version keeps working.",
                    result.getException());
        }
        if (!Files.exists(partial)) {
            throw new UpdateException("The files of Switchboard " + version + " are already installed in "
                    + appFolder + "; restart Switchboard to run them.");
        }
        try {
            verify(partial, version);
            var target = archiveOf(version);
            move(partial, target);
            for (var other : archives()) {
                if (!other.equals(target)) {
                    Files.deleteIfExists(other); // superseded by this newer download
                }
            }
            return new PendingUpdate(version, target);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UpdateException("Could not keep the downloaded update in " + updates + " ("
                    + e.getMessage() + "); nothing was changed.", e);
        } catch (UpdateException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    @Override
    public Optional<PendingUpdate> pending() {
        try {
            return archives().stream()
                    .map(a -> new PendingUpdate(versionOf(a), a))
                    .filter(p -> Versions.isNewer(p.version(), current))
                    .max(Comparator.comparing(PendingUpdate::version, Versions::compare));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot list " + updates + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<PendingUpdate> installPending() throws UpdateException {
        var staged = stagePending();
        if (staged.isEmpty()) {
            return Optional.empty();
        }
        try {
            staged.get().finish();
        } catch (IOException e) {
            throw new UpdateException("Could not install Switchboard " + staged.get().version() + " into " + appFolder
                    + " (" + e.getMessage() + "). The update waits in " + staged.get().archive()
                    + " for the next start.", e);
        }
        return Optional.of(new PendingUpdate(staged.get().version(), staged.get().archive()));
    }

    @Override
    public Optional<StagedUpdate> stagePending() throws UpdateException {
        var pending = pending();
        discardStale();
        tidyAfterImageUpdate();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        if (appFolder == null) {
            return Optional.empty(); // running from classes: leave the archive for the jar to install
        }
        var archive = pending.get().archive();
        List<Staged> files;
        try {
            files = verify(archive, pending.get().version());
        } catch (UpdateException e) {
            quarantine(archive);
            throw new UpdateException("The pending update " + archive.getFileName() + " failed its check and was"
                    + " set aside: " + e.getMessage() + ". The installed version keeps working.", e);
        }
        var version = pending.get().version();
        try {
            var copy = backup.backUp(version);
            if (copy != null) {
                LOG.log(System.Logger.Level.INFO, "Backed up the database to " + copy + " before updating to "
                        + version);
            }
        } catch (IOException e) {
            throw new UpdateException("Could not back up the database before updating to " + version + " ("
                    + e.getMessage() + "); the update waits in " + archive + " for the next start.", e);
        }
        try (FileSystem zip = FileSystems.newFileSystem(archive, (ClassLoader) null)) {
            // Copy every file beside its target first; only then (finish) rename them into place, so a full disk
            // or a read-only folder stops the update before anything changed.
            var ready = new ArrayList<StagedUpdate.Move>();
            Path runtimeHome = null;
            try {
                for (var f : files) {
                    if (installation instanceof Installation.PortableImage image && isPortableArchive(f.relative())) {
                        runtimeHome = stageImage(image, zip.getPath(f.entry()), version, ready);
                        continue;
                    }
                    var target = appFolder.resolve(f.relative());
                    Files.createDirectories(target.getParent());
                    var next = target.resolveSibling("." + target.getFileName() + ".new");
                    Files.copy(zip.getPath(f.entry()), next, StandardCopyOption.REPLACE_EXISTING);
                    ready.add(new StagedUpdate.Move(next, target));
                }
            } catch (IOException e) {
                for (var r : ready) {
                    deleteQuietly(r.staged());
                }
                throw e;
            }
            return Optional.of(new StagedUpdate(version, archive, ready, runtimeHome));
        } catch (IOException e) {
            throw new UpdateException("Could not install Switchboard " + version + " into " + appFolder + " ("
                    + e.getMessage() + "). The update waits in " + archive + " for the next start.", e);
        }
    }

    private static boolean isPortableArchive(Path relative) {
        var name = relative.getFileName().toString();
        return relative.getNameCount() == 1 && name.startsWith(PortableArchive.FOLDER + "-")
                && (name.endsWith(".tar.gz") || name.endsWith(".zip"));
    }

    /**
     * Unpacks the new portable archive into {@code updates/image-VERSION/} and adds a move for each top-level entry
     * of it into this image's root (the data in the root is not in the archive, so it stays). Returns the staged
     * runtime's home.
     */
    private Path stageImage(Installation.PortableImage image, Path portable, String version,
                            List<StagedUpdate.Move> moves) throws IOException {
        var staging = updates.resolve(IMAGE_STAGING + safe(version));
        StagedUpdate.deleteTree(staging);
        var unpacked = PortableArchive.extract(portable, staging);
        var os = PortableArchive.osOf(unpacked);
        if (os != image.os()) {
            throw new IOException("the new image is for " + os.label() + ", not " + image.os().label());
        }
        var root = image.os().root(appFolder);
        try (Stream<Path> entries = Files.list(unpacked)) {
            for (var entry : entries.sorted().toList()) {
                moves.add(new StagedUpdate.Move(entry, root.resolve(entry.getFileName().toString())));
            }
        }
        return os.runtimeHome(os.image(unpacked));
    }

    private static final String IMAGE_STAGING = "image-";

    /**
     * What a whole-image update leaves for later, since a program may still have run from it: the replaced folders
     * set aside in the image's root ({@code .lib.old}) and the staged image in {@code updates/}.
     */
    private void tidyAfterImageUpdate() {
        if (!(installation instanceof Installation.PortableImage image) || appFolder == null) {
            return;
        }
        try {
            var root = image.os().root(appFolder);
            try (Stream<Path> entries = Files.list(root)) {
                for (var aside : entries.filter(p -> {
                    var name = p.getFileName().toString();
                    return name.startsWith(".") && name.endsWith(StagedUpdate.ASIDE);
                }).toList()) {
                    StagedUpdate.deleteTree(aside);
                }
            }
            if (Files.isDirectory(updates)) {
                try (Stream<Path> entries = Files.list(updates)) {
                    for (var staged : entries.filter(p -> p.getFileName().toString().startsWith(IMAGE_STAGING)
                            && Files.isDirectory(p)).toList()) {
                        StagedUpdate.deleteTree(staged);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot tidy after an image update yet: " + e.getMessage());
        }
    }

    @Override
    public CatalogCheck refreshCatalog() throws UpdateException {
        return new CatalogUpdater(site, key, updates.getParent()).refresh();
    }

    /**
     * The portable image whose whole app-image must be replaced by this release: when the release publishes an image
     * for its platform and that image's fingerprint is not this one's. Empty for the jar alone (also when this image
     * cannot be fingerprinted: the jar is the safe half).
     */
    private Optional<Installation.PortableImage> wholeImage(Configuration config) {
        if (!(installation instanceof Installation.PortableImage image)) {
            return Optional.empty();
        }
        var wanted = config.getResolvedProperties().get(IMAGE_PROPERTY_PREFIX + image.platform());
        if (wanted == null) {
            return Optional.empty();
        }
        try {
            return wanted.equals(ImageFingerprint.of(image.runtimeHome(), appFolder)) ? Optional.empty()
                    : Optional.of(image);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot fingerprint this app-image (" + e.getMessage()
                    + "); updating the jar alone.");
            return Optional.empty();
        }
    }

    /** Reads the release's configuration and verifies its signature against the release key. */
    private Configuration configuration(String tag) throws UpdateException {
        return configuration(tag, CONFIG_ASSET);
    }

    /** Reads one signed configuration of the release and verifies its signature against the release key. */
    private Configuration configuration(String tag, String asset) throws UpdateException {
        var xml = new String(site.asset(tag, asset), StandardCharsets.UTF_8);
        Configuration config;
        try {
            config = Configuration.read(new StringReader(xml), key, Map.of(
                    DOWNLOAD_BASE, site.downloads(tag).toString(),
                    APP_DIR, (appFolder == null ? updates.resolve("no-app") : appFolder).toString()));
        } catch (SecurityException e) {
            throw new UpdateException("The update configuration of release " + tag + " is not signed by the"
                    + " Switchboard release key (" + e.getMessage() + "). It was ignored; nothing was changed.", e);
        } catch (IOException | RuntimeException e) {
            throw new UpdateException("The update configuration of release " + tag + " cannot be read ("
                    + why(e) + "). Nothing was changed.", e);
        }
        var version = config.getResolvedProperties().get(VERSION);
        if (version == null || version.isBlank()) {
            throw new UpdateException("The update configuration of release " + tag + " does not name its version.");
        }
        return config;
    }

    /** A file of an archive: where it is inside the zip, and where it goes relative to the app folder. */
    private record Staged(String entry, Path relative) {
    }

    /**
     * Checks an archive as if it had just arrived: its configuration's signature, and each file's size, checksum
     * (update4j's {@link Archive#read}) and signature.
     */
    private List<Staged> verify(Path archive, String expectedVersion) throws UpdateException {
        Configuration config;
        List<FileMetadata> listed;
        try {
            var read = Archive.read(archive);
            config = read.getConfiguration();
            listed = read.getFiles();
            config.verifyConfiguration(key);
        } catch (SecurityException e) {
            throw new UpdateException("its configuration is not signed by the Switchboard release key", e);
        } catch (IOException | RuntimeException e) {
            // update4j says "tampered with" when a file's checksum no longer matches its configuration
            throw new UpdateException("it is damaged or was altered (" + e.getMessage() + ")", e);
        }
        var version = config.getResolvedProperties().get(VERSION);
        if (version == null || !safe(version).equals(safe(expectedVersion))) {
            throw new UpdateException("it holds version " + version + ", not " + expectedVersion);
        }
        var base = config.getBasePath();
        var out = new ArrayList<Staged>();
        try (FileSystem zip = FileSystems.newFileSystem(archive, (ClassLoader) null)) {
            for (var file : config.getFiles()) {
                if (file.getOs() != null && file.getOs() != OS.CURRENT) {
                    continue;
                }
                if (listed.stream().noneMatch(l -> l.getPath().normalize().equals(file.getPath().normalize()))) {
                    throw new UpdateException("it is missing " + file.getPath().getFileName());
                }
                var relative = base.relativize(file.getPath().normalize()).normalize();
                if (relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
                    throw new UpdateException("it would write outside the Switchboard folder ("
                            + file.getPath() + ")");
                }
                var entry = "/files/" + file.getPath().normalize().toString().replace('\\', '/')
                        .replaceFirst("^/", "");
                var inZip = zip.getPath(entry);
                if (Files.size(inZip) != file.getSize()) {
                    throw new UpdateException(relative + " has the wrong size (truncated?)");
                }
                if (!signatureMatches(inZip, file.getSignature())) {
                    throw new UpdateException(relative + " is not signed by the Switchboard release key");
                }
                out.add(new Staged(entry, relative));
            }
        } catch (IOException e) {
            throw new UpdateException("it cannot be read (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new UpdateException("it holds no files");
        }
        return out;
    }

    private boolean signatureMatches(Path file, String base64) throws IOException {
        if (base64 == null) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            var sig = Signature.getInstance("SHA256withRSA");
            sig.initVerify(key);
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sig.update(buffer, 0, n);
            }
            return sig.verify(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(updates)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(updates)) {
            return list.filter(p -> {
                var name = p.getFileName().toString();
                return name.startsWith(ARCHIVE_PREFIX) && name.endsWith(ARCHIVE_SUFFIX) && Files.isRegularFile(p);
            }).toList();
        }
    }

    /** Archives of versions not newer than this one are left over from an update already installed. */
    private void discardStale() {
        try {
            for (var a : archives()) {
                if (!Versions.isNewer(versionOf(a), current)) {
                    Files.deleteIfExists(a);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot tidy " + updates + ": " + e.getMessage());
        }
    }

    /** A bad archive is kept for a look, under a name that is never installed. */
    private static void quarantine(Path archive) {
        try {
            move(archive, archive.resolveSibling(archive.getFileName() + ".rejected"));
        } catch (IOException e) {
            deleteQuietly(archive);
        }
    }

    private Path archiveOf(String version) {
        return updates.resolve(ARCHIVE_PREFIX + safe(version) + ARCHIVE_SUFFIX);
    }

    private static String versionOf(Path archive) {
        var name = archive.getFileName().toString();
        return name.substring(ARCHIVE_PREFIX.length(), name.length() - ARCHIVE_SUFFIX.length());
    }

    private static String safe(String version) {
        return version.replaceAll("[^\\w.+-]", "_");
    }

    /** update4j's failures, in words. */
    private static String why(Throwable t) {
        var message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof SecurityException) {
            return "a file is not signed by the Switchboard release key (" + message + ")";
        }
        if (message.startsWith("Size of file")) {
            return "a file arrived with the wrong size, probably cut short (" + message + ")";
        }
        if (message.startsWith("Checksum of file")) {
            return "a file arrived damaged or altered: its checksum does not match (" + message + ")";
        }
        if (t instanceof IOException io) {
            return "the download broke off (" + ReleaseSite.describe(io) + ")";
        }
        return message.isEmpty() ? t.getClass().getSimpleName() : message;
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot delete " + p + ": " + e.getMessage());
        }
    }

    /** Downloads without printing (update4j's default handler draws a progress bar on standard output). */
    private static final class QuietHandler implements UpdateHandler {
        private final String userAgent;

        QuietHandler(String userAgent) {
            this.userAgent = userAgent;
        }

        @Override
        public InputStream openDownloadStream(FileMetadata file) throws Throwable {
            var connection = (HttpURLConnection) file.getUri().toURL().openConnection();
            connection.setRequestProperty("User-Agent", userAgent);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            if (status != 200) {
                connection.disconnect();
                throw new IOException("HTTP " + status + " for " + file.getUri());
            }
            return connection.getInputStream();
        }
    }
}
