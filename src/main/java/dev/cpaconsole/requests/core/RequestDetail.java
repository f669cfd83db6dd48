package dev.cpaconsole.requests.core;

/**
 * A usage event with its stored record, ready to show.
 *
 * @param row the event
 * @param record the stored record pretty-printed; it holds the client key's hash, never the key,
 *     and an upstream API key used as credential identity is masked
 */
public record RequestDetail(RequestRow row, String record) {
}
