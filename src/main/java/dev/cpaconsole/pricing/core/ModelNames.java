package dev.cpaconsole.pricing.core;

import java.util.Locale;
import java.util.regex.Pattern;

/** How model ids are compared: without case, with provider prefixes and date suffixes removable. */
public final class ModelNames {
    /** {@code -20250929}, {@code -2025-09-29} or {@code @20250929} at the end of an id. */
    private static final Pattern DATE_SUFFIX = Pattern.compile("[-@](\\d{8}|\\d{4}-\\d{2}-\\d{2})$");

    private ModelNames() {
    }

    /** The form ids are compared in. */
    public static String fold(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The id without a provider prefix ({@code openai/gpt-5}, {@code models/gemini-2.5-pro}) and
     * without a date suffix ({@code claude-sonnet-4-5-20250929}), folded.
     */
    public static String normalise(String id) {
        String folded = fold(id);
        int slash = folded.lastIndexOf('/');
        String bare = slash >= 0 ? folded.substring(slash + 1) : folded;
        String undated = DATE_SUFFIX.matcher(bare).replaceFirst("");
        return undated.isEmpty() ? bare : undated;
    }

    /** Whether {@code model} holds a glob wildcard. */
    public static boolean isPattern(String model) {
        return model.indexOf('*') >= 0 || model.indexOf('?') >= 0;
    }

    /** {@code pattern} as a regular expression over folded ids: {@code *} any run, {@code ?} one character. */
    static Pattern compileGlob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : fold(pattern).toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** How specific a pattern is: the characters it fixes. A longer literal part wins. */
    static int specificity(String pattern) {
        int fixed = 0;
        for (char c : pattern.toCharArray()) {
            if (c != '*') {
                fixed++;
            }
        }
        return fixed;
    }
}
