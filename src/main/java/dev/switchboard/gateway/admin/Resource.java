package dev.switchboard.gateway.admin;

import dev.switchboard.gateway.JsonRoutes.Answer;
import org.eclipse.jetty.http.HttpStatus;

/**
 * One resource of the admin API: the paths under one first segment ({@code /admin/channels/…}). It checks the
 * rest of the path and the method itself ({@link AdminCall#expectDepth}, {@link AdminCall#allow}) and throws an
 * {@link AdminRefusal} or a {@link dev.switchboard.store.StoreException} for anything else than a 2xx.
 */
interface Resource {
    Answer answer(AdminCall call);

    static Answer ok(Object body) {
        return new Answer(HttpStatus.OK_200, body);
    }

    static Answer created(Object body) {
        return new Answer(HttpStatus.CREATED_201, body);
    }
}
