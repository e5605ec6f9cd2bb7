package dev.switchboard.update;

import dev.switchboard.catalog.Catalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;

/**
 * Keeps the model catalog fresh between releases: fetches the latest release's {@value #ASSET} and its signature
 * {@value #SIGNATURE_ASSET} ({@link CatalogSignature}), verifies them against the release key, and keeps the file
 * as the data folder's fetched catalog ({@link Catalog#fetchedFile}) when it is newer, by its own {@code updated},
 * than the catalog in use. {@link Catalog#load} takes it from the next load on; the person's own
 * {@code models.json} still wins over it.
 *
 * <p>Nothing is written unless every check passed: a bad signature, an unreadable file, a catalog older than the
 * one in use or an unreachable server leave the catalog in use exactly as it was.
 */
public final class CatalogUpdater {
    public static final String ASSET = "models.json";
    public static final String SIGNATURE_ASSET = "models.json.sig";

    private final ReleaseSite site;
    private final PublicKey key;
    private final Path dataFolder;

    /**
     * @param key        the only key a catalog is trusted by (the release key)
     * @param dataFolder the data folder whose fetched catalog this keeps
     */
    public CatalogUpdater(ReleaseSite site, PublicKey key, Path dataFolder) {
        this.site = site;
        this.key = key;
        this.dataFolder = dataFolder;
    }

    /** Looks at the latest release's catalog and keeps it when it is trustworthy and newer. */
    public CatalogCheck refresh() throws UpdateException {
        var tag = site.latestTag();
        var body = site.optionalAsset(tag, ASSET);
        if (body.isEmpty()) {
            return new CatalogCheck.NotPublished(tag);
        }
        var signature = site.optionalAsset(tag, SIGNATURE_ASSET).orElseThrow(() -> new UpdateException(
                "Release " + tag + " publishes a model catalog without its signature (" + SIGNATURE_ASSET + "). It"
                        + " was ignored; the catalog in use stays."));
        if (!CatalogSignature.verifies(body.get(), new String(signature, StandardCharsets.US_ASCII), key)) {
            throw new UpdateException("The model catalog of release " + tag + " is not signed by the Switchboard"
                    + " release key. It was ignored; the catalog in use stays.");
        }
        Catalog offered;
        try {
            offered = Catalog.read(body.get());
        } catch (IllegalArgumentException e) {
            // Signed, so ours: most likely a newer catalog format than this build reads.
            throw new UpdateException("The model catalog of release " + tag + " cannot be read by this Switchboard ("
                    + e.getMessage() + "); a newer Switchboard may read it. The catalog in use stays.", e);
        }
        if (offered.updated() == null) {
            throw new UpdateException("The model catalog of release " + tag + " does not say when it was made, so"
                    + " it cannot be compared with the one in use. It was ignored; the catalog in use stays.");
        }
        var inUse = Catalog.load(dataFolder).updated();
        if (offered.updated().equals(inUse)) {
            return new CatalogCheck.Current(tag, inUse);
        }
        if (!Catalog.isNewer(offered.updated(), inUse)) {
            return new CatalogCheck.Older(tag, offered.updated(), inUse);
        }
        keep(body.get(), tag);
        return new CatalogCheck.Updated(tag, offered.updated(), offered.all().size());
    }

    /** Writes beside the target and renames over it, so a reader sees the old file or the new one, never half. */
    private void keep(byte[] catalog, String tag) throws UpdateException {
        var target = Catalog.fetchedFile(dataFolder);
        var partial = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            Files.write(partial, catalog);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the message below is what matters; a leftover .part is never read
            }
            throw new UpdateException("Could not keep the model catalog of release " + tag + " in "
                    + target.getParent() + " (" + e.getMessage() + "); the catalog in use stays.", e);
        }
    }
}
