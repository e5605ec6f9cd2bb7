package dev.switchboard.gateway;

import org.eclipse.jetty.util.URIUtil;

/**
 * A client route behind {@code /g/<group>}, which pins that group for the client that calls it: the client keeps
 * its model names, and every generation request it sends is served by the group's members (routing's
 * {@code Tier.PINNED}). {@code /g/fast/v1/chat/completions}, {@code /g/fast/v1/messages},
 * {@code /g/fast/v1beta/models/x:streamGenerateContent}; {@code /g/fast/v1/models} lists the group.
 *
 * <p>The group's name is one path segment, percent-decoded ({@code /g/my%20group/…}); groups are matched ignoring
 * case, as everywhere. {@code /g/<group>} alone is the root, {@code /}.
 *
 * @param group the group's name as the path gives it (it may name no group: the router says so)
 * @param rest  the client route after the prefix, starting with '/'
 */
record PinnedPath(String group, String rest) {
    static final String PREFIX = "/g/";

    /** The pin of {@code path}, or null when it has no {@code /g/} prefix. */
    static PinnedPath parse(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        int slash = path.indexOf('/', PREFIX.length());
        var raw = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
        String group;
        try {
            group = URIUtil.decodePath(raw);
        } catch (IllegalArgumentException e) {
            group = raw; // a malformed escape: no group is named so, which the router says
        }
        return new PinnedPath(group, slash < 0 ? "/" : path.substring(slash));
    }

    /** {@code path} without a {@code /g/<group>} prefix: the client route, which picks an error's shape. */
    static String inner(String path) {
        var pin = parse(path);
        return pin == null ? path : pin.rest();
    }
}
