package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.catalog.Catalog;
import dev.switchboard.discovery.Detector;
import dev.switchboard.discovery.ModelDiscovery;
import dev.switchboard.discovery.Probe;
import dev.switchboard.discovery.Selection;
import dev.switchboard.discovery.SpeedTest;
import dev.switchboard.store.ConfigDocument;
import dev.switchboard.store.ConfigExport;
import dev.switchboard.store.ConfigImport;
import dev.switchboard.store.Channel;
import dev.switchboard.store.Entry;
import dev.switchboard.store.Masking;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.Setting;
import dev.switchboard.store.Snapshot;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin API: JSON over HTTP for everything the CLI can do, for the tray menu, the window and scripts.
 * Under {@code /admin/}, plus {@code GET /v1/routing/status} and {@code POST /v1/routing/top}.
 *
 * <p><b>Who may call.</b> Loopback callers only (403 otherwise, by the socket's address: forwarding headers are
 * never believed), carrying the admin token from {@code admin.token} in the data folder as
 * {@code Authorization: Bearer <token>} or {@code X-Admin-Token} (401 otherwise; compared in constant time).
 * The token is never read from the URL, where it would end up in shell history, logs and {@code Referer}
 * headers. A request with an {@code Origin} is refused (403) even when the access guard allowed that origin:
 * allowed origins may use models, but no web page drives the configuration.
 *
 * <p><b>Shapes.</b> Entry references contain '/' ({@code relay/deepseek-ai/DeepSeek-V3.2}), so they travel as
 * {@code ?ref=} or as {@code "ref"} in the JSON body, never in the path. Errors are
 * {@code {"error": {"message", "type", "code"}}}; a {@link StoreException}'s kind picks the status (INVALID 400,
 * NOT_FOUND 404, CONFLICT 409, UNAVAILABLE 503), malformed JSON or an unknown field is 400. Keys, header
 * values and proxy passwords are masked in every answer ({@link AdminViews}); a new access key's secret is
 * the one thing shown, once, in the answer that creates it. Values that look masked are refused as input, so a
 * client that sends back what it read cannot replace a working key with its masked form.
 *
 * <p>Reads under {@code /admin/} come from the database (what the CLI would show, even a change another process
 * made a moment ago), with the health tracker's live health laid over it; {@code /v1/routing/status} reads the
 * gateway's current snapshot, which is what the next request is routed by.
 */
final class AdminApi {
    static final String ADMIN_PREFIX = "/admin/";
    static final String ROUTING_PREFIX = "/v1/routing/";
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int DEFAULT_USAGE_LIMIT = 50;
    static final int MAX_USAGE_LIMIT = 1000;

    private final GatewayContext ctx;
    private final AdminChannels channels;
    private final byte[] token;

    AdminApi(GatewayContext ctx) {
        this.ctx = ctx;
        this.channels = new AdminChannels(ctx.store());
        this.token = ctx.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    /** True for the paths this class answers. */
    static boolean owns(String path) {
        return path.startsWith(ADMIN_PREFIX) || path.equals("/admin") || path.startsWith(ROUTING_PREFIX);
    }

    void handle(Request request, Response response, Callback callback) {
        Reply reply;
        try {
            authorize(request, response);
            reply = route(new AdminCall(request));
        } catch (AdminRefusal r) {
            RequestBodies.discard(request, response);
            if (r.allow != null) {
                response.getHeaders().put(HttpHeader.ALLOW, r.allow);
            }
            reply = new Reply(r.status, OpenAiErrors.error(r.getMessage(), r.type, r.code));
        } catch (StoreException e) {
            reply = new Reply(statusOf(e.kind()), OpenAiErrors.error(Redaction.redact(e.getMessage()),
                    typeOf(e.kind()), codeOf(e.kind())));
        }
        Router.send(response, callback, reply.status(), reply.body());
    }

    // ---- who may call

    private void authorize(Request request, Response response) {
        var remote = AccessGuard.remoteAddress(request);
        if (remote == null || !remote.isLoopbackAddress()) {
            throw new AdminRefusal(HttpStatus.FORBIDDEN_403, "permission_error", "admin_loopback_only",
                    "The admin API answers callers on the Switchboard machine only.");
        }
        if (request.getHeaders().get(HttpHeader.ORIGIN) != null) {
            throw new AdminRefusal(HttpStatus.FORBIDDEN_403, "permission_error", "admin_not_for_browsers",
                    "The admin API does not answer web pages (this request carries an Origin header).");
        }
        if (!tokenMatches(presentedToken(request))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"switchboard-admin\"");
            throw new AdminRefusal(HttpStatus.UNAUTHORIZED_401, "authentication_error", "invalid_admin_token",
                    "The admin API needs the admin token: the contents of " + AdminToken.FILE_NAME + " in the data"
                            + " folder (" + dataFolder() + "), sent as `Authorization: Bearer <token>` or in an"
                            + " X-Admin-Token header.");
        }
    }

