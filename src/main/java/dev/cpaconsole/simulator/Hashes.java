package dev.cpaconsole.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the forms CPA prints. */
final class Hashes {
    private Hashes() {
    }

    /** The 16-hex {@code auth_index}: the first 8 bytes of SHA-256 over the seed. */
    static String authIndex(String seed) {
        return HexFormat.of().formatHex(digest(seed), 0, 8);
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
