package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.GatewayContext;
import dev.switchboard.gateway.JsonRoutes;

/**
 * The admin API: JSON over HTTP for everything the CLI can do, for the tray menu, the window and scripts.
 * Under {@code /admin/}, plus {@code GET /v1/routing/status} and {@code POST /v1/routing/top}. The app plugs it into
 * the gateway ({@code Gateway.create}), whose router hands it every request it {@link #owns} and writes the
 * {@link Answer} it gets back; behind this interface, one package-private class per resource answers its paths
 * ({@code channels}, {@code entries}, {@code groups}, …). This package uses the gateway's; the gateway's does not
 * use this one.
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
 * {@code {"error": {"message", "type", "code"}}}; a {@link dev.switchboard.store.StoreException}'s kind picks the
 * status (INVALID 400, NOT_FOUND 404, CONFLICT 409, UNAVAILABLE 503), malformed JSON or an unknown field is 400.
 * Keys, header values and proxy passwords are masked in every answer ({@link AdminViews}); a new access key's
 * secret is the one thing shown, once, in the answer that creates it. Values that look masked are refused as
 * input, so a client that sends back what it read cannot replace a working key with its masked form.
 *
 * <p>Reads under {@code /admin/} come from the database (what the CLI would show, even a change another process
 * made a moment ago), with the health tracker's live health laid over it; {@code /v1/routing/status} reads the
 * gateway's current snapshot, which is what the next request is routed by.
 */
public interface AdminApi extends JsonRoutes {
    static AdminApi create(GatewayContext ctx) {
        return new AdminRouter(ctx);
    }
}
