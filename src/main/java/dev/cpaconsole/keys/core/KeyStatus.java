package dev.cpaconsole.keys.core;

/**
 * The state of a managed key, derived from its rules. A key is in CPA exactly while it is
 * {@link #ACTIVE}.
 */
public enum KeyStatus {
    ACTIVE("active"),
    EXPIRED("expired"),
    OVER_BUDGET("over_budget"),
    OVER_QUOTA("over_quota"),
    /** Suspended by an admin, or its owner is disabled. */
    SUSPENDED("suspended"),
    /** Revoked for good; its value is gone from the console. */
    REVOKED("revoked"),
    /** Deleted; the row is a tombstone that keeps history attributed. */
    DELETED("deleted");

    private final String code;

    KeyStatus(String code) {
        this.code = code;
    }

    /** The stored and printed form, e.g. {@code over_budget}. */
    public String code() {
        return code;
    }

    public static KeyStatus of(String code) {
        for (KeyStatus status : values()) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown key status: " + code);
    }

    /** Whether a rule can clear by itself (a new period, or an admin raising a limit). */
    public boolean terminal() {
        return this == REVOKED || this == DELETED;
    }
}
