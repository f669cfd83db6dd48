package dev.cpaconsole.keys.core;

/**
 * Removing this key would leave CPA without client keys, and CPA then accepts every request on
 * its proxy API without a key. The action is done only when the caller confirms it.
 */
public final class LastKeyException extends KeyException {
    private static final long serialVersionUID = 1L;

    public LastKeyException() {
        super("This is the last client key in CPA: without one, CPA accepts every request without a key. "
                + "Confirm to remove it anyway");
    }
}
