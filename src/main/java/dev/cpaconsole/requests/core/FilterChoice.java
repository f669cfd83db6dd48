package dev.cpaconsole.requests.core;

/**
 * One value a filter of the requests list offers.
 *
 * @param value what the filter matches: a user's or managed key's id, an {@code auth_index}, a
 *     status code, or the value itself
 * @param label how to show it
 */
public record FilterChoice(String value, String label) {
    /** A choice shown as its value; "" is shown as "(none)". */
    public static FilterChoice of(String value) {
        return new FilterChoice(value, value.isEmpty() ? "(none)" : value);
    }
}
