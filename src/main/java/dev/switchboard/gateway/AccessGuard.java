package dev.switchboard.gateway;

import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.Cidr;
import dev.switchboard.store.LiveSnapshot;
import dev.switchboard.store.LoggedOutcome;
import dev.switchboard.store.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Decides, before any endpoint sees a request, whether it may be served at all (DESIGN §6). The rules, in the
 * order they are applied, all read from the current snapshot (settings and access keys: a change made with the
 * CLI applies to the next request, without a restart):
 *
 * <ol>
 *   <li><b>Loopback-only paths.</b> The admin API answers callers on this machine only (docs/ADMIN_API.md), so a
 *       caller that is not loopback is refused with 403 {@code admin_loopback_only} there before anything else is
 *       looked at: whatever key or token it carries, and before the key rule below could answer 401 as if a client
 *       key would let it in;</li>
 *   <li><b>Caller address.</b> The address is the socket's. {@code X-Forwarded-For} and {@code Forwarded} are
 *       never read: any client can write them, so believing them would let a remote caller claim to be
 *       {@code 127.0.0.1}. A caller that is not loopback must be inside {@code allowed-ips} (CIDR blocks;
 *       empty means any address) or it is refused with 403;</li>
 *   <li><b>Host</b> (DNS rebinding). A web page at {@code http://evil.example} can make its name resolve to
 *       127.0.0.1 and then read our answers as its own origin; the one thing it cannot change is the
 *       {@code Host} its browser sends. So the host must be a loopback name ({@code localhost},
 *       {@code *.localhost}, which browsers pin to loopback by RFC 6761), any IP literal (rebinding needs a
 *       name: a page whose origin is an IP is only ever that IP) or a name in {@code allowed-hosts}; else
 *       403. A request without a {@code Host} is let through: browsers always send one;</li>
 *   <li><b>Origin.</b> Browsers attach {@code Origin} to cross-origin calls and a page cannot remove it, while
 *       CLI tools and SDKs send none. A request with an {@code Origin} not in {@code allowed-origins} is
 *       refused with 403: a web page must not spend the person's keys. For an allowed origin the answer
 *       carries the CORS headers, and its preflight ({@code OPTIONS}, which browsers send without
 *       credentials) is answered here with 204;</li>
 *   <li><b>Client access key.</b> A caller that is not loopback must present one of the access keys, as
 *       {@code Authorization: Bearer}, {@code x-api-key}, {@code api-key} or {@code x-goog-api-key} (where
 *       the OpenAI, Anthropic, Azure and Gemini SDKs put their key), else 401. Keys are compared in constant
 *       time ({@link MessageDigest#isEqual}) against every key, so timing tells nothing about how much of a
 *       guess was right.</li>
 * </ol>
 *
 * <p><b>Loopback callers need no key.</b> Anything that can connect from this machine runs as some local
 * user, who could read the keys in the database file just as well; asking for a key would only break the
 * local tools (configured with any dummy key) the moment the gateway is also exposed on the LAN. What a key
 * cannot stop, a browser on this machine, the Host and Origin rules do. This matches {@code serve}, which
 * refuses to listen beyond loopback while no access key exists: with no key every remote caller would be
 * refused here anyway (401), so the gateway fails closed if the last key is revoked while it runs.
 *
 * <p>Refusals are JSON in the error shape of the protocol the path belongs to ({@link ClientErrors}: OpenAI's
 * unless the path is Anthropic's or Gemini's; on a model route, the caller's, {@link ModelRoutes#protocolOf}), and
 * say which setting would allow the request. They never echo a key; the address, host or origin they name is the
 * caller's own.
 *
 * <p>Public for {@link #remoteAddress} and {@link #shown}, which the admin API ({@code gateway.admin}) uses too.
 */
public final class AccessGuard extends Handler.Wrapper {
    private static final System.Logger LOG = System.getLogger(AccessGuard.class.getName());
    /** Where clients put their key, in the order they are looked at. */
    static final List<String> KEY_HEADERS = List.of("authorization", "x-api-key", "api-key", "x-goog-api-key");
    private static final String DEFAULT_ALLOWED_HEADERS = "authorization, content-type, x-api-key, api-key,"
            + " x-goog-api-key, anthropic-version, openai-organization, openai-project";

    private final LiveSnapshot live;
    private final Refusals refusals;
    /** The paths that answer loopback callers only: the admin API's. */
    private final Predicate<String> loopbackOnly;

    AccessGuard(LiveSnapshot live, Refusals refusals, Predicate<String> loopbackOnly, Handler next) {
        super(next);
        this.live = live;
        this.refusals = refusals;
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var snapshot = live.current();
        var facts = RequestFacts.of(request);
        var path = Request.getPathInContext(request);
        var decision = loopbackOnly.test(path) ? decideLoopbackOnly(facts)
                : decide(facts, snapshot.settings(), snapshot.accessKeys());
        if (!decision.allowed()) {
            var why = decision.code() + " (" + shown(request.getMethod()) + " " + shown(path)
                    + " from " + (facts.remote() == null ? "an unknown address" : facts.remote().getHostAddress())
                    + ")";
            // The request log's line in the log file says it too, written off this thread: a flood of refused
            // callers must not cost a synchronous log write each. The reason is the guard's own words: it names the
            // rule and the caller's address, never a key the caller presented.
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "Refused " + why);
            }
            refusals.record(request, path, null, decision.status(), LoggedOutcome.REFUSED,
                    why + ": " + decision.message());
            if (decision.status() == HttpStatus.UNAUTHORIZED_401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"");
            }
            RequestBodies.discard(request, response);
            // A model route serves three protocols on one path: its caller's headers pick the shape there.
            var route = PinnedPath.inner(path);
            var protocol = ModelRoutes.owns(route) ? ModelRoutes.protocolOf(request, route)
                    : ClientProtocol.forPath(path);
            Router.send(response, callback, decision.status(), ClientErrors.body(protocol, decision.status(),
                    decision.type(), decision.code(), decision.message()));
            return true;
        }
        if (facts.origin() != null) {
            // Only reached for an allowed origin: let its page read the answer (the Fetch standard's CORS).
            var headers = response.getHeaders();
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, facts.origin());
            headers.add(HttpHeader.VARY, "Origin");
            if (facts.preflight()) {
                var asked = facts.header("access-control-request-headers");
                headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
                headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, asked == null ? DEFAULT_ALLOWED_HEADERS : asked);
                headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(HttpStatus.NO_CONTENT_204);
                callback.succeeded();
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    /**
     * What the guard knows of a request: the socket's remote address (never a forwarding header), the
     * {@code Host} and {@code Origin} headers as sent, the method, and the other headers the rules read, by
     * lower-case name.
     *
     * @param remote the socket's peer, or null when it is not an IP socket
     */
    record RequestFacts(InetAddress remote, String host, String origin, String method, Map<String, String> headers) {
        RequestFacts {
            var lower = new HashMap<String, String>();
            headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
            headers = Map.copyOf(lower);
        }

        static RequestFacts of(Request request) {
            var remote = remoteAddress(request);
            var fields = request.getHeaders();
            var headers = new HashMap<String, String>();
            for (var name : KEY_HEADERS) {
                var v = fields.get(name);
                if (v != null) {
                    headers.put(name, v);
                }
            }
            for (var name : List.of("access-control-request-method", "access-control-request-headers")) {
                var v = fields.get(name);
                if (v != null) {
                    headers.put(name, v);
                }
            }
            return new RequestFacts(remote, fields.get(HttpHeader.HOST), fields.get(HttpHeader.ORIGIN),
                    request.getMethod(), headers);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** A CORS preflight: what a browser asks before a cross-origin call with JSON or credentials. */
        boolean preflight() {
            return HttpMethod.OPTIONS.is(method) && origin != null && header("access-control-request-method") != null;
        }
    }

    /**
     * The socket's peer, IPv4-mapped addresses as IPv4; null when the connection is not over IP. Never a
     * forwarding header: any client can write those.
     */
    public static InetAddress remoteAddress(Request request) {
        var socket = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(socket instanceof InetSocketAddress) || ((InetSocketAddress) socket).getAddress() == null) {
            return null;
        }
        return Cidr.unmapped(((InetSocketAddress) socket).getAddress());
    }

    /** Let through, or refused with this status and an error of this OpenAI type and code. */
    record Decision(int status, String type, String code, String message) {
        static final Decision ALLOW = new Decision(HttpStatus.OK_200, null, null, null);

        boolean allowed() {
            return status == HttpStatus.OK_200;
        }

        static Decision forbidden(String code, String message) {
            return new Decision(HttpStatus.FORBIDDEN_403, "permission_error", code, message);
        }

        static Decision unauthorized(String code, String message) {
            return new Decision(HttpStatus.UNAUTHORIZED_401, "authentication_error", code, message);
        }
    }

    /**
     * The first rule of the class comment: on a loopback-only path, a caller from another machine is refused; one
     * from this machine goes on to the path's own checks (the admin token, no {@code Origin}: {@code AdminGuard}).
     */
    static Decision decideLoopbackOnly(RequestFacts facts) {
        var remote = facts.remote() == null ? null : Cidr.unmapped(facts.remote());
        if (remote != null && remote.isLoopbackAddress()) {
            return Decision.ALLOW;
        }
        return Decision.forbidden("admin_loopback_only", "The admin API answers callers on the Switchboard machine"
                + " only, whatever key or token a call from another machine carries. Call it on that machine.");
    }

    /** The other rules of the class comment, as a pure function of the request and the current configuration. */
    static Decision decide(RequestFacts facts, Settings settings, List<AccessKey> keys) {
        var remote = facts.remote() == null ? null : Cidr.unmapped(facts.remote());
        if (remote == null) {
            return Decision.forbidden("unknown_address", "Switchboard could not tell where this request comes from,"
                    + " so it is refused.");
        }
        boolean loopback = remote.isLoopbackAddress();
        if (!loopback && !ipAllowed(remote, settings.allowedIps())) {
            // The current list is not shown: it is none of a refused caller's business.
            return Decision.forbidden("ip_not_allowed", "Address " + remote.getHostAddress() + " is not allowed"
                    + " to use this Switchboard. To let it in, add it to the `allowed-ips` setting on the Switchboard"
                    + " machine: `switchboard settings set allowed-ips <the current list>," + remote.getHostAddress()
                    + "` (`switchboard settings get allowed-ips` shows the current list).");
        }
        if (facts.host() != null && !facts.host().isEmpty()) {
            var host = hostName(facts.host());
            if (host == null) {
                return Decision.forbidden("host_not_allowed", "The Host header '" + shown(facts.host())
                        + "' is malformed.");
            }
            if (!hostAllowed(host, settings.allowedHosts())) {
                return Decision.forbidden("host_not_allowed", "Host '" + shown(host) + "' is not allowed. If you"
                        + " reach Switchboard by that name, add it: `switchboard settings set allowed-hosts "
                        + withAdded(settings.allowedHosts(), shown(host)) + "`.");
            }
        }
        if (facts.origin() != null && !originAllowed(facts.origin(), settings.allowedOrigins())) {
            return Decision.forbidden("origin_not_allowed", "Browser origin '" + shown(facts.origin()) + "' is not"
                    + " allowed: a web page must not spend your API keys. If you trust that page, add it:"
                    + " `switchboard settings set allowed-origins " + withAdded(settings.allowedOrigins(),
                    shown(facts.origin())) + "`.");
        }
        if (loopback || facts.preflight()) {
            // A preflight carries no credentials by the Fetch standard and is answered without any data.
            return Decision.ALLOW;
        }
        var presented = presentedKeys(facts);
        if (keys.isEmpty()) {
            return Decision.unauthorized("no_access_keys", "Calls from other machines need a client access key, and"
                    + " this Switchboard has none. On the Switchboard machine: `switchboard keys create <name>`.");
        }
        if (presented.isEmpty()) {
            return Decision.unauthorized("missing_access_key", "Calls from other machines need a client access key,"
                    + " sent as `Authorization: Bearer <key>` (or in an x-api-key, api-key or x-goog-api-key header)."
                    + " `switchboard keys create <name>` makes one, on the Switchboard machine.");
        }
        if (!anyMatches(presented, keys)) {
            return Decision.unauthorized("invalid_access_key", "The client access key is not valid (it may have"
                    + " been revoked). `switchboard keys list` shows the keys there are; `switchboard keys create"
                    + " <name>` makes a new one.");
        }
        return Decision.ALLOW;
    }

    static boolean ipAllowed(InetAddress remote, List<String> allowedIps) {
        if (allowedIps.isEmpty()) {
            return true;
        }
        for (var block : allowedIps) {
            try {
                if (Cidr.parse(block).contains(remote)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // The setting is validated when set; an unreadable item allows nobody.
            }
        }
        return false;
    }

    /**
     * The host part of a {@code Host} header, lower case, without port, brackets or a final dot; null when it
     * is malformed. Never resolved: a DNS answer is exactly what a rebinding attacker controls.
     */
    static String hostName(String header) {
        var h = header.strip();
        String host;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = h.substring(1, close);
            var rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
            if (Cidr.literal(host) == null) {
                return null;
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
                host = h; // an IPv6 literal without brackets: not valid in Host, but unambiguous
                if (Cidr.literal(host) == null) {
                    return null;
                }
            } else if (colon >= 0) {
                host = h.substring(0, colon);
                port = h.substring(colon + 1);
            } else {
                host = h;
            }
        }
        if (port != null && (port.length() > 5 || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9'))) {
            return null;
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7f || ch == '/' || ch == '@')) {
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    static boolean hostAllowed(String host, List<String> allowedHosts) {
        if (host.equals("localhost") || host.endsWith(".localhost") || Cidr.literal(host) != null) {
            return true;
        }
        for (var allowed : allowedHosts) {
            var a = allowed.strip().toLowerCase(Locale.ROOT);
            if (a.endsWith(".")) {
                a = a.substring(0, a.length() - 1);
            }
            if (a.equals(host)) {
                return true;
            }
        }
        return false;
    }

    /** Origins compare as {@code scheme://host[:port]}, case-insensitive; a trailing '/' in the setting is forgiven. */
    static boolean originAllowed(String origin, List<String> allowedOrigins) {
        var o = normalizeOrigin(origin);
        for (var allowed : allowedOrigins) {
            if (normalizeOrigin(allowed).equals(o)) {
                return true;
            }
        }
        return false;
    }

    private static String normalizeOrigin(String origin) {
        var o = origin.strip().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o;
    }

    /** The keys the request presents, from each of the four headers that may hold one. */
    static List<String> presentedKeys(RequestFacts facts) {
        var out = new ArrayList<String>();
        for (var name : KEY_HEADERS) {
            var v = facts.header(name);
            if (v == null) {
                continue;
            }
            v = v.strip();
            if (name.equals("authorization")) {
                if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    continue;
                }
                v = v.substring(7).strip();
            }
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Constant time in the keys' contents: every presented value is compared with every key, no early exit. */
    static boolean anyMatches(List<String> presented, List<AccessKey> keys) {
        boolean match = false;
        for (var p : presented) {
            var given = p.getBytes(StandardCharsets.UTF_8);
            for (var k : keys) {
                match |= MessageDigest.isEqual(given, k.secret().reveal().getBytes(StandardCharsets.UTF_8));
            }
        }
        return match;
    }

    /** The list with one more item, as the value of a {@code settings set} command. */
    private static String withAdded(List<String> current, String item) {
        var items = new ArrayList<>(current);
        items.add(item);
        return String.join(",", items);
    }

    /** A header value as a message may show it: printable ASCII only, and not too long. */
    public static String shown(String value) {
        var sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 100; i++) {
            char ch = value.charAt(i);
            sb.append(ch >= 0x20 && ch < 0x7f && ch != '`' ? ch : '?');
        }
        return value.length() > 100 ? sb + "…" : sb.toString();
    }
}
