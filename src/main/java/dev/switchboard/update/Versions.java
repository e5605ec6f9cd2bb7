package dev.switchboard.update;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders release versions by Semantic Versioning 2.0.0 §11: the numbers of {@code major.minor.patch} compare as
 * numbers (a missing one is 0, a leading {@code v} is ignored); a pre-release ({@code -SNAPSHOT}, {@code -rc.1})
 * comes before the same version without one; pre-releases compare identifier by identifier (split at dots), a
 * numeric identifier as a number and before any alphanumeric one, and a shorter list first when the longer one
 * begins with it; build metadata ({@code +sha.5114f85}) is ignored.
 *
 * <p>One deliberate step beyond §11: an alphanumeric identifier compares its runs of digits as numbers
 * ({@code rc10} after {@code rc2}). Strict SemVer compares {@code rc10} and {@code rc2} as text and so puts
 * {@code rc10} first, which no one who tags {@code rc2}, …, {@code rc10} means; for identifiers that are all
 * letters or all digits the two orders agree.
 */
final class Versions {
    private Versions() {
    }

    static boolean isNewer(String candidate, String current) {
        return compare(candidate, current) > 0;
    }

    static int compare(String a, String b) {
        var x = Parsed.of(a);
        var y = Parsed.of(b);
        for (int i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
            long p = i < x.numbers.length ? x.numbers[i] : 0;
            long q = i < y.numbers.length ? y.numbers[i] : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        if (x.pre.isEmpty() != y.pre.isEmpty()) {
            return x.pre.isEmpty() ? 1 : -1;
        }
        for (int i = 0; i < Math.min(x.pre.size(), y.pre.size()); i++) {
            int c = identifier(x.pre.get(i), y.pre.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.pre.size(), y.pre.size());
    }

    /** A version taken apart: its release numbers and its pre-release identifiers (empty for a release). */
    private record Parsed(long[] numbers, List<String> pre) {
        static Parsed of(String version) {
            var s = version == null ? "" : version.strip();
            if (s.startsWith("v") || s.startsWith("V")) {
                s = s.substring(1);
            }
            int plus = s.indexOf('+');
            if (plus >= 0) {
                s = s.substring(0, plus);
            }
            int dash = s.indexOf('-');
            var core = dash >= 0 ? s.substring(0, dash) : s;
            var pre = dash >= 0 ? List.of(s.substring(dash + 1).split("\\.")) : List.<String>of();
            var parts = core.split("\\.");
            var numbers = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                numbers[i] = isNumber(parts[i]) ? parseCapped(parts[i]) : 0; // "dev" sorts before every release
            }
            return new Parsed(numbers, pre);
        }
    }

    private static int identifier(String a, String b) {
        boolean an = isNumber(a);
        boolean bn = isNumber(b);
        if (an && bn) {
            return Long.compare(parseCapped(a), parseCapped(b));
        }
        if (an != bn) {
            return an ? -1 : 1; // §11.4.3: numeric identifiers have lower precedence
        }
        var xs = runs(a);
        var ys = runs(b);
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            var p = xs.get(i);
            var q = ys.get(i);
            int c = isNumber(p) && isNumber(q) ? Long.compare(parseCapped(p), parseCapped(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xs.size(), ys.size());
    }

    /** {@code rc10} as {@code rc}, {@code 10}. */
    private static List<String> runs(String s) {
        var out = new ArrayList<String>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (i == s.length() || Character.isDigit(s.charAt(i)) != Character.isDigit(s.charAt(i - 1))) {
                out.add(s.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A number too long for a long compares as the largest (a tag of 20 digits is still "very new"). */
    private static long parseCapped(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
