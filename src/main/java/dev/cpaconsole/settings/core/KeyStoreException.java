package dev.cpaconsole.settings.core;

/** The management key could not be read or written. */
public final class KeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyStoreException(String message) {
        super(message);
    }

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
