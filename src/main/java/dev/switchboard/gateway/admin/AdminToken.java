package dev.switchboard.gateway.admin;

import dev.switchboard.store.HeldSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin API's token: a random secret in {@code admin.token} in the data folder, readable by its owner only.
 * Whoever can read the data folder can already read the keys in the database, so the file adds no exposure; it
 * keeps a web page or another local user's process from driving the admin API. Like every secret, it is
 * registered with {@link HeldSecrets} when read or made, so that no text shows it.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin.token";

    private AdminToken() {
    }

    public static String loadOrCreate(Path dataFolder) {
        var file = dataFolder.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                var token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.length() >= 32) {
                    HeldSecrets.add(token);
                    return token;
                }
            }
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            var tmp = Files.createTempFile(dataFolder, ".admin", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the folder's ACLs apply
            }
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            HeldSecrets.add(token);
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
