package dev.switchboard.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Candidate base URLs for a URL as a person pasted it. People paste the site, the site with {@code /v1}, a
 * relay's {@code /api} prefix, or a whole endpoint copied from docs ({@code …/v1/chat/completions}); the
 * candidates cover all of these so that the probes, not a guess, decide which one is right.
 */
final class Bases {
    private static final Pattern VERSION = Pattern.compile("v\\d+(beta\\d*|alpha\\d*)?");
    /** Endpoint suffixes stripped from a pasted URL, longest first so /chat/completions goes before /completions. */
    private static final List<String> SUFFIXES = List.of("/chat/completions", "/completions", "/responses",
            "/messages", "/embeddings", "/models");

    private Bases() {
    }

    /**
     * The URL trimmed, without query, fragment or trailing slash, and without a pasted endpoint: Azure's
     * {@code /openai/deployments/…}, Gemini's {@code /models/m:generateContent}, or one of {@link #SUFFIXES}.
     */
    static String clean(String url) {
        var v = url == null ? "" : url.strip();
        if (!v.contains("://")) {
            v = "https://" + v;
        }
        int cut = indexOfAny(v, '?', '#');
        if (cut >= 0) {
            v = v.substring(0, cut);
        }
        v = trimSlashes(v);
        int deployments = v.indexOf("/openai/deployments");
        if (deployments >= 0) {
            v = v.substring(0, deployments);
        }
        int models = v.indexOf("/models/");
        if (models > v.indexOf("://") + 3) {
            v = v.substring(0, models);
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (var s : SUFFIXES) {
                if (v.endsWith(s) && v.length() - s.length() > v.indexOf("://") + 3) {
                    v = trimSlashes(v.substring(0, v.length() - s.length()));
                    stripped = true;
                }
            }
        }
        return v;
    }

    /** {@code scheme://host[:port]} of a cleaned URL. */
    static String root(String clean) {
        var uri = URI.create(clean);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static boolean endsWithVersion(String base) {
        return VERSION.matcher(base.substring(base.lastIndexOf('/') + 1)).matches();
    }

    static String withoutVersion(String base) {
        return endsWithVersion(base) && !base.equals(root(base)) ? base.substring(0, base.lastIndexOf('/')) : base;
    }

    /**
     * OpenAI-style bases (they end where {@code /models} and {@code /chat/completions} are appended): as given,
     * with {@code /v1} added or removed, the root, and the root with {@code /v1}, {@code /api}, {@code /api/v1}.
     * The URL as given comes first: ties between bases go to what the person typed.
     */
    static List<String> openAi(String url) {
        var c = clean(url);
        var root = root(c);
        var out = new LinkedHashSet<String>();
        out.add(c);
        out.add(endsWithVersion(c) ? withoutVersion(c) : c + "/v1");
        out.add(root);
        out.add(root + "/v1");
        out.add(root + "/api");
        out.add(root + "/api/v1");
        return new ArrayList<>(out);
    }

    /** Anthropic and Gemini bases are the site (Endpoints adds /v1 or /v1beta): the given path without its version, and the root. */
    static List<String> sites(String url) {
        var c = withoutVersion(clean(url));
        var out = new LinkedHashSet<String>();
        out.add(c);
        out.add(root(c));
        return new ArrayList<>(out);
    }

    /** Azure bases are the resource URL (Endpoints adds /openai): the given path without {@code /openai}, and the root. */
    static List<String> azure(String url) {
        // Azure's newer "v1" API is pasted as …/openai/v1: the resource URL is what precedes /openai
        var c = withoutVersion(clean(url));
        if (c.endsWith("/openai")) {
            c = c.substring(0, c.length() - "/openai".length());
        }
        var out = new LinkedHashSet<String>();
        out.add(c);
        out.add(root(c));
        return new ArrayList<>(out);
    }

    private static String trimSlashes(String v) {
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private static int indexOfAny(String v, char a, char b) {
        int i = v.indexOf(a);
        int j = v.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
