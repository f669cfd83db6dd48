package dev.cpaconsole.simulator;

import java.util.Map;

/**
 * One request the fake chatgpt.com upstream received through {@code POST /api-call}.
 *
 * @param authIndex the credential whose token the request carried, or {@code ""} when the token
 *     matched none (for example a literal {@code $TOKEN$})
 * @param method upper-case HTTP method
 * @param url the full URL
 * @param headers request headers after {@code $TOKEN$} substitution
 * @param body request body text
 */
public record UpstreamCall(String authIndex, String method, String url, Map<String, String> headers, String body) {

    public UpstreamCall {
        headers = Map.copyOf(headers);
    }
}
