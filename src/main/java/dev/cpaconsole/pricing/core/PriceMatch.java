package dev.cpaconsole.pricing.core;

/**
 * The price row an event resolved to, and how.
 *
 * @param rule the row
 * @param kind which of the event's names matched
 * @param matchedName the name (as the event carried it, or normalised) that matched
 */
public record PriceMatch(PriceRule rule, Kind kind, String matchedName) {

    /** Which name matched, in the order they are tried. */
    public enum Kind {
        /** The upstream model id. */
        MODEL("model"),
        /** The model name the client asked for. */
        ALIAS("alias"),
        /** The model or alias without provider prefix and date suffix. */
        NORMALISED("normalised id"),
        /** A glob pattern. */
        PATTERN("pattern");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line for people: {@code gpt-5.4 (alias)}. */
    public String describe() {
        return rule.model() + (rule.provider().isEmpty() ? "" : " @" + rule.provider()) + " (" + kind.label() + ")";
    }
}
