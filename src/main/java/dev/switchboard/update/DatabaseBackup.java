package dev.switchboard.update;

import dev.switchboard.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Before the first start of a new version, a copy of {@code switchboard.db} beside it:
 * {@code switchboard.db.before-VERSION-STAMP}. The new version may migrate the schema forward, and the older
 * Switchboard refuses a newer schema, so this copy is how a person goes back.
 */
public final class DatabaseBackup implements DataBackup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dataFolder;
    private final Clock clock;

    public DatabaseBackup(Path dataFolder, Clock clock) {
        this.dataFolder = dataFolder;
        this.clock = clock;
    }

    @Override
    public Path backUp(String toVersion) throws IOException {
        var name = Database.FILE_NAME + ".before-" + toVersion.replaceAll("[^\\w.+-]", "_") + "-"
                + STAMP.format(clock.instant().atZone(ZoneId.systemDefault()));
        return Database.backUp(dataFolder, dataFolder.resolve(name));
    }
}
