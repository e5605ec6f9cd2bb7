package dev.switchboard.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every secret value this process holds, so that {@link Redaction} can mask it by value in any text, whatever
 * its shape (DESIGN §6). Some relays echo the exact key they were sent in their error text, and a relay's key is
 * often a bare hex string that no pattern can tell from a hash: only knowing the value catches it.
 *
 * <p>Fed where the secrets pass, not by the code that happens to print things: {@link ApiKey#of} (every channel
 * key and client access key, whether read from the database or typed by the person into the CLI or the window),
 * the admin token when it is read or made, a channel's credential headers and proxy password, the outbound proxy
 * setting's password, and {@link Store#open}, which reads every stored key at once so that no reader depends on
 * having loaded channels first.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Process-wide and add-only. A key removed from a channel may still sit in an error text read later (or
 *       in a request in flight), and forgetting it would gain nothing. The set is bounded in practice by the keys
 *       a person ever configures or types (in the CLI, the window, or the admin API with its token); nothing a
 *       client or an upstream sends is added (the access guard compares presented keys without going through
 *       here), so it cannot be grown from outside.</li>
 *   <li>Values shorter than {@value #MIN_LENGTH} characters are ignored: a test key such as {@code k1}, or a
 *       made-up one, would otherwise mask ordinary words. No real key is that short.</li>
 *   <li>Besides the value itself, its encodings an upstream could print are masked too: the UTF-8 bytes in hex
 *       (lower and upper case; some relays log the key bytes), URL-encoding and JSON escaping (only when they
 *       differ from the value, e.g. a key with {@code /} or {@code +}).</li>
 *   <li>A held form cut short where a text was shortened ({@code 3f9a0c1e5b7d…}, at least {@value #MIN_LENGTH}
 *       characters of it right before an ellipsis) is masked too: code that cuts before it redacts, or an
 *       upstream that shortens its own message, would otherwise leave most of a key.</li>
 *   <li>Longest first, so a key that contains another is masked whole rather than around the shorter one. A
 *       masked form ({@code 3f9a…5e3c}) cannot hold another form: it has 4 characters either side of the
 *       ellipsis, and every form is at least 8 long.</li>
 *   <li>Matching is a plain substring search per form: with a few forms per key and the texts being error
 *       messages and log lines (never the events of a good stream), that is microseconds, and needs no index.
 *       Readers see an immutable array swapped in on add; adds are rare and serialised.</li>
 * </ul>
 */
public final class HeldSecrets {
    /** Shorter values are not registered: see the class comment. */
    public static final int MIN_LENGTH = 8;

    /** Header names whose values are credentials (Authorization, X-Api-Key, Cookie, X-Auth-Token, …). */
    private static final Pattern CREDENTIAL_HEADER =
            Pattern.compile("(?i).*(auth|key|token|secret|password|cookie|session).*");
    /** An auth scheme word in front of a credential: {@code Bearer xyz}, {@code Basic xyz}. */
    private static final Pattern SCHEME = Pattern.compile("(?i)^[A-Za-z][A-Za-z0-9-]*\\s+(\\S+)$");

    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    /** Every form of every value, longest first; replaced whole on add, never changed in place. */
    private static volatile String[] forms = new String[0];

    private HeldSecrets() {
    }

    /** Remembers {@code secret} (stripped) and its encodings; null, blank and short values are ignored. */
    public static void add(String secret) {
        if (secret == null) {
            return;
        }
        var v = secret.strip();
        if (v.length() < MIN_LENGTH || VALUES.contains(v)) {
            return;
        }
        synchronized (HeldSecrets.class) {
            if (!VALUES.add(v)) {
                return;
            }
            var all = new LinkedHashSet<>(Arrays.asList(forms));
            all.addAll(formsOf(v));
            var sorted = all.toArray(String[]::new);
            Arrays.sort(sorted, Comparator.comparingInt(String::length).reversed());
            forms = sorted;
        }
    }

    /**
     * Remembers the values of a channel's credential headers ({@code Authorization}, {@code X-Api-Key}, …; the
     * credential alone too when it follows a scheme such as {@code Bearer}). Other headers ({@code
     * anthropic-beta}, {@code HTTP-Referer}) are left out: their values are ordinary words an error may use.
     */
    public static void addHeaders(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (name != null && value != null && CREDENTIAL_HEADER.matcher(name).matches()) {
                addCredential(value);
            }
        });
    }

    /** Remembers a credential header's value, and the token after its scheme word ({@code Bearer xyz}) too. */
    public static void addCredential(String value) {
        if (value == null) {
            return;
        }
        add(value);
        var m = SCHEME.matcher(value.strip());
        if (m.matches()) {
            add(m.group(1));
        }
    }

    /** Remembers the password of a proxy URL ({@code http://me:secret@proxy:3128}), if it has one. */
    public static void addProxy(String proxy) {
        if (proxy == null || proxy.isBlank()) {
            return;
        }
        try {
            var info = new URI(proxy.strip()).getUserInfo();
            int colon = info == null ? -1 : info.indexOf(':');
            if (colon >= 0) {
                add(info.substring(colon + 1));
            }
        } catch (URISyntaxException e) {
            // not a URL: the store refuses it anyway, and there is no password to find in it
        }
    }

    /**
     * {@code text} with every held secret, in every form, replaced by its masked form ({@link ApiKey#mask}); and a
     * held form cut short by a shortened text ({@code 3f9a0c1e5b7d…}) replaced by its first four characters.
     */
    static String mask(String text) {
        var current = forms;
        if (current.length == 0) {
            return text;
        }
        var out = text;
        for (var form : current) {
            if (out.contains(form)) {
                out = out.replace(form, ApiKey.mask(form));
            }
        }
        return maskCut(out, current);
    }

    /**
     * A text shortened to a limit ends in an ellipsis, and the limit may fall inside a key: what is left of it no
     * longer equals the key, and may well be most of it. Some code shortens before it redacts, and some upstreams
     * shorten their own messages. So a piece of at least {@value #MIN_LENGTH} characters that is the start of a
     * held form and runs up to an ellipsis ({@code …} or {@code ...}) becomes its first four characters and an
     * ellipsis ({@code 3f9a…}): a cut key stays recognisable as cut, and nothing is shown that was not shown
     * before, not even the end a full mask would show. Only the text right before an ellipsis is searched, so
     * this costs nothing on texts that have none.
     */
    private static String maskCut(String text, String[] current) {
        if (text.indexOf('…') < 0 && !text.contains("...")) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            int mark = text.charAt(i) == '…' ? 1 : text.startsWith("...", i) ? 3 : 0;
            if (mark == 0) {
                continue;
            }
            for (var form : current) {
                int len = cutLength(text, copied, i, form);
                if (len > 0) {
                    out = out == null ? new StringBuilder(text.length()) : out;
                    out.append(text, copied, i - len).append(text, i - len, i - len + 4).append('…');
                    copied = i + mark;
                    break;
                }
            }
            i += mark - 1;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The length of the longest start of {@code form}, shorter than it, that ends at {@code end}; 0 if none. */
    private static int cutLength(String text, int from, int end, String form) {
        for (int len = Math.min(form.length() - 1, end - from); len >= MIN_LENGTH; len--) {
            int start = end - len;
            if (text.charAt(start) == form.charAt(0) && text.regionMatches(start, form, 0, len)) {
                return len;
            }
        }
        return 0;
    }

    private static Set<String> formsOf(String v) {
        var out = new LinkedHashSet<String>();
        out.add(v);
        var bytes = v.getBytes(StandardCharsets.UTF_8);
        var hex = HexFormat.of().formatHex(bytes);
        out.add(hex);
        out.add(hex.toUpperCase(Locale.ROOT));
        out.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        out.add(jsonEscaped(v));
        return out;
    }

    /** As a JSON encoder that escapes the solidus (PHP's json_encode, which many relays run on) writes it. */
    private static String jsonEscaped(String v) {
        var out = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == '/') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
