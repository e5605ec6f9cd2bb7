package dev.switchboard.update;

import java.nio.file.Path;

/** A downloaded, verified update waiting in {@code updates/} for the next start (or, once installed, what was). */
public record PendingUpdate(String version, Path archive) {
}
