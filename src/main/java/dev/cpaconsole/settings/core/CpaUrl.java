package dev.cpaconsole.settings.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Checks the CPA address an operator typed before anything tries to connect to it. */
public final class CpaUrl {
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private CpaUrl() {
    }

    /** What is wrong with {@code text} as CPA's base URL, or empty when it is usable. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Enter CPA's address, e.g. http://127.0.0.1:8317");
        }
        if (!text.contains("://")) {
            return Optional.of("The address must start with http:// or https://, e.g. http://" + text.strip());
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.of("This is not a valid address: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.of("The address must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            return Optional.of("The address needs a host, e.g. http://127.0.0.1:8317");
        }
        return Optional.empty();
    }
}
