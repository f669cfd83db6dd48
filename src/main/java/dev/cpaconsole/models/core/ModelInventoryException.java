package dev.cpaconsole.models.core;

/**
 * A refresh produced no inventory: neither CPA's proxy list nor its auth files could be read. The
 * message says why in words for the operator.
 */
public final class ModelInventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelInventoryException(String message) {
        super(message);
    }
}
