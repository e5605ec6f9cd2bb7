package dev.switchboard.store;

import java.util.List;

/**
 * One page of the request log, newest first.
 *
 * @param total how many requests match the filter in all (for "51–100 of 523")
 */
public record RequestPage(List<LoggedRequest> requests, long total, int offset, int limit) {
    public RequestPage {
        requests = List.copyOf(requests);
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return offset + requests.size() < total;
    }
}
