package dev.switchboard.sync;

import dev.switchboard.store.ControlChars;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One folder on a WebDAV server (Nextcloud, ownCloud, Jianguoyun, a NAS, Apache or lighttpd with WebDAV), spoken to
 * with the JDK's HTTP client: GET and HEAD read a file with its ETag, PUT writes one only if it is still the version
 * that was read ({@code If-Match}) or does not exist yet ({@code If-None-Match: *}), MKCOL creates the folder.
 *
 * <p>Decisions:
 * <ul>
 *   <li>HTTP Basic authentication, sent with every request (WebDAV servers ask for it on each; the JDK's
 *       {@code Authenticator} would first send each request without it). Over plain {@code http://} the password
 *       crosses the network readable, as with any WebDAV client; the keys never do (they are sealed).</li>
 *   <li>Plain {@code http://} is spoken as HTTP/1.1 without the JDK client's h2c upgrade offer (as {@code
 *       update.ReleaseSite} does): on a reused connection that offer has made the client read an HTTP/1.1 answer
 *       as HTTP/2 frames. HTTPS negotiates by ALPN as usual.</li>
 *   <li>No redirects are followed: a PUT must not be re-sent somewhere the person did not name.</li>
 *   <li>The ETag is the whole basis of conflict detection: a server that gives none for a file is refused with a
 *       message saying so, rather than risking a silent overwrite.</li>
 * </ul>
 */
final class WebDavFolder {
    /** Far above any configuration (a few KB); the same bound as an imported file. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** A file as read: its content and its ETag, exactly as the server wrote it (quotes included). */
    record Remote(String etag, byte[] body) {
    }

    /** The folder holds another version than the one a PUT was conditioned on (HTTP 412). */
    static final class Changed extends Exception {
        private static final long serialVersionUID = 1L;

        Changed() {
            super("changed on the server", null, false, false);
        }
    }

    private final URI folder;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /** Over a client of its own; {@link #client} makes one to share between folders. */
    WebDavFolder(URI folder, String user, String password, Duration timeout) {
        this(client(timeout), folder, user, password, timeout);
    }

    WebDavFolder(HttpClient http, URI folder, String user, String password, Duration timeout) {
        this.folder = folder;
        this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = http;
    }

    /** An HTTP client for WebDAV folders: no redirects followed, connecting within {@code timeout} (10 s at most). */
    static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout
                : Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Checks the folder can be used with these credentials, creating it when it does not exist (its parent must).
     *
     * @return true when it was created
     */
    boolean ensureFolder() {
        var response = send(request(folder).method("MKCOL", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding(), "create the folder");
        int status = response.statusCode();
        if (status == 201) {
            return true;
        }
        if (status == 405) {
            return false; // it exists: RFC 4918's answer to MKCOL on an existing collection
        }
        refuseAuth(status);
        if (status == 409) {
            throw new StoreException(StoreException.Kind.INVALID, "The WebDAV server has no folder above " + folder
                    + " (HTTP 409): create the parent folder first, or give a folder that exists.");
        }
        throw failure(response, "create the folder " + folder);
    }

    /** The file {@code name} in the folder, or empty when there is none. */
    Optional<Remote> get(String name) {
        var uri = folder.resolve(name);
        var response = send(request(uri).GET(), HttpResponse.BodyHandlers.ofInputStream(), "read " + name);
        int status = response.statusCode();
        try (var body = response.body()) {
            if (status == 404 || status == 409) {
                return Optional.empty(); // 409: the folder itself is gone
            }
            refuseAuth(status);
            if (status != 200) {
                throw failure(response, "read " + uri);
            }
            var bytes = readBounded(body, uri);
            var etag = response.headers().firstValue("ETag").orElse(null);
            if (etag == null) {
                // some servers leave the ETag off a GET; HEAD is asked instead (a change in between would show as a
                // 412 on the next push, never as a silent overwrite)
                etag = head(name).orElse(null);
            }
            return Optional.of(new Remote(requireEtag(etag, uri), bytes));
        } catch (IOException e) {
            throw unreachable(uri, e);
        }
    }

    /** The file's ETag, or empty when there is no such file. */
    Optional<String> head(String name) {
        var uri = folder.resolve(name);
        var response = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding(), "look at " + name);
        int status = response.statusCode();
        if (status == 404 || status == 409) {
            return Optional.empty();
        }
        refuseAuth(status);
        if (status != 200) {
            throw failure(response, "look at " + uri);
        }
        return Optional.of(requireEtag(response.headers().firstValue("ETag").orElse(null), uri));
    }

