package dev.cpaconsole.users.core;

/** A user action that cannot be done as asked; the message says why, in words for the operator. */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
