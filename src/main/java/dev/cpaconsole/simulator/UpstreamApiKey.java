package dev.cpaconsole.simulator;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A provider API key from CPA's config (the {@code codex-api-key}, {@code claude-api-key} …
 * lists, or an {@code openai-compatibility} entry). These credentials have no auth file; they are
 * counted in {@code GET /api-key-usage}.
 *
 * @param provider {@code codex}, {@code claude}, {@code gemini}, {@code xai} or {@code vertex} for
 *     the built-in lists; any other name is an {@code openai-compatibility} entry of that name
 * @param baseUrl the upstream base URL
 * @param apiKey the upstream key itself
 */
public record UpstreamApiKey(String provider, String baseUrl, String apiKey) {
    private static final Set<String> BUILT_IN = Set.of("codex", "claude", "gemini", "xai", "vertex");

    public UpstreamApiKey {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** Whether this is an {@code openai-compatibility} entry rather than a built-in list. */
    public boolean compatibility() {
        return !BUILT_IN.contains(provider.toLowerCase(Locale.ROOT));
    }

    /** The {@code auth_index} CPA derives for this credential. */
    public String authIndex() {
        String seed = compatibility()
                ? "openai-compatibility:" + provider + ":" + baseUrl + "+" + apiKey
                : provider.toLowerCase(Locale.ROOT) + "-api-key:" + baseUrl + "+" + apiKey;
        return Hashes.authIndex(seed);
    }
}
