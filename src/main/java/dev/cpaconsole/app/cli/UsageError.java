package dev.cpaconsole.app.cli;

/** A bad option value; its message is the one line the user sees, and the command exits with 2. */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
