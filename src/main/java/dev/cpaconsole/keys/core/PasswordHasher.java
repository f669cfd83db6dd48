package dev.cpaconsole.keys.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes the passwords users sign in with on the LAN page, with Argon2id (RFC 9106, version 1.3)
 * at OWASP's recommended cost: 19,456 KiB of memory, 2 passes, 1 lane, a 16-byte random salt and
 * a 32-byte hash. The result is the PHC string every Argon2 library reads, e.g.
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} with unpadded standard base64.
 *
 * <p>A password is hashed as the UTF-8 bytes of exactly the characters typed, without Unicode
 * normalisation: "é" typed as one character and "é" typed as "e" plus a combining accent are
 * different passwords. Neither method clears the caller's array; that is the caller's to do.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class PasswordHasher {
    /** Memory cost in KiB written into new hashes. */
    public static final int MEMORY_KIB = 19_456;
    /** Number of passes over the memory written into new hashes. */
    public static final int ITERATIONS = 2;
    /** Number of lanes written into new hashes. */
    public static final int PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;

    // Bounds on what verify accepts from a stored string, so that a damaged or hostile row can
    // neither exhaust the heap nor keep a sign-in busy for minutes.
    private static final int MAX_MEMORY_KIB = 262_144;
    private static final int MAX_ITERATIONS = 32;
    private static final int MAX_PARALLELISM = 16;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_SALT_OR_HASH_BYTES = 64;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=([1-9][0-9]{0,8}),t=([1-9][0-9]{0,8}),p=([1-9][0-9]{0,8})"
                    + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Cost cost;
    private final SecureRandom random;

    /** A hasher at the recommended cost. */
    public PasswordHasher() {
        this(MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    /** A hasher at another cost; tests use it to produce hashes weaker or stronger than the default. */
    PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.cost = new Cost(memoryKiB, iterations, parallelism);
        if (!cost.withinBounds()) {
            throw new IllegalArgumentException("unsupported Argon2 cost " + cost);
        }
        this.random = new SecureRandom();
    }

    /**
     * The PHC string of {@code password} with a fresh random salt, so two calls for one password
     * give different strings.
     *
     * @throws IllegalArgumentException when the password is null, empty, or not valid Unicode
     *                                  (a lone surrogate)
     */
    public String hash(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] bytes = null;
        byte[] hash = null;
        try {
            bytes = utf8(password);
            hash = argon2id(bytes, salt, cost, HASH_BYTES);
            return "$argon2id$v=" + VERSION + "$m=" + cost.memoryKiB() + ",t=" + cost.iterations()
                    + ",p=" + cost.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode text", e);
        } finally {
            wipe(bytes);
            wipe(hash);
        }
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from, compared in constant
     * time. Reads Argon2id version 1.3 strings of any reasonable cost, including other libraries'.
     * Returns false, and never throws, for an empty password or an {@code encoded} string that is
     * null, malformed, or beyond the cost this class will compute.
     */
    public boolean verify(char[] password, String encoded) {
        if (password == null || password.length == 0) {
            return false;
        }
        Optional<PhcString> parsed = PhcString.parse(encoded);
        if (parsed.isEmpty()) {
            return false;
        }
        PhcString stored = parsed.get();
        byte[] bytes = null;
        byte[] actual = null;
        try {
            bytes = utf8(password);
            actual = argon2id(bytes, stored.salt(), stored.cost(), stored.hash().length);
            return MessageDigest.isEqual(actual, stored.hash());
        } catch (CharacterCodingException | RuntimeException e) {
            return false;
        } finally {
            wipe(bytes);
            wipe(actual);
        }
    }

    /**
     * Whether {@code encoded} should be replaced by a fresh {@link #hash} once its password has
     * been verified: its memory or pass count is below this hasher's, or its salt or hash is
     * shorter than this class writes. Parallelism is not compared, since more lanes only let the
     * same work run on more cores. Also true for a string this class cannot read at all.
     */
    public boolean needsRehash(String encoded) {
        Optional<PhcString> parsed = PhcString.parse(encoded);
        if (parsed.isEmpty()) {
            return true;
        }
        PhcString stored = parsed.get();
        return stored.cost().memoryKiB() < cost.memoryKiB()
                || stored.cost().iterations() < cost.iterations()
                || stored.salt().length < SALT_BYTES
                || stored.hash().length < HASH_BYTES;
    }

    private static byte[] argon2id(byte[] password, byte[] salt, Cost cost, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    /** Strict UTF-8: a lone surrogate is an error rather than a silent replacement character. */
    private static byte[] utf8(char[] password) throws CharacterCodingException {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded = encoder.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private record Cost(int memoryKiB, int iterations, int parallelism) {
        /** Argon2 needs at least 8 KiB per lane; the upper bounds keep one verification affordable. */
        boolean withinBounds() {
            return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                    && iterations >= 1 && iterations <= MAX_ITERATIONS
                    && memoryKiB >= 8 * parallelism && memoryKiB <= MAX_MEMORY_KIB;
        }
    }

    private record PhcString(Cost cost, byte[] salt, byte[] hash) {
        static Optional<PhcString> parse(String encoded) {
            if (encoded == null) {
                return Optional.empty();
            }
            Matcher matcher = PHC.matcher(encoded);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            try {
                Cost cost = new Cost(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)));
                byte[] salt = B64_DECODER.decode(matcher.group(4));
                byte[] hash = B64_DECODER.decode(matcher.group(5));
                if (!cost.withinBounds()
                        || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_OR_HASH_BYTES
                        || hash.length < MIN_HASH_BYTES || hash.length > MAX_SALT_OR_HASH_BYTES) {
                    return Optional.empty();
                }
                return Optional.of(new PhcString(cost, salt, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
