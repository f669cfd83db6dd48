package dev.cpaconsole.keys.core;

/** A key action that cannot be done as asked; the message says why, in words for the operator. */
public class KeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
