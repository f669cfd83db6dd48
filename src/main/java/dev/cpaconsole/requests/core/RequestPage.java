package dev.cpaconsole.requests.core;

import java.util.List;
import java.util.Optional;

/**
 * One page of the newest-first list.
 *
 * @param rows newest first
 * @param next where the following page starts, or null when this was the last page
 */
public record RequestPage(List<RequestRow> rows, RequestCursor next) {
    public RequestPage {
        rows = List.copyOf(rows);
    }

    public Optional<RequestCursor> nextCursor() {
        return Optional.ofNullable(next);
    }
}
