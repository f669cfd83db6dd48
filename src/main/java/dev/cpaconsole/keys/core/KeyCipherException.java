package dev.cpaconsole.keys.core;

/**
 * A stored client key could not be decrypted, because it was changed, moved to another row, or
 * sealed with another key encryption secret; or the secret itself could not be read.
 */
public final class KeyCipherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyCipherException(String message) {
        super(message);
    }

    public KeyCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
