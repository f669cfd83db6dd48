package dev.cpaconsole.usage.core;

/** A file could not be imported: it cannot be read, or it is not a usage file. The message names the file. */
public final class UsageImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageImportException(String message) {
        super(message);
    }

    public UsageImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
