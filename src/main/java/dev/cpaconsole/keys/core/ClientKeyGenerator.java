package dev.cpaconsole.keys.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes new client keys for CPA's {@code api-keys} list, and tells when a key an operator typed
 * or pasted must not be used as one.
 *
 * <p>Instances are safe to share between threads.
 */
public final class ClientKeyGenerator {
    /** What every generated key starts with, as OpenAI-style clients expect. */
    public static final String PREFIX = "sk-";
    /** The shortest key {@link #refusal} accepts, in characters. */
    public static final int MIN_LENGTH = 20;

    private static final int RANDOM_BYTES = 32;
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final List<String> MASK_MARKS = List.of("…", "...", "***", "•");
    // CPA's config.example.yaml lists your-api-key-1, -2 and -3; operators who copy the example
    // sometimes keep them, and anyone who has read the example can use them.
    private static final Pattern SAMPLE_KEY = Pattern.compile("your-api-key-\\d+", Pattern.CASE_INSENSITIVE);
    private static final Pattern X_PLACEHOLDER = Pattern.compile("(sk-)?x+([-_]x+)*", Pattern.CASE_INSENSITIVE);

    private final SecureRandom random = new SecureRandom();

    /**
     * A fresh key: {@code sk-} followed by 43 URL-safe base64 characters encoding 256 random bits.
     */
    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + URL_SAFE.encodeToString(bytes);
    }

    /** Whether {@code value} is one of the sample keys of CPA's example configuration. */
    public static boolean isPublishedExample(String value) {
        return value != null && SAMPLE_KEY.matcher(value.strip()).matches();
    }

    /**
     * Why {@code candidate} must not be used as a client key, in a few words for the operator, or
     * empty when it may be used. Refused: a blank key; one with spaces at its start or end; one of
     * the sample keys from CPA's example configuration ({@code your-api-key-1} and the like); a
     * placeholder made of x's such as {@code sk-xxxxxxxx}; a key that looks masked (it contains
     * {@code …}, {@code ...}, {@code ***} or {@code •}); and a key shorter than
     * {@value #MIN_LENGTH} characters.
     */
    public static Optional<String> refusal(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Optional.of("The key is empty");
        }
        if (!candidate.strip().equals(candidate)) {
            return Optional.of("The key starts or ends with a space");
        }
        if (SAMPLE_KEY.matcher(candidate).matches()) {
            return Optional.of("This is a sample key from CPA's example configuration");
        }
        if (X_PLACEHOLDER.matcher(candidate).matches()) {
            return Optional.of("This is a placeholder, not a key");
        }
        if (MASK_MARKS.stream().anyMatch(candidate::contains)) {
            return Optional.of("The key looks masked; paste the whole key");
        }
        if (candidate.codePointCount(0, candidate.length()) < MIN_LENGTH) {
            return Optional.of(String.format(Locale.ROOT, "The key is shorter than %d characters", MIN_LENGTH));
        }
        return Optional.empty();
    }
}
