package dev.switchboard.protocol;

/**
 * An error to show a client, in neutral terms; each client codec renders it in its protocol's shape.
 *
 * @param type one of {@code invalid_request}, {@code authentication}, {@code permission}, {@code not_found},
 *             {@code request_too_large}, {@code rate_limit}, {@code overloaded}, {@code server_error},
 *             {@code upstream_error}
 */
public record ApiError(int status, String type, String message) {
}
