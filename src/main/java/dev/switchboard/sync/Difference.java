package dev.switchboard.sync;

import java.util.List;

/**
 * One way this machine's configuration and the sync folder's differ: what a conflict shows before the person
 * chooses. Never holds a secret: a changed key or header is named ("keys", "headers"), not shown.
 *
 * @param kind   {@code channel}, {@code group} or {@code setting}
 * @param name   its name (a setting's key)
 * @param side   where it is
 * @param fields for {@link Side#BOTH}: what differs ("base URL", "keys", "models", …); for a setting, its value
 *               here and there (secrets masked)
 */
public record Difference(String kind, String name, Side side, List<String> fields) {
    public enum Side {
        /** Only on this machine. */
        ONLY_HERE,
        /** Only in the sync folder. */
        ONLY_THERE,
        /** In both, different. */
        BOTH
    }

    public Difference {
        fields = List.copyOf(fields);
    }

    /** How the command line says it: {@code channel relay: differs (base URL, keys)}. */
    public String line() {
        return kind + " " + name + ": " + switch (side) {
            case ONLY_HERE -> "only on this machine";
            case ONLY_THERE -> "only in the sync folder";
            case BOTH -> kind.equals("setting") ? fields.get(0) + " here, " + fields.get(1) + " in the sync folder"
                    : "differs (" + String.join(", ", fields) + ")";
        };
    }
}
