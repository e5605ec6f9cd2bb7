package dev.switchboard.gateway.admin;

import static dev.switchboard.gateway.admin.Resource.ok;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.protocol.openai.ChatErrors;
import dev.switchboard.store.Redaction;
import dev.switchboard.sync.Difference;
import dev.switchboard.sync.SyncConflict;
import dev.switchboard.sync.SyncResult;
import dev.switchboard.sync.SyncService;
import dev.switchboard.sync.SyncStatus;
import dev.switchboard.sync.SyncTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The sync folder (docs/ADMIN_API.md, "Sync"): {@code GET, PUT, DELETE /admin/sync} (the setup, password masked),
 * {@code GET /admin/sync/status}, {@code POST /admin/sync/push} and {@code POST /admin/sync/pull}. A push or pull
 * takes {@code {"passphrase": …}} (never stored, never echoed) and, after a conflict, the person's explicit choice:
 * {@code "choice": "keep-mine"} on a push, {@code "take-theirs"} on a pull. A conflict answers 409 with what differs.
 */
final class SyncResource implements Resource {
    static final String KEEP_MINE = "keep-mine";
    static final String TAKE_THEIRS = "take-theirs";

    private final SyncService sync;

    SyncResource(AdminContext ctx) {
        this.sync = new SyncService(ctx.store(), Path.of(ctx.dataFolder()), ctx.gateway().clock());
    }

    @Override
    public Answer answer(AdminCall c) {
        var s = c.segments;
        if (s.length == 1) {
            return setup(c);
        }
        c.expectDepth(2);
        return switch (s[1]) {
            case "status" -> {
                c.allow("GET");
                yield ok(status(sync.status()));
            }
            case "push" -> {
                c.allow("POST");
                var body = c.body().only("passphrase", "choice");
                yield transfer(() -> sync.push(body.text("passphrase"), choice(body.text("choice"), KEEP_MINE,
                        "push")));
            }
            case "pull" -> {
                c.allow("POST");
                var body = c.body().only("passphrase", "choice");
                yield transfer(() -> sync.pull(body.text("passphrase"), choice(body.text("choice"), TAKE_THEIRS,
                        "pull")));
            }
            default -> throw c.notFound();
        };
    }

    private Answer setup(AdminCall c) {
        if (c.is("GET")) {
            return ok(target(sync.target().orElse(null)));
        }
        if (c.is("PUT")) {
            var body = c.body().only("url", "user", "password");
            boolean created = sync.setUp(body.required("url"), body.text("user"), body.text("password"));
            var out = target(sync.target().orElseThrow());
            out.put("created", created);
            return ok(out);
        }
        c.allow("GET, PUT, DELETE");
        var out = AdminViews.NODES.objectNode();
        out.put("forgotten", sync.forget());
        return ok(out);
    }

    /** The only choice each operation takes; anything else is refused rather than guessed at. */
    private static boolean choice(String given, String allowed, String operation) {
        if (given == null) {
            return false;
        }
        if (given.equals(allowed)) {
            return true;
        }
        throw AdminRefusal.badRequest("On a " + operation + " the only choice is \"" + allowed + "\""
                + (operation.equals("push") ? "; to take the folder's configuration, pull with \"" + TAKE_THEIRS + "\"."
                : "; to keep this machine's configuration, push with \"" + KEEP_MINE + "\"."));
    }

    private static Answer transfer(Supplier<SyncResult> work) {
        SyncResult result;
        try {
            result = work.get();
        } catch (SyncConflict conflict) {
            var body = ChatErrors.of(Redaction.redact(conflict.getMessage()), "conflict_error", "sync_conflict", null);
            body.put("state", conflict.state().id());
            differences(body, conflict.differences());
            return new Answer(HttpStatus.CONFLICT_409, body);
        }
        var out = AdminViews.NODES.objectNode();
        out.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        var changes = out.putArray("changes");
        result.changes().forEach(ch -> changes.add(ch.line()));
        out.put("backup", result.backup() == null ? null : result.backup().toString());
        return ok(out);
    }

    private static ObjectNode status(SyncStatus status) {
        var out = target(status.target());
        out.put("state", status.state().id());
        out.put("remoteExists", status.remoteExists());
        differences(out, status.differences());
        return out;
    }

    private static ObjectNode target(SyncTarget t) {
        var out = AdminViews.NODES.objectNode();
        out.put("configured", t != null);
        if (t != null) {
            out.put("url", t.url());
            out.put("user", t.user());
            out.put("password", t.maskedPassword());
            out.put("lastSync", t.last() == null ? null : t.last().at().toString());
        }
        return out;
    }

    private static void differences(ObjectNode out, List<Difference> differences) {
        var list = out.putArray("differences");
        for (var d : differences) {
            var n = list.addObject();
            n.put("kind", d.kind());
            n.put("name", d.name());
            n.put("side", d.side().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            var fields = n.putArray("fields");
            d.fields().forEach(fields::add);
            n.put("line", d.line());
        }
    }
}
