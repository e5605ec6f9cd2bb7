package dev.switchboard.ui;

import dev.switchboard.gateway.GatewayException;
import dev.switchboard.store.Redaction;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * One place that turns a failure into words a person understands. The stores and the gateway already say what
 * went wrong and what to do; other failures are named by kind. Everything passes {@link Redaction}: a key in an
 * upstream's error text never reaches the screen.
 */
public final class ErrorText {
    private ErrorText() {
    }

    public static String of(Throwable e, Messages text) {
        var root = e;
        while ((root instanceof java.util.concurrent.ExecutionException
                || root instanceof java.util.concurrent.CompletionException) && root.getCause() != null) {
            root = root.getCause();
        }
        String message;
        if (root instanceof StoreException || root instanceof GatewayException
                || root instanceof IllegalArgumentException || root instanceof IllegalStateException) {
            message = root.getMessage();
        } else if (root instanceof UnknownHostException) {
            message = text.get("error.unknownHost", root.getMessage());
        } else if (root instanceof ConnectException) {
            message = text.get("error.unreachable", String.valueOf(root.getMessage()));
        } else if (root instanceof TimeoutException) {
            message = text.get("error.timeout");
        } else if (root instanceof IOException) {
            message = text.get("error.network", String.valueOf(root.getMessage()));
        } else {
            message = text.get("error.unexpected", root.getClass().getSimpleName() + ": " + root.getMessage());
        }
        return Redaction.redact(message == null ? root.getClass().getSimpleName() : message);
    }
}
