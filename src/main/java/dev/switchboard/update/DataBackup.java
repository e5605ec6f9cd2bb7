package dev.switchboard.update;

import java.io.IOException;
import java.nio.file.Path;

/** Backs up the person's data before the first start of a new version; returns where the copy went, or null. */
@FunctionalInterface
public interface DataBackup {
    Path backUp(String toVersion) throws IOException;
}
