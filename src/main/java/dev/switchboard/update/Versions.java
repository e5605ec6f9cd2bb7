package dev.switchboard.update;

/**
 * Orders versions such as {@code 0.2.0}, {@code 0.10.1} and {@code 1.0.0-rc1}: numbers compare as numbers, and a
 * version with a suffix ({@code -SNAPSHOT}, {@code -rc1}) comes before the same version without one.
 */
final class Versions {
    private Versions() {
    }

    static boolean isNewer(String candidate, String current) {
        return compare(candidate, current) > 0;
    }

    static int compare(String a, String b) {
        var x = strip(a);
        var y = strip(b);
        var xs = numbers(x);
        var ys = numbers(y);
        for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
            long p = i < xs.length ? xs[i] : 0;
            long q = i < ys.length ? ys[i] : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        boolean xPre = x.contains("-");
        boolean yPre = y.contains("-");
        if (xPre != yPre) {
            return xPre ? -1 : 1;
        }
        return xPre ? suffix(x).compareTo(suffix(y)) : 0;
    }

    private static String strip(String v) {
        var s = v == null ? "" : v.strip();
        return s.startsWith("v") || s.startsWith("V") ? s.substring(1) : s;
    }

    private static long[] numbers(String v) {
        var core = v.contains("-") ? v.substring(0, v.indexOf('-')) : v;
        var parts = core.split("\\.");
        var out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = 0; // "dev" and other non-releases sort before every release
            }
        }
        return out;
    }

    private static String suffix(String v) {
        return v.substring(v.indexOf('-') + 1);
    }
}
