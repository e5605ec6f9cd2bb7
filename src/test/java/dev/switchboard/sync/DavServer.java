package dev.switchboard.sync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small WebDAV server for the sync tests that need no external one: folders made by MKCOL, files by PUT, each
 * version with a new strong ETag, and the conditional PUT of RFC 9110 ({@code If-Match}, {@code If-None-Match: *}
 * answered 412), behind HTTP Basic authentication. What a real server does with these is tested against lighttpd
 * ({@code SyncOverWebDavIT}); this one lets the CLI, admin API and window tests run everywhere, quickly.
 */
public final class DavServer implements AutoCloseable {
    public static final String USER = "alice";
    public static final String PASSWORD = "dav-FAKE-password-1";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Map<String, Boolean> folders = new ConcurrentHashMap<>();
    private final AtomicInteger versions = new AtomicInteger();
    private final AtomicInteger puts = new AtomicInteger();

    public DavServer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        folders.put("/", true);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                var body = Content.Source.asByteBuffer(request);
                var bytes = new byte[body.remaining()];
                body.get(bytes);
                int status = serve(request, response, bytes);
                response.setStatus(status);
                var out = status == 200 && request.getMethod().equals("GET")
                        ? files.get(Request.getPathInContext(request)) : new byte[0];
                response.write(true, ByteBuffer.wrap(out), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder to sync with: {@code http://127.0.0.1:PORT/dav/switchboard/} (not created yet). */
    public String folderUrl() {
        return baseUrl() + "/dav/switchboard/";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The sync file's content, or null. */
    public String file() {
        var b = files.get("/dav/switchboard/" + SyncFile.NAME);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Replaces the sync file as another program would (a new ETag). */
    public void replaceFile(String text) {
        store("/dav/switchboard/" + SyncFile.NAME, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the sync file, as a person might in the server's web page. */
    public void deleteFile() {
        files.remove("/dav/switchboard/" + SyncFile.NAME);
        etags.remove("/dav/switchboard/" + SyncFile.NAME);
    }

    /** How many PUTs were accepted. */
    public int puts() {
        return puts.get();
    }

    private int serve(Request request, Response response, byte[] body) {
        var auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        var expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"dav\"");
            return 401;
        }
        var path = Request.getPathInContext(request);
        var parent = path.substring(0, path.lastIndexOf('/', path.length() - 2) + 1);
        switch (request.getMethod()) {
            case "MKCOL" -> {
                if (folders.containsKey(path)) {
                    return 405;
                }
                if (!folders.containsKey(parent) && !parent.equals("/dav/")) {
                    return 409;
                }
                folders.put(parent, true);
                folders.put(path, true);
                return 201;
            }
            case "GET", "HEAD" -> {
                if (!files.containsKey(path)) {
                    return 404;
                }
                response.getHeaders().put(HttpHeader.ETAG, etags.get(path));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                return 200;
            }
            case "PUT" -> {
                if (!folders.containsKey(parent)) {
                    return 409;
                }
                var current = etags.get(path);
                var ifMatch = request.getHeaders().get(HttpHeader.IF_MATCH);
                var ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
                if (ifMatch != null && (current == null || !(ifMatch.equals("*") || ifMatch.equals(current)))) {
                    return 412;
                }
                if ("*".equals(ifNoneMatch) && current != null) {
                    return 412;
                }
                boolean created = current == null;
                store(path, body);
                puts.incrementAndGet();
                response.getHeaders().put(HttpHeader.ETAG, etags.get(path));
                return created ? 201 : 204;
            }
            default -> {
                return 405;
            }
        }
    }

    private synchronized void store(String path, byte[] body) {
        files.put(path, body);
        etags.put(path, "\"v" + versions.incrementAndGet() + "\"");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
