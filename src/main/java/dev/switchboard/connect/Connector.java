package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Points an agent at this Switchboard by changing the agent's own configuration files, and takes it back.
 *
 * <p>Before the first change to an agent's files, the exact bytes of each file (or that it did not exist, and the
 * folders that did not) go to {@code connect/<agent>.json} in the data folder. Applying again changes the files
 * again but keeps that backup, so it always holds the person's original; {@link #undo} writes those bytes back,
 * deletes the files and folders Switchboard made, and removes the backup. Every file is worked out before any is
 * written, so a refusal ({@link ConnectException}) leaves everything as it was; each file is replaced atomically.
 *
 * <p>No Swing and no console: the CLI ({@code switchboard connect}) and the window's Connect tab both use this.
 */
public final class Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Locations where;
    private final Path backups;

    /**
     * @param where      the agents' folders (a temporary home in tests)
     * @param dataFolder Switchboard's data folder; backups go in its {@code connect} folder
     */
    public Connector(Locations where, Path dataFolder) {
        this.where = where;
        this.backups = dataFolder.resolve("connect");
    }

    public Locations locations() {
        return where;
    }

    /** What {@link #apply} would change; writes nothing. */
    public Plan plan(Agent agent, Target target) {
        var config = AgentConfig.of(agent);
        var changes = new ArrayList<Change>();
        for (var file : config.files(where)) {
            var before = read(file);
            var after = Texts.encode(config.edit(file, Texts.decode(file, before), target));
            changes.add(new Change(file, before, after));
        }
        return new Plan(agent, changes);
    }

    /** Changes the agent's files so that it uses {@code target}; returns what changed. */
    public Plan apply(Agent agent, Target target) {
        var plan = plan(agent, target);
        if (plan.empty()) {
            return plan;
        }
        var backup = loadBackup(agent);
        var files = backup.files;
        var madeFolders = backup.madeFolders;
        for (var c : plan.changes()) {
            if (c.changes() && !files.containsKey(c.file())) {
                files.put(c.file(), c.before());
                for (var dir = c.file().getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
                    madeFolders.add(dir);
                }
            }
        }
        saveBackup(agent, new Backup(files, madeFolders));
        write(plan);
        return plan;
    }

    /** Whether there is a backup to undo from. */
    public boolean hasBackup(Agent agent) {
        return Files.isRegularFile(backupFile(agent));
    }

    public Path backupFile(Agent agent) {
        return backups.resolve(agent.id() + ".json");
    }

    /** What {@link #undo} would change; writes nothing. */
    public Plan undoPlan(Agent agent) {
        if (!hasBackup(agent)) {
            throw new ConnectException("There is no backup of " + agent.displayName() + "'s configuration in "
                    + backups + ", so there is nothing to undo: Switchboard has not changed it (or it was already"
                    + " undone).");
        }
        var backup = loadBackup(agent);
        var changes = new ArrayList<Change>();
        backup.files.forEach((file, before) -> changes.add(new Change(file, read(file), before)));
        return new Plan(agent, changes);
    }

    /** Restores the agent's files byte for byte as they were before the first apply; returns what changed. */
    public Plan undo(Agent agent) {
        var plan = undoPlan(agent);
        var backup = loadBackup(agent);
        write(plan);
        var folders = new ArrayList<>(backup.madeFolders);
        folders.sort((a, b) -> b.getNameCount() - a.getNameCount()); // the deepest first
        for (var dir : folders) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                // the agent (or the person) has put something there since: it stays
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove the folder " + dir + ": " + e.getMessage(), e);
            }
        }
        try {
            Files.delete(backupFile(agent));
        } catch (IOException e) {
            throw new UncheckedIOException("Restored the files, but cannot remove the backup " + backupFile(agent)
                    + ": " + e.getMessage(), e);
        }
        return plan;
    }

    private static void write(Plan plan) {
        for (var c : plan.changes()) {
            if (!c.changes()) {
                continue;
            }
            try {
                if (c.after() == null) {
                    Files.deleteIfExists(c.file());
                } else {
                    replace(c.file(), c.after());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + c.file() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes beside the file and moves it into place, so the agent never reads half a file; the file keeps its
     * permissions (a settings file holding a key may be owner-only).
     */
    private static void replace(Path file, byte[] bytes) throws IOException {
        var dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        var temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".switchboard-tmp");
        try {
            Files.write(temp, bytes);
            var view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The original bytes of each file (null: it did not exist) and the folders Switchboard made for them. */
    private record Backup(Map<Path, byte[]> files, LinkedHashSet<Path> madeFolders) {
    }

    private Backup loadBackup(Agent agent) {
        var file = backupFile(agent);
        var files = new LinkedHashMap<Path, byte[]>();
        var folders = new LinkedHashSet<Path>();
        if (!Files.exists(file)) {
            return new Backup(files, folders);
        }
        try {
            var root = JSON.readTree(file.toFile());
            for (JsonNode f : root.path("files")) {
                var before = f.path("before");
                files.put(Path.of(f.path("path").asText()),
                        before.isNull() || before.isMissingNode() ? null : Base64.getDecoder().decode(before.asText()));
            }
            for (JsonNode d : root.path("madeFolders")) {
                folders.add(Path.of(d.asText()));
            }
            return new Backup(files, folders);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("The backup " + file + " cannot be read (" + e.getMessage() + "). Nothing"
                    + " was changed.", e);
        }
    }

    private void saveBackup(Agent agent, Backup backup) {
        ObjectNode root = JSON.createObjectNode();
        root.put("agent", agent.id());
        var files = root.putArray("files");
        backup.files.forEach((path, before) -> {
            var f = files.addObject();
            f.put("path", path.toString());
            if (before == null) {
                f.putNull("before");
            } else {
                f.put("before", Base64.getEncoder().encodeToString(before));
            }
        });
        var folders = root.putArray("madeFolders");
        backup.madeFolders.forEach(d -> folders.add(d.toString()));
        try {
            Files.createDirectories(backups);
            var file = backupFile(agent);
            replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            ownerOnly(file); // the configuration may hold keys
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the backup in " + backups + ": " + e.getMessage()
                    + ". Nothing was changed.", e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
