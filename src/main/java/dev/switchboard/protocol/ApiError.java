package dev.switchboard.protocol;

/**
 * An error to show a client, in neutral terms; each client codec renders it in its protocol's shape.
 *
 * @param type  one of {@code invalid_request}, {@code authentication}, {@code permission}, {@code not_found},
 *              {@code request_too_large}, {@code rate_limit}, {@code overloaded}, {@code server_error},
 *              {@code upstream_error}
 * @param code  a machine-readable code for shapes that carry one (OpenAI's {@code model_not_found},
 *              {@code upstream_unavailable}, …), or null to let the codec derive it from the type
 * @param param the request field at fault, for shapes that name one (OpenAI's {@code param}), or null
 */
public record ApiError(int status, String type, String message, String code, String param) {

    public ApiError(int status, String type, String message) {
        this(status, type, message, null, null);
    }
}
