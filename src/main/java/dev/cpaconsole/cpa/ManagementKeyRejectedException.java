package dev.cpaconsole.cpa;

/**
 * CPA refused the management key (HTTP 401/403 or a RESP {@code AUTH} error). Once thrown, the
 * client refuses every further call without touching the network until the key is replaced:
 * each refused attempt counts towards CPA's five-failure IP ban.
 */
public final class ManagementKeyRejectedException extends CpaException {
    private static final long serialVersionUID = 1L;

    /** The fact, without advice on what to do about it. */
    public static final String REFUSED = "CPA refused the management key";
    /** What the operator of the desktop console reads, whatever CPA said. */
    public static final String MESSAGE = REFUSED + " – check it in Settings";

    public ManagementKeyRejectedException(int status, String cpaError) {
        super(withCpaText(MESSAGE, cpaError), status, cpaError, null);
    }

    /**
     * The message with other advice than Settings, for a console without a window; CPA's text
     * is kept.
     */
    public String messageAdvising(String advice) {
        return withCpaText(REFUSED + " – " + advice, cpaError());
    }
}
