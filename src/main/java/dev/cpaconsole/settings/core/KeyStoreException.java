package dev.cpaconsole.settings.core;

/** A key (the management key, or the client key) could not be read or written. */
public final class KeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyStoreException(String message) {
        super(message);
    }

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
