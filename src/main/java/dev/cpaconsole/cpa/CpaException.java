package dev.cpaconsole.cpa;

/**
 * A call to CPA did not succeed. {@link #cpaError()} holds the text of CPA's
 * {@code {"error": ...}} body when there was one, so the operator sees CPA's own words.
 */
public abstract sealed class CpaException extends RuntimeException
        permits ManagementKeyRejectedException, CpaUnavailableException, CpaRouteMissingException,
        CpaRequestRejectedException, ClientKeyRejectedException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String cpaError;

    protected CpaException(String message, int status, String cpaError, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.cpaError = cpaError;
    }

    /** The HTTP status CPA answered with, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** CPA's error text, or null when CPA sent none. */
    public String cpaError() {
        return cpaError;
    }

    static String withCpaText(String message, String cpaError) {
        return cpaError == null || cpaError.isBlank() ? message : message + " (CPA: " + cpaError + ")";
    }
}
