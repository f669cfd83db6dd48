package dev.cpaconsole.usage.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way the console turns a client API key into something it may keep: a hash to match
 * events against registered keys, and a masked form to show. The plain key is never stored or
 * logged.
 */
public final class ClientKeys {
    private static final String ELLIPSIS = "…";

    private ClientKeys() {
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes; every feature matches keys to events through it. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A display form that never reveals the key: {@code sk-t…0001} for keys of 16 characters or
     * more, two characters at each end from 10, one from 6, only {@code …} below that, and "" for "".
     */
    public static String mask(String key) {
        if (key.isEmpty()) {
            return "";
        }
        int[] codePoints = key.codePoints().toArray();
        int length = codePoints.length;
        int shown;
        if (length >= 16) {
            shown = 4;
        } else if (length >= 10) {
            shown = 2;
        } else if (length >= 6) {
            shown = 1;
        } else {
            shown = 0;
        }
        return new String(codePoints, 0, shown) + ELLIPSIS + new String(codePoints, length - shown, shown);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
