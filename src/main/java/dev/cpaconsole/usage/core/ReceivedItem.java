package dev.cpaconsole.usage.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One item exactly as it came off the wire, before anything else is done with it.
 *
 * @param text the item's text: a JSON object for a well-formed record, anything at all otherwise
 * @param origin how it arrived
 * @param receivedAt when the console received it
 */
public record ReceivedItem(String text, Origin origin, Instant receivedAt) {

    public ReceivedItem {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
