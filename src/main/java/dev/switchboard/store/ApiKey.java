package dev.switchboard.store;

import java.util.Objects;

/**
 * A secret: an upstream API key or a client access key. {@link #toString()} is masked so that a key
 * printed by accident (a log line, an exception message, a debugger) never shows in full; only
 * {@link #reveal()} gives the value, and its callers are the few places that must send it. Making one registers
 * the value with {@link HeldSecrets}, so that {@link Redaction} masks it in any text an upstream sends back.
 */
public final class ApiKey {
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        var v = value.strip();
        if (v.isEmpty()) {
            throw StoreException.invalid("An API key cannot be empty.");
        }
        if (v.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            throw StoreException.invalid("An API key cannot contain spaces or control characters.");
        }
        // Every key passes here, from the database or from the person: from now on no text shows it in full.
        HeldSecrets.add(v);
        return new ApiKey(v);
    }

    /** The secret itself: only for the upstream request that must carry it, and for explicit exports. */
    public String reveal() {
        return value;
    }

    /** Enough to recognise a key, never enough to use it: {@code sk-a…9xYz}. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() < 12) {
            return "****";
        }
        return secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
