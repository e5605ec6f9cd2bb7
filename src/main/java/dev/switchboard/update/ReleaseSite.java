package dev.switchboard.update;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where releases are published, laid out as GitHub Releases are: {@code BASE/latest} redirects to
 * {@code BASE/tag/TAG}, and a release's files are at {@code BASE/download/TAG/NAME}. BASE is
 * {@code https://github.com/OWNER/REPO/releases} for the repository named in the pom, unless the
 * {@code update-url} setting names another (a mirror, or a local server in tests).
 */
public final class ReleaseSite {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final String userAgent;
    private final HttpClient noRedirects;
    private final HttpClient redirects;

    ReleaseSite(URI base, String userAgent) {
        this.base = base;
        this.userAgent = userAgent;
        this.noRedirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // NORMAL follows GitHub's redirect of an asset to its storage host, but never from https down to http.
        this.redirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * @param updateUrl the {@code update-url} setting (empty for the default)
     * @param github    {@code owner/repo} from the pom
     */
    public static ReleaseSite of(String updateUrl, String github, String currentVersion) {
        String base;
        if (updateUrl != null && !updateUrl.isBlank()) {
            base = updateUrl.strip();
        } else if (github != null && github.matches("[\\w.-]+/[\\w.-]+")) {
            base = "https://github.com/" + github + "/releases";
        } else {
            throw new IllegalStateException("This build does not say where its updates are published; set one"
                    + " with `switchboard settings set update-url https://github.com/OWNER/REPO/releases`.");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new ReleaseSite(URI.create(base), "Switchboard/" + currentVersion);
    }

    public URI base() {
        return base;
    }

    /** The folder a release's files are downloaded from, ending in '/'. */
    URI downloads(String tag) {
        return URI.create(base + "/download/" + tag + "/");
    }

    /** The tag of the latest release, read from where {@code BASE/latest} redirects. */
    String latestTag() throws UpdateException {
        var latest = URI.create(base + "/latest");
        HttpResponse<Void> response = send(noRedirects, latest, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            var location = response.headers().firstValue("location").orElse("");
            int at = location.indexOf("/tag/");
            if (at < 0) {
                throw new UpdateException("No release is published at " + base + " yet.");
            }
            var tag = location.substring(at + "/tag/".length());
            int end = indexOfAny(tag, "?#");
            tag = URLDecoder.decode(end < 0 ? tag : tag.substring(0, end), StandardCharsets.UTF_8);
            if (tag.isEmpty() || tag.contains("/") || tag.contains("..")) {
                throw new UpdateException("The release server at " + base + " named an unusable latest release ('"
                        + tag + "').");
            }
            return tag;
        }
        if (status == 404) {
            throw new UpdateException("No releases were found at " + base + " (HTTP 404). Check the update-url"
                    + " setting.");
        }
        throw new UpdateException("The release server at " + base + " answered HTTP " + status
                + " instead of pointing at the latest release.");
    }

    /** A small file of a release (the configuration), read whole. */
    byte[] asset(String tag, String name) throws UpdateException {
        return optionalAsset(tag, name).orElseThrow(() -> new UpdateException("Could not download " + name
                + " of release " + tag + " from " + downloads(tag).resolve(name) + " (HTTP 404)."));
    }

    /** A small file of a release read whole, or empty when the release has no such file (HTTP 404). */
    Optional<byte[]> optionalAsset(String tag, String name) throws UpdateException {
        var uri = downloads(tag).resolve(name);
        HttpResponse<byte[]> response = send(redirects, uri, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new UpdateException("Could not download " + name + " of release " + tag + " from " + uri
                    + " (HTTP " + response.statusCode() + ").");
        }
        return Optional.of(response.body());
    }

    String userAgent() {
        return userAgent;
    }

    private <T> HttpResponse<T> send(HttpClient client, URI uri, HttpResponse.BodyHandler<T> handler)
            throws UpdateException {
        var builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("User-Agent", userAgent).GET();
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Plain HTTP (a local or test release server): no h2c upgrade. The JDK's client offers one on every
            // such request, and on a reused connection has read the next HTTP/1.1 answer as HTTP/2 frames ("frame
            // type(58)"). HTTPS (GitHub) negotiates HTTP/2 by ALPN and is unaffected.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        var request = builder.build();
        try {
            return client.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new UpdateException("The release server " + host(uri) + " did not answer in time.", e);
        } catch (IOException e) {
            throw new UpdateException("Cannot reach the release server " + host(uri) + " ("
                    + describe(e) + "). Check the network connection and try again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateException("Interrupted while asking " + host(uri) + " for updates.", e);
        }
    }

    static String describe(IOException e) {
        var name = e.getClass().getSimpleName();
        var message = e.getMessage();
        if (name.equals("ConnectException")) {
            return "connection refused";
        }
        if (name.equals("UnknownHostException")) {
            return "unknown host";
        }
        return message == null || message.isBlank() ? name : name + ": " + message.toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
