package dev.cpaconsole.requests.core;

/** Shortens a secret so an operator can recognise it without being able to use it. */
final class SecretMask {
    private static final int VISIBLE_PREFIX = 3;
    private static final int VISIBLE_SUFFIX = 4;
    private static final int SHORTEST_PARTLY_SHOWN = 12;

    private SecretMask() {
    }

    static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() < SHORTEST_PARTLY_SHOWN) {
            return "\u2026";
        }
        return secret.substring(0, VISIBLE_PREFIX) + "\u2026" + secret.substring(secret.length() - VISIBLE_SUFFIX);
    }
}
