package dev.cpaconsole.cpa;

/** CPA rejected a request as invalid (a 4xx other than 401, 403 and 404). */
public final class CpaRequestRejectedException extends CpaException {
    private static final long serialVersionUID = 1L;

    public CpaRequestRejectedException(String route, int status, String cpaError) {
        super(withCpaText("CPA rejected " + route + " with status " + status, cpaError), status, cpaError, null);
    }
}
