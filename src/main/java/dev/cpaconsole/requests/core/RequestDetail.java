package dev.cpaconsole.requests.core;

import java.util.List;

/**
 * A usage event with its stored record, ready to show.
 *
 * @param row the event
 * @param record the stored record pretty-printed; it holds the client key's hash, never the key,
 *     and an upstream API key used as credential identity is masked
 * @param attempts every event that shares the event's request id (the event itself included),
 *     oldest first: the attempts CPA made for one client request when it failed over to another
 *     credential; only the event itself when it has no request id
 */
public record RequestDetail(RequestRow row, String record, List<RequestRow> attempts) {
    public RequestDetail {
        attempts = List.copyOf(attempts);
    }
}