    /**
     * Writes {@code name} only if the server's copy is still {@code ifMatch}, or, when that is null, only if there
     * is none yet.
     *
     * @return the new ETag
     * @throws Changed when the server's copy is another (HTTP 412)
     */
    String put(String name, byte[] body, String ifMatch) throws Changed {
        var uri = folder.resolve(name);
        var builder = request(uri).header("Content-Type", "application/json; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (ifMatch == null) {
            builder.header("If-None-Match", "*");
        } else {
            builder.header("If-Match", ifMatch);
        }
        var response = send(builder, HttpResponse.BodyHandlers.discarding(), "write " + name);
        int status = response.statusCode();
        if (status == 412) {
            throw new Changed();
        }
        refuseAuth(status);
        if (status == 409) {
            throw new StoreException(StoreException.Kind.INVALID, "The folder " + folder + " does not exist on the"
                    + " WebDAV server (HTTP 409). Run `sync setup` again to create it.");
        }
        if (status != 200 && status != 201 && status != 204) {
            throw failure(response, "write " + uri);
        }
        var etag = response.headers().firstValue("ETag").orElse(null);
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        // no ETag in the answer (or a weak one, which If-Match cannot use): ask for it
        return head(name).orElseThrow(() -> new StoreException(StoreException.Kind.UNAVAILABLE, "The WebDAV server"
                + " accepted " + uri + " but then did not show it. Try `sync status`."));
    }

    URI folder() {
        return folder;
    }

    private HttpRequest.Builder request(URI uri) {
        var builder = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "Switchboard-sync");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, String what) {
        var built = request.build();
        try {
            return http.send(built, handler);
        } catch (HttpTimeoutException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "The WebDAV server " + host(built.uri())
                    + " did not answer within " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s"
                    : timeout.toMillis() + " ms") + " (trying to " + what + "). Nothing was"
                    + " changed; try again later.", e);
        } catch (IOException e) {
            throw unreachable(built.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted while talking to the WebDAV"
                    + " server.", e);
        }
    }

    private static byte[] readBounded(InputStream in, URI uri) throws IOException {
        var bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new StoreException(StoreException.Kind.INVALID, uri + " is larger than " + MAX_BYTES / 1024 / 1024
                    + " MB, so it is not a Switchboard sync file.");
        }
        return bytes;
    }

    private String requireEtag(String etag, URI uri) {
        if (etag == null || etag.isBlank()) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "The WebDAV server gives no ETag for " + uri
                    + ". Switchboard needs it to notice changes made by another machine, so it does not sync"
                    + " with this server.");
        }
        return etag.strip();
    }

    private void refuseAuth(int status) {
        if (status == 401) {
            throw new StoreException(StoreException.Kind.INVALID, "The WebDAV server " + host(folder) + " refused"
                    + " the user name or password (HTTP 401). Check them and run `sync setup` again (many servers,"
                    + " Nextcloud and Jianguoyun among them, want an app password here, not the account's).");
        }
        if (status == 403) {
            throw new StoreException(StoreException.Kind.INVALID, "The WebDAV server " + host(folder) + " does not"
                    + " let this user write to " + folder + " (HTTP 403).");
        }
    }

    private StoreException failure(HttpResponse<?> response, String what) {
        int status = response.statusCode();
        var location = response.headers().firstValue("Location").orElse(null);
        if (status >= 300 && status < 400 && location != null) {
            // not followed (a PUT must not go where the person did not say), but named: often http moved to https
            return new StoreException(StoreException.Kind.INVALID, "The WebDAV server " + host(folder)
                    + " sends " + what.substring(what.indexOf(' ') + 1) + " elsewhere (HTTP " + status + " to "
                    + ControlChars.escape(location) + "). If that is the folder's real address, give it with"
                    + " `sync setup`.");
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, "The WebDAV server " + host(folder)
                + " answered HTTP " + status + " when asked to " + what + ". Nothing was changed here; try again"
                + " later.");
    }

    private static StoreException unreachable(URI uri, IOException e) {
        String why;
        if (e instanceof ConnectException) {
            why = "connection refused";
        } else if (e instanceof UnknownHostException) {
            why = "unknown host";
        } else {
            var m = e.getMessage();
            why = m == null || m.isBlank() ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + m.toLowerCase(Locale.ROOT);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot reach the WebDAV server " + host(uri)
                + " (" + why + "). Check the address and the network; nothing was changed.", e);
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
