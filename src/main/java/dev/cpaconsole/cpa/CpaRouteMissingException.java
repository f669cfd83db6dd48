package dev.cpaconsole.cpa;

/** CPA answered 404 on a management route: this build does not have it (or management is off). */
public final class CpaRouteMissingException extends CpaException {
    private static final long serialVersionUID = 1L;

    public CpaRouteMissingException(String route, String cpaError) {
        super(withCpaText("CPA does not offer " + route, cpaError), 404, cpaError, null);
    }
}
