package dev.cpaconsole.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the fake upstream answers to one {@code api-call}: status, headers and body text, exactly
 * as they appear in CPA's envelope.
 *
 * @param statusCode upstream HTTP status
 * @param headers upstream headers, each with its values
 * @param body upstream body as text
 */
public record UpstreamResponse(int statusCode, Map<String, List<String>> headers, String body) {

    public UpstreamResponse {
        Objects.requireNonNull(body, "body");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Map.copyOf(copy);
    }

    /** A JSON answer with the headers chatgpt.com sends ({@code Content-Type}, {@code Date}, {@code Cf-Ray}). */
    public static UpstreamResponse json(int statusCode, String body) {
        return new UpstreamResponse(statusCode, Map.of(
                "Content-Type", List.of("application/json"),
                "Date", List.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC))
                        .replace("+0000", "GMT")),
                "Cf-Ray", List.of("0000000000000000-SJC")), body);
    }

    /** Like {@link #json(int, String)} with extra headers, e.g. {@code Retry-After} on a 429. */
    public UpstreamResponse withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(name, List.of(value));
        return new UpstreamResponse(statusCode, copy, body);
    }
}
