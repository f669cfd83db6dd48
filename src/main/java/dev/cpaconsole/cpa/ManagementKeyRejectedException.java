package dev.cpaconsole.cpa;

/**
 * CPA refused the management key (HTTP 401/403 or a RESP {@code AUTH} error). Once thrown, the
 * client refuses every further call without touching the network until the key is replaced:
 * each refused attempt counts towards CPA's five-failure IP ban.
 */
public final class ManagementKeyRejectedException extends CpaException {
    private static final long serialVersionUID = 1L;

    /** What the operator reads, whatever CPA said. */
    public static final String MESSAGE = "CPA refused the management key – check it in Settings";

    public ManagementKeyRejectedException(int status, String cpaError) {
        super(withCpaText(MESSAGE, cpaError), status, cpaError, null);
    }
}
