package dev.cpaconsole.cpa;

/**
 * CPA's proxy API refused the client key (401 {@code Missing API key} or {@code Invalid API key}).
 * This says nothing about the management key: the proxy API checks client keys only, and a
 * refused client key does not count towards CPA's management login ban.
 */
public final class ClientKeyRejectedException extends CpaException {
    private static final long serialVersionUID = 1L;

    public ClientKeyRejectedException(String route, int status, String cpaError) {
        super(withCpaText("CPA refused the client key on " + route, cpaError), status, cpaError, null);
    }
}
