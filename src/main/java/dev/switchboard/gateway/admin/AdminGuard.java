package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.AccessGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** Who may call the admin API: loopback callers with the admin token, never a web page ({@link AdminApi}). */
final class AdminGuard {
    private final byte[] token;
    private final String dataFolder;

    AdminGuard(String token, String dataFolder) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.dataFolder = dataFolder;
    }

    /** Returns when the caller may go on; refuses (401, 403) otherwise. */
    void authorize(Request request, Response response) {
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
                            + " folder (" + dataFolder + "), sent as `Authorization: Bearer <token>` or in an"
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
}
