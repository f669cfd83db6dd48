package dev.cpaconsole.requests.core;

/**
 * A position in the newest-first list of usage events: events are ordered by start instant,
 * then by their database id, so equal instants still have a stable order.
 */
public record RequestCursor(long timestampNanos, long id) {
}
