package dev.cpaconsole.settings.core;

/**
 * The console cannot talk to CPA yet: no usable address or no management key is saved. The
 * message says what to enter in Settings.
 */
public final class CpaNotConfiguredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CpaNotConfiguredException(String message) {
        super(message);
    }
}
