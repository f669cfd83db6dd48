package dev.cpaconsole.cpa;

/** CPA could not be reached, timed out, or failed with a server error (5xx); worth retrying later. */
public final class CpaUnavailableException extends CpaException {
    private static final long serialVersionUID = 1L;

    public CpaUnavailableException(String message, int status, String cpaError, Throwable cause) {
        super(withCpaText(message, cpaError), status, cpaError, cause);
    }
}
