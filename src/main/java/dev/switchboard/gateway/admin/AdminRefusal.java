package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.JsonRoutes.Answer;
import dev.switchboard.protocol.openai.ChatErrors;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.StoreException;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An answer other than 2xx: bad input, unknown path, wrong method, decided before the store was asked, or a
 * store's refusal ({@link #of}). Its answer has the OpenAI error shape ({@link AdminApi}).
 */
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

    /** A store's refusal: its kind picks the status, type and code; its message is redacted, like every text shown. */
    static AdminRefusal of(StoreException e) {
        var message = Redaction.redact(e.getMessage());
        return switch (e.kind()) {
            case INVALID -> new AdminRefusal(HttpStatus.BAD_REQUEST_400, "invalid_request_error", "invalid", message);
            case NOT_FOUND -> new AdminRefusal(HttpStatus.NOT_FOUND_404, "not_found_error", "not_found", message);
            case CONFLICT -> new AdminRefusal(HttpStatus.CONFLICT_409, "conflict_error", "conflict", message);
            case UNAVAILABLE -> new AdminRefusal(HttpStatus.SERVICE_UNAVAILABLE_503, "server_error",
                    "store_unavailable", message);
        };
    }

    Answer answer() {
        return new Answer(status, ChatErrors.of(getMessage(), type, code, null));
    }
}
