package dev.cpaconsole.requests.core;

/**
 * A position in the requests list: the sort value of the last row shown (its start instant, its
 * latency or its total tokens, as the {@link RequestSort} says) and its database id, which orders
 * rows with equal values.
 */
public record RequestCursor(long value, long id) {
}