    private static String presentedToken(Request request) {
        var header = request.getHeaders().get("X-Admin-Token");
        if (header != null) {
            return header.strip();
        }
        var auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        return null;
    }

    private boolean tokenMatches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
    }

    // ---- routes

    private Reply route(AdminCall c) {
        if (c.path.startsWith(ROUTING_PREFIX)) {
            switch (c.path) {
                case ROUTING_PREFIX + "status":
                    c.allow("GET");
                    return ok(routingStatus());
                case ROUTING_PREFIX + "top":
                    c.allow("POST");
                    return ok(top(c.body()));
                default:
                    throw c.notFound();
            }
        }
        var s = c.segments;
        switch (s.length == 0 ? "" : s[0]) {
            case "status":
                c.expectDepth(1);
                c.allow("GET");
                return ok(status());
            case "channels":
                return channelRoutes(c);
            case "entries":
                c.expectDepth(1);
                if (c.is("GET")) {
                    return ok(listEntries(c.query("channel")));
                }
                c.allow("GET, POST");
                return new Reply(HttpStatus.CREATED_201, addEntries(c.body()));
            case "entry":
                return entry(c);
            case "groups":
                return groups(c);
            case "settings":
                return settings(c);
            case "keys":
                return keys(c);
            case "usage":
                c.expectDepth(1);
                c.allow("GET");
                return ok(usage(c.query("limit")));
            case "export":
                c.expectDepth(1);
                c.allow("GET");
                // keys only when asked for; the document itself says whether it holds them
                return ok(ConfigExport.export(ctx.store(), "true".equalsIgnoreCase(c.query("keys"))));
            case "import":
                c.expectDepth(1);
                c.allow("POST");
                return ok(importConfig(c));
            case "test":
                c.expectDepth(1);
                c.allow("POST");
                return ok(speedTest(c.body()));
            case "detect":
                c.expectDepth(1);
                c.allow("POST");
                return ok(detect(c.body()));
            default:
                throw c.notFound();
        }
    }

    /**
     * {@code POST /admin/detect {url, key, type?}}: what "add a provider" shows before saving: the detected type,
     * the corrected base URL as a suggestion, the model list and every probe (keys never in them).
     */
    private JsonNode detect(AdminBody body) {
        body.only("url", "key", "type");
        var url = body.required("url");
        var key = body.required("key");
        var type = body.text("type") == null ? null : dev.switchboard.store.ApiType.of(body.text("type"));
        var d = new Detector(ctx.upstream()).detect(url, key, type);
        var out = Router.JSON.createObjectNode();
        out.put("type", d.type() == null ? null : d.type().id());
        out.put("baseUrl", d.baseUrl());
        out.put("verdict", Redaction.redact(d.verdict()));
        var models = out.putArray("models");
        d.models().forEach(models::add);
        evidence(out.putArray("evidence"), d.evidence());
        return out;
    }

    /**
     * {@code GET /admin/channels/{name}/models}: the upstream's list, each model marked as already an entry or as
     * proposed (released within the {@code recent-months} setting, by the catalog), with its catalog facts.
     */
    private JsonNode models(Channel channel) {
        var listing = new ModelDiscovery(ctx.upstream()).list(channel);
        var existing = new HashSet<String>();
        ctx.store().entries().list().stream().filter(e -> e.channelId() == channel.id())
                .forEach(e -> existing.add(e.model()));
        var catalog = Catalog.load(ctx.store().database().file().getParent());
        int months = ctx.live().current().settings().recentMonths();
        var today = java.time.LocalDate.ofInstant(ctx.clock().instant(), java.time.ZoneId.systemDefault());
        var out = Router.JSON.createObjectNode();
        out.put("verdict", Redaction.redact(listing.verdict()));
        var list = out.putArray("models");
        for (var m : listing.models()) {
            var n = list.addObject();
            n.put("id", m);
            n.put("added", existing.contains(m));
            var facts = catalog.lookup(m);
            n.put("proposed", existing.contains(m) || facts.map(f -> Catalog.recent(f, today, months)).orElse(false));
            facts.ifPresent(f -> {
                n.put("name", f.name());
                n.put("released", f.released().toString());
                if (f.context() != null) {
                    n.put("context", f.context());
                }
                n.put("reasoning", f.reasoning());
                n.put("tools", f.tools());
            });
        }
        evidence(out.putArray("evidence"), listing.evidence());
        return out;
    }

    private static void evidence(ArrayNode into, List<Probe> probes) {
        for (var p : probes) {
            into.addObject().put("url", Redaction.redact(p.url())).put("type", p.type() == null ? null : p.type().id())
                    .put("status", p.status()).put("ms", p.millis()).put("outcome", Redaction.redact(p.outcome()));
        }
    }

    /** {@code POST /admin/import?mode=merge|replace&dryRun=true} with an exported configuration as the body. */
    private JsonNode importConfig(AdminCall c) {
        var mode = "replace".equalsIgnoreCase(c.query("mode")) ? ConfigImport.Mode.REPLACE : ConfigImport.Mode.MERGE;
        boolean dryRun = "true".equalsIgnoreCase(c.query("dryRun"));
        var doc = ConfigDocument.parse(c.rawBody());
        var changes = dryRun ? ConfigImport.preview(ctx.store(), doc, mode) : ConfigImport.apply(ctx.store(), doc, mode);
        var out = Router.JSON.createObjectNode();
        out.put("applied", !dryRun);
        out.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        var list = out.putArray("changes");
        changes.forEach(ch -> list.add(ch.line()));
        return out;
    }

    /**
     * {@code POST /admin/test {channel?, entry?, orderAuto?, timeoutSeconds?}}: the speed test, as the tray's "Run
     * speed test" starts it; answers when it is done (bounded by {@code timeoutSeconds}, default 60).
     */
    private JsonNode speedTest(AdminBody body) {
        var entry = body.text("entry");
        var channel = body.text("channel");
        var which = entry != null ? Selection.entry(entry) : channel != null ? Selection.channel(channel)
                : Selection.all();
        body.only("entry", "channel", "orderAuto", "timeoutSeconds");
        var timeoutSeconds = body.integer("timeoutSeconds");
        java.time.Duration bound;
        try {
            bound = SpeedTest.bound(timeoutSeconds == null ? 60 : timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw AdminRefusal.badRequest("timeoutSeconds: " + e.getMessage());
        }
        var test = new SpeedTest(ctx.store(), ctx.upstream(), ctx.clock());
        var results = test.run(which, r -> { }, bound);
        var out = Router.JSON.createObjectNode();
        var list = out.putArray("results");
        for (var r : results) {
            var n = list.addObject();
            n.put("entry", r.entry());
            n.put("ok", r.ok());
            if (r.ttftMs() != null) {
                n.put("ttftMs", r.ttftMs());
            }
            if (r.totalMs() != null) {
                n.put("totalMs", r.totalMs());
            }
            n.put("outcome", r.outcome());
            n.put("message", r.message());
        }
        if (Boolean.TRUE.equals(body.bool("orderAuto"))) {
            var auto = SpeedTest.orderAuto(ctx.store());
            var order = out.putArray("auto");
            var byId = new java.util.HashMap<Long, String>();
            ctx.store().entries().list().forEach(e -> byId.put(e.id(), e.ref()));
            auto.memberIds().forEach(id -> order.add(byId.get(id)));
        }
        return out;
    }

    private Reply channelRoutes(AdminCall c) {
        var s = c.segments;
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(channels.list());
            }
            c.allow("GET, POST");
            return new Reply(HttpStatus.CREATED_201, channels.create(c.body()));
        }
        var name = s[1];
        if (s.length == 2) {
            if (c.is("GET")) {
                return ok(channels.show(ctx.store().channels().get(name)));
            }
            if (c.is("PATCH")) {
                return ok(channels.patch(name, c.body()));
            }
            c.allow("GET, PATCH, DELETE");
            return ok(channels.remove(name));
        }
        if (s.length == 3 && s[2].equals("models")) {
            c.allow("GET");
            return ok(models(ctx.store().channels().get(name)));
        }
        if (s.length == 3 && (s[2].equals("enable") || s[2].equals("disable"))) {
            c.allow("POST");
            return ok(channels.show(ctx.store().channels().setEnabled(name, s[2].equals("enable"))));
        }
        throw c.notFound();
    }

    private Reply entry(AdminCall c) {
        var s = c.segments;
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(entryJson(ctx.store().entries().get(c.ref())));
            }
            c.allow("GET, DELETE");
            var removed = ctx.store().entries().get(c.ref());
            var json = entryJson(removed);
            ctx.store().entries().remove("#" + removed.id());
            return ok(json);
        }
        if (s.length == 2) {
            c.allow("POST");
            switch (s[1]) {
                case "enable":
                case "disable":
                    c.body().only("ref");
                    return ok(entryJson(ctx.store().entries().setEnabled(c.ref(), s[1].equals("enable"))));
                case "alias":
                    var body = c.body().only("ref", "alias");
                    if (!body.has("alias")) {
                        throw AdminRefusal.badRequest("Give the alias as {\"ref\": …, \"alias\": \"name\"};"
                                + " \"alias\": null clears it.");
                    }
                    return ok(entryJson(ctx.store().entries().setAlias(c.ref(), body.text("alias"))));
                default:
                    throw c.notFound();
            }
        }
        throw c.notFound();
    }

    private Reply groups(AdminCall c) {
        var s = c.segments;
        var entries = ctx.store().entries();
        if (s.length == 1) {
            if (c.is("GET")) {
                return ok(AdminViews.groups(adminSnapshot(), now()));
            }
            c.allow("GET, POST");
            var g = entries.createGroup(c.body().only("name").required("name"));
            return new Reply(HttpStatus.CREATED_201, groupJson(g.name()));
        }
        var name = s[1];
        if (s.length == 2) {
            if (c.is("GET")) {
                return ok(groupJson(name));
            }
            c.allow("GET, DELETE");
            var json = groupJson(name);
            entries.deleteGroup(name);
            return ok(json);
        }
        if (s.length == 3 && s[2].equals("members")) {
            if (c.is("POST")) {
                var body = c.body().only("ref", "position");
                return ok(groupJson(entries.addMember(name, c.ref(), body.integer("position")).name()));
            }
            c.allow("POST, DELETE");
            c.body().only("ref");
            return ok(groupJson(entries.removeMember(name, c.ref()).name()));
        }
        if (s.length == 3 && s[2].equals("move")) {
            c.allow("POST");
            var body = c.body().only("ref", "position");
            var position = body.integer("position");
            if (position == null) {
                throw AdminRefusal.badRequest("Give the position to move to: {\"ref\": …, \"position\": 1}"
                        + " (1 = tried first).");
            }
            return ok(groupJson(entries.moveMember(name, c.ref(), position).name()));
        }
        throw c.notFound();
    }

    private Reply settings(AdminCall c) {
        var s = c.segments;
        if (s.length == 1) {
            c.allow("GET");
            var settings = ctx.store().settings().load();
            var arr = Router.JSON.createArrayNode();
            for (var setting : Setting.values()) {
                arr.add(AdminViews.setting(setting, settings));
            }
            return ok(arr);
        }
        c.expectDepth(2);
        var setting = Setting.of(s[1]);
        if (c.is("GET")) {
            return ok(AdminViews.setting(setting, ctx.store().settings().load()));
        }
        if (c.is("PUT")) {
            var body = c.body().only("value");
            var value = body.scalar("value");
            if (value == null) {
                throw AdminRefusal.badRequest("Give the value as {\"value\": …}; DELETE resets " + setting.key()
                        + " to its default.");
            }
            if (setting == Setting.OUTBOUND_PROXY && Masking.looksMasked(value)) {
                throw AdminRefusal.badRequest("That proxy URL looks masked (as Switchboard shows it); send the password"
                        + " itself.");
            }
            ctx.store().settings().set(setting, value);
            return ok(AdminViews.setting(setting, ctx.store().settings().load()));
        }
        c.allow("GET, PUT, DELETE");
        ctx.store().settings().reset(setting);
        return ok(AdminViews.setting(setting, ctx.store().settings().load()));
    }

    private Reply keys(AdminCall c) {
        var s = c.segments;
        var keys = ctx.store().accessKeys();
        if (s.length == 1) {
            if (c.is("GET")) {
                var arr = Router.JSON.createArrayNode();
                keys.list().forEach(k -> arr.addObject().put("name", k.name()).put("key", k.secret().masked()));
                return ok(arr);
            }
            c.allow("GET, POST");
            var key = keys.create(c.body().only("name").required("name"));
            var n = Router.JSON.createObjectNode();
            n.put("name", key.name());
            // The one answer that carries a secret: the person has no other way to learn it.
            n.put("key", key.secret().reveal());
            n.put("masked", key.secret().masked());
            n.put("note", "Copy the key now: it is shown masked from now on.");
            return new Reply(HttpStatus.CREATED_201, n);
        }
        c.expectDepth(2);
        c.allow("DELETE");
        keys.revoke(s[1]);
        return ok(Router.JSON.createObjectNode().put("revoked", s[1].strip()));
    }

    // ---- entries

    private ArrayNode listEntries(String channel) {
        if (channel != null) {
            ctx.store().channels().get(channel); // a clear 404 for an unknown channel
        }
        var snapshot = adminSnapshot();
        var now = now();
        var arr = Router.JSON.createArrayNode();
        for (var e : snapshot.entries()) {
            if (channel == null || e.channelName().equalsIgnoreCase(channel.strip())) {
                arr.add(AdminViews.entry(e, snapshot, now));
            }
        }
        return arr;
    }

    /** {@code {"channel", "models": [...]}} or {@code "model"}; all of them or none, as with {@code entries add}. */
    private ArrayNode addEntries(AdminBody body) {
        body.only("channel", "model", "models", "alias", "auto");
        var models = body.strings("models");
        var model = body.text("model");
        if ((models == null) == (model == null)) {
            throw AdminRefusal.badRequest("Give either \"model\": \"name\" or \"models\": [\"name\", …].");
        }
        if (models == null) {
            models = List.of(model);
        }
        var alias = body.text("alias");
        if (alias != null && models.size() > 1) {
            throw AdminRefusal.badRequest("\"alias\" needs exactly one model; " + models.size() + " were given.");
        }
        var auto = body.bool("auto");
        var store = ctx.store().entries();
        var added = new ArrayList<Entry>();
        try {
            for (var m : models) {
                added.add(store.add(body.text("channel"), m, alias, auto == null || auto));
            }
        } catch (StoreException e) {
            added.forEach(a -> store.remove("#" + a.id()));
            throw models.size() > 1 ? new StoreException(e.kind(), e.getMessage() + " None of the " + models.size()
                    + " models was added.", e) : e;
        }
        var snapshot = adminSnapshot();
        var now = now();
        var ids = new HashSet<Long>();
        added.forEach(e -> ids.add(e.id()));
        var arr = Router.JSON.createArrayNode();
        snapshot.entries().stream().filter(e -> ids.contains(e.id()))
                .forEach(e -> arr.add(AdminViews.entry(e, snapshot, now)));
        return arr;
    }

    private ObjectNode entryJson(Entry e) {
        var snapshot = adminSnapshot();
        var fresh = snapshot.entries().stream().filter(x -> x.id() == e.id()).findFirst().orElse(e);
        return AdminViews.entry(fresh, snapshot, now());
    }

    private ObjectNode groupJson(String name) {
        var g = ctx.store().entries().group(name);
        return AdminViews.group(g, adminSnapshot(), now());
    }

    // ---- routing

    /** Every group with its members in the order the next request tries them, with live health. */
    private ObjectNode routingStatus() {
        var snapshot = ctx.health().overlay(ctx.live().current());
        var n = Router.JSON.createObjectNode();
        n.put("at", now().toString());
        n.set("groups", AdminViews.groups(snapshot, now()));
        return n;
    }

    /** {@code {"group": "auto", "entry": "relay/gpt-4o"}}: that member is tried first from now on. */
    private ObjectNode top(AdminBody body) {
        body.only("group", "entry");
        var group = body.required("group");
        var entry = body.required("entry");
        var g = ctx.store().entries().moveMember(group, entry, 1);
        // The write reloaded the live snapshot before it returned: this is the order the next request uses.
        var live = ctx.live().current().group(g.name()).orElse(g);
        return AdminViews.group(live, ctx.health().overlay(ctx.live().current()), now());
    }

    // ---- status and usage

    private ObjectNode status() {
        var snapshot = adminSnapshot();
        var now = now();
        var file = ctx.store().database().file();
        var n = Router.JSON.createObjectNode();
        n.put("version", ctx.version());
        n.put("dataFolder", dataFolder());
        n.put("database", file.getFileName().toString());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        n.put("databaseBytes", size);
        n.put("channels", snapshot.channels().size());
        n.put("enabledChannels", snapshot.channels().stream().filter(Channel::enabled).count());
        n.put("entries", snapshot.entries().size());
        var routable = snapshot.routableEntries();
        n.put("routableEntries", routable.size());
        n.put("coolingEntries", routable.stream().filter(e -> snapshot.health(e.id()).coolingAt(now)).count());
        n.put("systemDisabledEntries", snapshot.entries().stream()
                .filter(e -> snapshot.health(e.id()).systemDisabled()).count());
        var groups = n.putArray("groups");
        snapshot.groups().forEach(g -> groups.addObject().put("name", g.name()).put("members", g.memberIds().size()));
        n.put("accessKeys", snapshot.accessKeys().size());
        n.put("requests", ctx.store().usage().count());
        return n;
    }

    private ArrayNode usage(String limitParam) {
        int limit = DEFAULT_USAGE_LIMIT;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_USAGE_LIMIT) {
                throw AdminRefusal.badRequest("limit must be a whole number from 1 to " + MAX_USAGE_LIMIT + ".");
            }
        }
        var arr = Router.JSON.createArrayNode();
        ctx.store().usage().recent(limit).forEach(r -> arr.add(AdminViews.usage(r)));
        return arr;
    }

    // ---- helpers

    /** The database's state with the tracker's live health: what the CLI would show, health as routing sees it. */
    private Snapshot adminSnapshot() {
        return ctx.health().overlay(ctx.store().snapshot());
    }

    private java.time.Instant now() {
        return ctx.clock().instant();
    }

    private String dataFolder() {
        return ctx.store().database().file().toAbsolutePath().getParent().toString();
    }

    private static Reply ok(Object body) {
        return new Reply(HttpStatus.OK_200, body);
    }

    static int statusOf(StoreException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST_400;
            case NOT_FOUND -> HttpStatus.NOT_FOUND_404;
            case CONFLICT -> HttpStatus.CONFLICT_409;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE_503;
        };
    }

    private static String typeOf(StoreException.Kind kind) {
        return switch (kind) {
            case INVALID -> "invalid_request_error";
            case NOT_FOUND -> "not_found_error";
            case CONFLICT -> "conflict_error";
            case UNAVAILABLE -> "server_error";
        };
    }

    private static String codeOf(StoreException.Kind kind) {
        return switch (kind) {
            case INVALID -> "invalid";
            case NOT_FOUND -> "not_found";
            case CONFLICT -> "conflict";
            case UNAVAILABLE -> "store_unavailable";
        };
    }

    private record Reply(int status, Object body) {
    }


}
