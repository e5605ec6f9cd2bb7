package dev.switchboard.update;

/**
 * A published release newer than the running one.
 *
 * @param version the version its signed configuration names
 * @param notes   what changed, as the release's author wrote it (may be empty)
 * @param tag     the release's tag, which names its download folder
 */
public record UpdateInfo(String version, String notes, String tag) {
}
