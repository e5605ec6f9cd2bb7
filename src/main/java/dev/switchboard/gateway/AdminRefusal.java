package dev.switchboard.gateway;

import org.eclipse.jetty.http.HttpStatus;

/** An answer other than 2xx decided before the store was asked: bad input, unknown path, wrong method. */
final class AdminRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;
    final String code;
    final String allow;

    AdminRefusal(int status, String type, String code, String message) {
        this(status, type, code, message, null);
    }

    AdminRefusal(int status, String type, String code, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.allow = allow;
    }

    static AdminRefusal badRequest(String message) {
        return new AdminRefusal(HttpStatus.BAD_REQUEST_400, "invalid_request_error", "invalid_request", message);
    }
}
