package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.GatewayContext;
import dev.switchboard.gateway.RequestBodies;
import dev.switchboard.store.StoreException;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The admin API behind {@link AdminApi}: lets the caller in ({@link AdminGuard}), hands the call to the resource
 * its first path segment names, and turns a refusal into its error answer.
 */
final class AdminRouter implements AdminApi {
    static final String ADMIN_PREFIX = "/admin/";
    static final String ROUTING_PREFIX = "/v1/routing/";

    private final AdminGuard guard;
    /** By the first segment after {@code /admin/}. */
    private final Map<String, Resource> resources;
    private final Resource routing;

    AdminRouter(GatewayContext gateway) {
        var ctx = new AdminContext(gateway);
        this.guard = new AdminGuard(gateway.adminToken(), ctx.dataFolder());
        var entries = new EntriesResource(ctx);
        var config = new ConfigResource(ctx);
        this.resources = Map.ofEntries(
                Map.entry("status", new StatusResource(ctx)),
                Map.entry("channels", new ChannelsResource(ctx)),
                Map.entry("entries", entries),
                Map.entry("entry", entries),
                Map.entry("groups", new GroupsResource(ctx)),
                Map.entry("rules", new RulesResource(ctx)),
                Map.entry("settings", new SettingsResource(ctx)),
                Map.entry("keys", new AccessKeysResource(ctx)),
                Map.entry("usage", new UsageResource(ctx)),
                Map.entry("export", config),
                Map.entry("import", config),
                Map.entry("test", new SpeedTestResource(ctx)),
                Map.entry("detect", new DetectResource(ctx)),
                Map.entry("sync", new SyncResource(ctx)));
        this.routing = new RoutingResource(ctx);
    }

    @Override
    public boolean owns(String path) {
        return path.startsWith(ADMIN_PREFIX) || path.equals("/admin") || path.startsWith(ROUTING_PREFIX);
    }

    @Override
    public Answer answer(Request request, Response response) {
        try {
            guard.authorize(request, response);
            return route(new AdminCall(request));
        } catch (AdminRefusal r) {
            RequestBodies.discard(request, response);
            if (r.allow != null) {
                response.getHeaders().put(HttpHeader.ALLOW, r.allow);
            }
            return r.answer();
        } catch (StoreException e) {
            return AdminRefusal.of(e).answer();
        }
    }

    private Answer route(AdminCall c) {
        if (c.path.startsWith(ROUTING_PREFIX)) {
            return routing.answer(c);
        }
        var resource = c.segments.length == 0 ? null : resources.get(c.segments[0]);
        if (resource == null) {
            throw c.notFound();
        }
        return resource.answer(c);
    }
}
