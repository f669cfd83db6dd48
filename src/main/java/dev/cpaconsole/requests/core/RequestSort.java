package dev.cpaconsole.requests.core;

import java.util.Objects;

/**
 * The order of the requests list: by one column, with the event id breaking ties in the same
 * direction, so every order is total and a page can continue after (value, id).
 *
 * @param column what the list is sorted by
 * @param descending largest (newest, slowest, biggest) first
 */
public record RequestSort(Column column, boolean descending) {
    /** Newest first: the list's default. */
    public static final RequestSort NEWEST_FIRST = new RequestSort(Column.TIME, true);

    /**
     * Columns the list can be sorted by. Cost is not one of them: it is computed from the price
     * table when shown and never stored per event, so no index can give events in cost order.
     */
    public enum Column {
        TIME, LATENCY, TOKENS
    }

    public RequestSort {
        Objects.requireNonNull(column, "column");
    }

    /** The value of {@code row} this order compares. */
    public long valueOf(RequestRow row) {
        return switch (column) {
            case TIME -> row.timestampNanos();
            case LATENCY -> row.latencyMs();
            case TOKENS -> row.tokens().total();
        };
    }

    /** Where the list continues after {@code row} in this order. */
    public RequestCursor after(RequestRow row) {
        return new RequestCursor(valueOf(row), row.id());
    }

    /** Whether {@code a} comes before {@code b} in this order; -1, 0 or 1 as a comparator says. */
    public int compare(RequestRow a, RequestRow b) {
        int byValue = Long.compare(valueOf(a), valueOf(b));
        int order = byValue != 0 ? byValue : Long.compare(a.id(), b.id());
        return descending ? -order : order;
    }
}
