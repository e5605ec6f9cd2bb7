package dev.switchboard.update;

import java.time.Instant;

/**
 * What a look at the latest release's model catalog found ({@link CatalogUpdater#refresh()}). Each says, in a whole
 * sentence, what it means for the person; a catalog that could not be fetched or trusted is an
 * {@link UpdateException} instead, and leaves the catalog in use as it was.
 */
public sealed interface CatalogCheck {
    /** One sentence for the person. */
    String message();

    /** A newer catalog was verified and kept in the data folder; Switchboard uses it from its next start. */
    record Updated(String tag, Instant edition, int models) implements CatalogCheck {
        @Override
        public String message() {
            return "Updated the model catalog to the edition of " + edition + " (" + models + " models, from release "
                    + tag + "); Switchboard uses it from its next start.";
        }
    }

    /** The release's catalog is the one in use. */
    record Current(String tag, Instant edition) implements CatalogCheck {
        @Override
        public String message() {
            return "The model catalog is up to date (edition of " + edition + ").";
        }
    }

    /** The release's catalog is older than the one in use (this build's own, or one fetched before): ignored. */
    record Older(String tag, Instant offered, Instant inUse) implements CatalogCheck {
        @Override
        public String message() {
            return "Release " + tag + " publishes the model catalog of " + offered + ", older than the edition of "
                    + inUse + " in use; it was ignored.";
        }
    }

    /** The release publishes no catalog (releases before catalogs were published): nothing to do. */
    record NotPublished(String tag) implements CatalogCheck {
        @Override
        public String message() {
            return "Release " + tag + " publishes no model catalog; the one in use stays.";
        }
    }
}
