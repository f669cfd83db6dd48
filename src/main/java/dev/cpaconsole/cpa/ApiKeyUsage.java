package dev.cpaconsole.cpa;

/**
 * Request counters of one upstream API-key credential from {@code GET /api-key-usage}.
 *
 * @param provider lower-case provider, or the compatibility name
 * @param credential CPA's key {@code "<base_url>|<api_key>"}; it holds an upstream key in plain text
 * @param success successful requests since CPA started
 * @param failed failed requests since CPA started
 */
public record ApiKeyUsage(String provider, String credential, long success, long failed) {

    /** The base URL part of the credential. */
    public String baseUrl() {
        int bar = credential.indexOf('|');
        return bar < 0 ? credential : credential.substring(0, bar);
    }
}
